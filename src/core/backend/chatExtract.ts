/**
 * Takes the function body out of a chat model's reply: the first fenced code block (or the whole reply),
 * minus a repeated `def` line (with its decorators, imports before it, and its docstring).
 * A leading `def` counts as repeated when it is unindented or names a function the prompt defines; an
 * indented helper the body starts with stays. Returns a range of the reply so the log-probs can be cut
 * to the same part.
 */

/** `[start, end)` of the reply that holds the code to keep. */
export interface CodeRange {
  start: number;
  end: number;
}

/** Where the code is in a chat reply. */
export function extractCodeRange(reply: string, promptDefs: ReadonlySet<string> = new Set()): CodeRange {
  const block = fencedBlock(reply) ?? { start: skipBlankLines(reply, 0), end: reply.length };
  return { start: afterRepeatedSignature(reply, block.start, block.end, promptDefs), end: block.end };
}

/** The code text of a chat reply. */
export function extractCode(reply: string, promptDefs?: ReadonlySet<string>): string {
  const r = extractCodeRange(reply, promptDefs);
  return reply.slice(r.start, r.end);
}

/** Names of the functions a prompt's text defines (`def name(`). */
export function definedNames(texts: string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\bdef\s+(\w+)\s*\(/g)) {
      names.add(m[1] ?? '');
    }
  }
  return names;
}

const FENCE_OPEN = /^[ \t]*(```|~~~)[^\n`]*\n/m;

function fencedBlock(reply: string): CodeRange | undefined {
  const open = FENCE_OPEN.exec(reply);
  if (!open || open[1] === undefined) {
    return undefined;
  }
  const start = open.index + open[0].length;
  const close = new RegExp(`^[ \\t]*${open[1]}[ \\t]*$`, 'm').exec(reply.slice(start));
  // An unclosed fence (reply cut by max_tokens) runs to the end.
  return { start, end: close ? start + close.index : reply.length };
}

/** Offset of the body when the code starts with a `def` (maybe after decorators/imports); else `start`. */
function afterRepeatedSignature(text: string, start: number, end: number, promptDefs: ReadonlySet<string>): number {
  let pos = skipBlankLines(text, start);
  while (pos < end && /^[ \t]*(@|import\s|from\s+\S+\s+import\s)/.test(text.slice(pos, lineEnd(text, pos)))) {
    pos = skipBlankLines(text, nextLine(text, pos));
  }
  const def = /^([ \t]*)(async[ \t]+)?def[ \t]+(\w+)/.exec(text.slice(pos, end));
  if (!def || (def[1] !== '' && !promptDefs.has(def[3] ?? ''))) {
    return start;
  }
  const bodyLine = afterSignature(text, pos, end);
  if (bodyLine === undefined) {
    return start;
  }
  return afterDocstring(text, skipBlankLines(text, bodyLine), end);
}

/** Start of the line after the signature's closing colon (brackets balanced), or undefined. */
function afterSignature(text: string, pos: number, end: number): number | undefined {
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    } else if (c === ':' && depth === 0 && /^[ \t]*(#.*)?(\r?\n|$)/.test(text.slice(i + 1, lineEnd(text, i) + 1))) {
      return nextLine(text, i);
    }
  }
  return undefined;
}

function afterDocstring(text: string, pos: number, end: number): number {
  const m = /^[ \t]*[rRuU]?("""|''')/.exec(text.slice(pos, end));
  if (!m?.[1]) {
    return pos;
  }
  const close = text.indexOf(m[1], pos + m[0].length);
  if (close < 0 || close >= end) {
    return pos;
  }
  return nextLine(text, close);
}

function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl;
}

function nextLine(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function skipBlankLines(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && /^[ \t]*\r?$/.test(text.slice(p, lineEnd(text, p))) && lineEnd(text, p) < text.length) {
    p = nextLine(text, p);
  }
  return p;
}
