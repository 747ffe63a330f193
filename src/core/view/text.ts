/**
 * Text helpers for showing untrusted model output: reveal characters a reader cannot see,
 * shorten long values, escape what goes into the panel's HTML shell.
 */

/**
 * Bidirectional controls (Trojan Source, CVE-2021-42574), zero-width characters, and C0/C1 controls other
 * than tab, newline and carriage return: code that looks the same can mean something else.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** How a revealed character reads: `⟪U+202E⟫` (the webview's highlighter finds it with this pattern's source). */
export const HIDDEN_MARKER_SOURCE = '⟪U\\+[0-9A-F]{4,6}⟫';

/** The result of {@link revealInvisibles}. */
export interface Revealed {
  /** The text with each hidden character replaced by `⟪U+XXXX⟫`. */
  text: string;
  /** The distinct code points replaced, in order of first appearance, e.g. `U+202E`. */
  found: string[];
}

/** Replaces invisible and bidirectional control characters with a visible `⟪U+XXXX⟫` marker. */
export function revealInvisibles(text: string): Revealed {
  const found: string[] = [];
  const revealed = text.replace(HIDDEN, (ch) => {
    const name = codePointName(ch);
    if (!found.includes(name)) {
      found.push(name);
    }
    return `⟪${name}⟫`;
  });
  return { text: revealed, found };
}

function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Shortens `text` to at most `maxChars` UTF-16 units plus a `… (N more characters)` note,
 * never splitting a surrogate pair.
 */
export function truncateForDisplay(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  let cut = Math.max(0, maxChars);
  const last = text.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) {
    cut -= 1;
  }
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * A sample as it reads once inserted: its first line continues the cursor's line, which already holds
 * `cursorIndent`, so its later lines carry that indentation too. Showing them without it keeps the
 * panel's code block aligned. Text that does not follow the pattern is shown as it is.
 */
export function dedentFromCursor(text: string, cursorIndent: string): string {
  if (cursorIndent === '' || !/^[ \t]+$/.test(cursorIndent)) {
    return text;
  }
  const [first = '', ...rest] = text.split('\n');
  if (!rest.every((line) => line.trim() === '' || line.startsWith(cursorIndent))) {
    return text;
  }
  return [first, ...rest.map((line) => (line.startsWith(cursorIndent) ? line.slice(cursorIndent.length) : line))].join('\n');
}

/** The whitespace between the start of the cursor's line and the cursor, or '' when the line has code. */
export function cursorIndentOf(prefix: string): string {
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  return /^[ \t]*$/.test(line) ? line : '';
}
