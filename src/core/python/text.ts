/** Small helpers over lines and indentation (offsets are UTF-16 code units). */

/** Offset where the line containing `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break (or end of text) ending the line containing `offset`. */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/** The spaces and tabs that start `line`. */
export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Indentation width as Python's tokenizer counts it (a tab advances to the next multiple of 8). */
export function indentWidth(ws: string): number {
  let col = 0;
  for (const ch of ws) {
    col = ch === '\t' ? col + 8 - (col % 8) : col + 1;
  }
  return col;
}

/** `'\r\n'` when the first line break is CRLF, else `'\n'`. */
export function detectEol(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** True when `s` holds only spaces, tabs and line breaks. */
export function isBlank(s: string): boolean {
  return /^[ \t\r\n\f]*$/.test(s);
}

/** How many lines of a file are inspected to guess its indentation unit. */
const INDENT_SAMPLE_LINES = 400;
const INDENT_SAMPLE_CHARS = 40_000;

/**
 * The file's indentation unit: a tab when the first indented block uses tabs, otherwise the
 * smallest step between a `:` line and the indented line after it (4 spaces when nothing is indented).
 */
export function detectIndentUnit(text: string): string {
  const lines = text.slice(0, INDENT_SAMPLE_CHARS).split('\n', INDENT_SAMPLE_LINES);
  let best = 0;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!.trimEnd();
    const line = lines[i]!;
    if (!prev.endsWith(':') || !line.trim()) {
      continue;
    }
    const step = leadingWhitespace(line).slice(leadingWhitespace(prev).length);
    if (step.startsWith('\t')) {
      return '\t';
    }
    if (step.length > 0 && (best === 0 || step.length < best)) {
      best = step.length;
    }
  }
  return ' '.repeat(best || 4);
}
