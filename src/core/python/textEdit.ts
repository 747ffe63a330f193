/**
 * The single edit that turns one text into another, as tree-sitter wants it for an incremental
 * re-parse: the common prefix and suffix are kept, the middle is replaced.
 */
import { Edit, type Point } from 'web-tree-sitter';

/** Computes the edit from `oldText` to `newText` (indices in UTF-16 code units, like tree-sitter's). */
export function textEdit(oldText: string, newText: string): Edit {
  const start = commonPrefixLength(oldText, newText);
  const maxSuffix = Math.min(oldText.length, newText.length) - start;
  const suffix = commonSuffixLength(oldText, newText, maxSuffix);
  const oldEnd = oldText.length - suffix;
  const newEnd = newText.length - suffix;
  const startPosition = pointAt(oldText, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: advance(startPosition, oldText, start, oldEnd),
    newEndPosition: advance(startPosition, newText, start, newEnd),
  });
}

/** Characters compared per step with `===` (a native memory compare) before going char by char. */
const CHUNK = 2048;

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) {
    i += CHUNK;
  }
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) {
    i++;
  }
  // Never split a surrogate pair: back up so the edit starts at a whole character.
  if (i > 0 && i < max && isHighSurrogate(a.charCodeAt(i - 1))) {
    i--;
  }
  return i;
}

function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) {
    n += CHUNK;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) {
    n++;
  }
  if (n > 0 && n < max && isLowSurrogate(a.charCodeAt(a.length - n))) {
    n--;
  }
  return n;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Row/column (column in UTF-16 units) of `index` in `text`. */
export function pointAt(text: string, index: number): Point {
  return advance({ row: 0, column: 0 }, text, 0, index);
}

/** The point of `end`, given that `start` (≤ end) is at `from`. */
export function advance(from: Point, text: string, start: number, end: number): Point {
  let row = from.row;
  let lineStart = start - from.column;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: end - lineStart };
}
