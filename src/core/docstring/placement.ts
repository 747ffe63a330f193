/**
 * Where and how a docstring goes into the document: right after the header, with the body's
 * indentation and the document's line endings, as one replacement, the cursor after the docstring.
 */
import type { DocTarget } from './types';

/** One replacement in the original text, and where the cursor goes in the edited text. */
export interface DocstringEdit {
  /** Offsets in the original text of the range to replace (equal for an insertion). */
  start: number;
  end: number;
  newText: string;
  /** Offset in the edited text just after the docstring's closing quotes. */
  cursorOffset: number;
}

/**
 * Turns a docstring's content (no quotes, no indentation) into a string literal indented for a
 * body at `indent`: a one-liner stays on one line, a longer one closes on its own line (PEP 257).
 * Backslashes make it a raw string so examples like `'a\\nb'` mean the same in the doctest.
 */
export function formatDocstring(content: string, indent: string, eol: string): string {
  const lines = trimBlankEdges(content.split(/\r?\n/).map((l) => l.trimEnd()));
  const body = lines.join('\n');
  const quote = body.includes('"""') && !body.includes("'''") ? "'''" : '"""';
  const safe = quote === '"""' ? body.replace(/"""/g, '""\\"') : body;
  const prefix = safe.includes('\\') && !safe.includes('""\\"') ? 'r' : '';
  const [first = '', ...rest] = safe.split('\n');
  if (rest.length === 0 && !first.endsWith(quote[0] ?? '"')) {
    return `${prefix}${quote}${first}${quote}`;
  }
  const tail = rest.map((l) => (l === '' ? '' : indent + l));
  return [`${prefix}${quote}${first}`, ...tail, `${indent}${quote}`].join(eol);
}

/** The edit that gives `target` the docstring `content`, replacing the one it has. */
export function docstringEdit(text: string, target: DocTarget, content: string, eol: string): DocstringEdit {
  const literal = formatDocstring(content, target.bodyIndent, eol);
  if (target.docstring) {
    const { startOffset: start, endOffset: end } = target.docstring;
    return { start, end, newText: literal, cursorOffset: start + literal.length };
  }
  const header = target.headerEndOffset;
  const lineEnd = lineEndOffset(text, header);
  const restOfLine = text.slice(header, lineEnd);
  if (restOfLine.trim() === '' || restOfLine.trimStart().startsWith('#')) {
    // The body starts on the next line: the docstring becomes its first line (a header comment stays put).
    const newText = eol + target.bodyIndent + literal;
    return { start: lineEnd, end: lineEnd, newText, cursorOffset: lineEnd + newText.length };
  }
  // `def f(x): return x` — the body moves to its own line below the docstring.
  const bodyStart = header + (restOfLine.length - restOfLine.trimStart().length);
  const before = eol + target.bodyIndent + literal;
  return {
    start: header,
    end: bodyStart,
    newText: before + eol + target.bodyIndent,
    cursorOffset: header + before.length,
  };
}

/** Applies an edit to a text (for tests, the CLI and previews). */
export function applyEdit(text: string, edit: DocstringEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** Applies several non-overlapping edits at once (offsets all refer to the original text). */
export function applyEdits(text: string, edits: DocstringEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce(applyEdit, text);
}

function lineEndOffset(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  if (nl === -1) {
    return text.length;
  }
  return nl > from && text[nl - 1] === '\r' ? nl - 1 : nl;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') {
    start++;
  }
  while (end > start && lines[end - 1] === '') {
    end--;
  }
  return lines.slice(start, end);
}
