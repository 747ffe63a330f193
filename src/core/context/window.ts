/**
 * The fast path for big files: parse only the top-level statement around the cursor (tree-sitter's
 * included ranges keep offsets absolute), so a keystroke inside a function costs in proportion to
 * that statement, not to the file. The caller falls back to the whole-document tree when the window
 * does not settle the question.
 */
import type { Tree } from 'web-tree-sitter';
import { parserIfReady } from '../python/parser';
import { advance, pointAt } from '../python/textEdit';
import { topLevelStartBefore } from './recover';

/** A column-0 line that starts a new top-level statement (a letter, `_`, `@`, or a non-ASCII letter). */
const TOP_LEVEL_LINE = /\n[\p{L}_@]/gu;

/** `[start, end)` of the top-level def/class statement around the cursor, or undefined. */
export function topLevelWindow(text: string, offset: number): [number, number] | undefined {
  const start = topLevelStartBefore(text, offset);
  if (start === undefined) {
    return undefined;
  }
  TOP_LEVEL_LINE.lastIndex = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const next = TOP_LEVEL_LINE.exec(text);
  const end = next ? next.index + 1 : text.length;
  const window = text.slice(start, end);
  // A column-0 line inside a multi-line string would end the window too early: let the full parse decide.
  if (count(window, '"""') % 2 || count(window, "'''") % 2) {
    return undefined;
  }
  return [start, end];
}

function count(s: string, needle: string): number {
  let n = 0;
  for (let i = s.indexOf(needle); i !== -1; i = s.indexOf(needle, i + needle.length)) {
    n++;
  }
  return n;
}

/** Parses only `[start, end)` of `text`; node offsets stay those of `text`. The caller deletes the tree. */
export function parseWindow(text: string, [start, end]: [number, number]): Tree {
  const startPosition = pointAt(text, start);
  const endPosition = advance(startPosition, text, start, end);
  const tree = parserIfReady().parse(text, null, {
    includedRanges: [{ startIndex: start, endIndex: end, startPosition, endPosition }],
  });
  if (!tree) {
    throw new Error('tree-sitter returned no tree');
  }
  return tree;
}
