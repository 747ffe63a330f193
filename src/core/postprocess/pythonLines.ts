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
  return scan(text, state, () => undefined);
}

/** Splits `text` into lines and marks which start a logical line, starting from `state`. */
export function scanLines(text: string, state: ScanState = START): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let logical = isLogicalStart(state);
  const end = scan(text, state, (nl, nextLogical) => {
    lines.push({ start, end: nl, logical });
    start = nl + 1;
    logical = nextLogical;
  });
  lines.push({ start, end: text.length, logical });
  void end;
  return lines;
}

/**
 * The scanner: one pass, mutable locals (it runs over every sample). `onNewline(offset, logical)` is
 * called at each `\n` with whether the next line starts a logical line.
 */
function scan(text: string, state: ScanState, onNewline: (offset: number, logical: boolean) => void): ScanState {
  let quote = state.quote;
  let depth = state.depth;
  let continued = state.continued;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      // A one-quote string cannot span lines without a backslash; an unterminated one ends here.
      if (quote !== undefined && quote.length === 1 && !continued) {
        quote = undefined;
      }
      onNewline(i, quote === undefined && depth === 0 && !continued);
      continued = false;
      i++;
    } else if (quote !== undefined) {
      if (c === '\\') {
        // An escaped newline is left for the newline branch (it keeps a one-quote string open).
        continued = text[i + 1] === '\n';
        i += continued ? 1 : 2;
      } else if (c === quote[0] && text.startsWith(quote, i)) {
        i += quote.length;
        quote = undefined;
        continued = false;
      } else {
        continued = false;
        i++;
      }
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      continued = false;
      i = nl < 0 ? n : nl;
    } else if (c === '"' || c === "'") {
      quote = text.startsWith(c + c + c, i) ? c + c + c : c;
      continued = false;
      i += quote.length;
    } else {
      if (c === '\\' && text[i + 1] === '\n') {
        continued = true;
      } else if (c === '(' || c === '[' || c === '{') {
        depth++;
      } else if (c === ')' || c === ']' || c === '}') {
        depth = Math.max(0, depth - 1);
      }
      if (c !== '\\' && c !== ' ' && c !== '\t' && c !== '\r') {
        continued = false;
      }
      i++;
    }
  }
  return { quote, depth, continued };
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
