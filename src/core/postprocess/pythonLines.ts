/**
 * A tiny Python line scanner: which lines of a completion start a new logical line (not inside a string,
 * brackets or a backslash continuation). Block-end and stop-sequence cuts only look at those, so a
 * docstring or a wrapped call inside the body never ends it.
 */

/** Lexical state at a point in Python source. */
export interface ScanState {
  /** The open string's quote (`"""`, `'''`, `"`, `'`), if inside one. */
  quote?: string;
  /** Open bracket depth. */
  depth: number;
  /** A backslash just escaped the coming newline. */
  continued: boolean;
}

/** One line of the scanned text. */
export interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset of its `\n`, or the text's length. */
  end: number;
  /** True when the line starts a logical line (for line 0: when the scan began at one). */
  logical: boolean;
}

export const START: ScanState = { depth: 0, continued: false };

/** True when a new logical line may start in this state. */
export function isLogicalStart(s: ScanState): boolean {
  return s.quote === undefined && s.depth === 0 && !s.continued;
}

/** Scans `text` from `state` and returns the state at its end. */
export function scanState(text: string, state: ScanState = START): ScanState {
  let s = state;
  for (let i = 0; i < text.length; ) {
    const r = step(text, i, s);
    s = r.state;
    i = r.next;
  }
  return s;
}

/** Splits `text` into lines and marks which start a logical line, starting from `state`. */
export function scanLines(text: string, state: ScanState = START): Line[] {
  const lines: Line[] = [];
  let s = state;
  let start = 0;
  let logical = isLogicalStart(state);
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\n') {
      lines.push({ start, end: i, logical });
      const continued = s.continued;
      s = { ...atNewline(s), continued: false };
      start = i + 1;
      logical = isLogicalStart(s) && !continued;
      i++;
      continue;
    }
    const r = step(text, i, s);
    s = r.state;
    i = r.next;
  }
  lines.push({ start, end: text.length, logical });
  return lines;
}

/** The state after a newline (the caller decides what `continued` becomes). */
function atNewline(s: ScanState): ScanState {
  // A single-quoted string cannot span lines (without a backslash); an unterminated one ends here.
  const quote = s.quote && s.quote.length === 1 && !s.continued ? undefined : s.quote;
  return { quote, depth: s.depth, continued: s.continued };
}

function step(text: string, i: number, s: ScanState): { state: ScanState; next: number } {
  const c = text[i] as string;
  if (c === '\n') {
    return { state: { ...atNewline(s), continued: false }, next: i + 1 };
  }
  if (s.quote !== undefined) {
    if (c === '\\') {
      // An escaped newline is left for the newline handling (it keeps a one-quote string open).
      return text[i + 1] === '\n'
        ? { state: { ...s, continued: true }, next: i + 1 }
        : { state: { ...s, continued: false }, next: i + 2 };
    }
    if (text.startsWith(s.quote, i)) {
      return { state: { ...s, quote: undefined, continued: false }, next: i + s.quote.length };
    }
    return { state: { ...s, continued: false }, next: i + 1 };
  }
  if (c === '#') {
    const nl = text.indexOf('\n', i);
    return { state: { ...s, continued: false }, next: nl < 0 ? text.length : nl };
  }
  if (c === '"' || c === "'") {
    const triple = c.repeat(3);
    const quote = text.startsWith(triple, i) ? triple : c;
    return { state: { ...s, quote, continued: false }, next: i + quote.length };
  }
  if (c === '\\' && text[i + 1] === '\n') {
    return { state: { ...s, continued: true }, next: i + 1 };
  }
  const depth = '([{'.includes(c) ? s.depth + 1 : ')]}'.includes(c) ? Math.max(0, s.depth - 1) : s.depth;
  const continued = c === ' ' || c === '\t' || c === '\r' ? s.continued : false;
  return { state: { ...s, depth, continued }, next: i + 1 };
}

/** The leading whitespace of a line. */
export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Column width of indentation, tabs to the next multiple of 8 (as Python's tokenizer does). */
export function indentWidth(ws: string): number {
  let w = 0;
  for (const c of ws) {
    w = c === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
  }
  return w;
}
