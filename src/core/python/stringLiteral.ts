/**
 * Python string literals as docstrings: the opening quote (with prefix) and the value with its
 * common indentation removed, like `inspect.cleandoc`.
 */

/** `r"""`, `'''`, `"`, `'` … — the literal's prefix and opening quote. */
export function openingQuote(raw: string): string {
  const m = /^([rRuUbBfF]{0,2})("""|'''|"|')/.exec(raw);
  return m ? m[1]! + m[2]! : '';
}

/** The literal's content between its quotes (escape sequences are kept as written). */
export function stringBody(raw: string): string {
  const open = openingQuote(raw);
  const quote = open.replace(/^[rRuUbBfF]+/, '');
  let end = raw.length;
  if (raw.length >= open.length + quote.length && raw.endsWith(quote)) {
    end -= quote.length;
  }
  return raw.slice(open.length, end);
}

/** Like Python's `inspect.cleandoc`: strips the first line, dedents the rest, drops blank edges. */
export function cleandoc(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  const first = (lines[0] ?? '').trim();
  const rest = lines.slice(1);
  let margin = Infinity;
  for (const line of rest) {
    const content = line.trimStart();
    if (content) {
      margin = Math.min(margin, line.length - content.length);
    }
  }
  const dedented = rest.map((line) => (margin === Infinity ? line.trim() : line.slice(margin).trimEnd()));
  const all = [first, ...dedented];
  while (all.length && !all[0]) {
    all.shift();
  }
  while (all.length && !all[all.length - 1]) {
    all.pop();
  }
  return all.join('\n');
}
