/**
 * A small lexer for one line (or one expression) of Python source: it tells code from the inside of
 * string literals, so callers can look for `#`, commas or brackets without being fooled by quotes.
 * It knows no prefixes, no f-string nesting and nothing across lines — the callers only need that much.
 */

/** Options for {@link scanCode}. */
export interface CodeScanOptions {
  /** Where to start (default 0). */
  start?: number;
  /** Treat `"""` and `'''` as one quote that only the same triple closes (default: single characters). */
  tripleQuotes?: boolean;
}

/** Where a {@link scanCode} ended. */
export interface CodeScanEnd {
  /** The index at which the visitor asked to stop, or -1 when it never did. */
  stoppedAt: number;
  /** The quote of a string literal still open at the end of the text (only when the scan was not stopped). */
  openQuote: string | undefined;
}

/**
 * Calls `visit(c, i)` for each character of `text` outside string literals, in order; quotes themselves
 * are not visited, and a backslash inside a literal skips the next character. `visit` returns true to
 * stop the scan there.
 */
export function scanCode(text: string, visit: (c: string, i: number) => boolean | void, opts: CodeScanOptions = {}): CodeScanEnd {
  let quote: string | undefined;
  for (let i = opts.start ?? 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') {
        i++;
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = opts.tripleQuotes && text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    } else if (visit(c, i) === true) {
      return { stoppedAt: i, openQuote: undefined };
    }
  }
  return { stoppedAt: -1, openQuote: quote };
}

/** The line without a trailing `#` comment (a `#` inside a string literal stays). */
export function stripTrailingComment(line: string): string {
  const hash = scanCode(line, (c) => c === '#').stoppedAt;
  return hash < 0 ? line : line.slice(0, hash);
}
