/**
 * Recovery for a function hidden by a syntax error above it (an unclosed bracket swallows the
 * definitions that follow): re-parse with everything before the function's top-level statement
 * blanked out. Blanking keeps every offset, line and column, so the result maps 1:1 onto the document.
 */
import type { Tree } from 'web-tree-sitter';
import { parseDetached, parserIfReady } from '../python/parser';

/** Column-0 lines that can start the top-level statement holding a function. */
const TOP_LEVEL_START = /^(?:async[ \t]+def|def|class|@)[\s\w(]/;

/**
 * Offset of the nearest column-0 `def`/`async def`/`class`/decorator line above the cursor (the first
 * of a run of decorators), or undefined.
 */
export function topLevelStartBefore(text: string, offset: number): number | undefined {
  let found: number | undefined;
  let end = text.lastIndexOf('\n', offset - 1);
  while (end >= 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (TOP_LEVEL_START.test(line)) {
      found = start;
      if (!line.startsWith('@') && !precededByDecorator(text, start)) {
        return found;
      }
    } else if (found !== undefined) {
      return found;
    }
    end = start - 1;
  }
  return found;
}

function precededByDecorator(text: string, lineStart: number): boolean {
  if (lineStart === 0) {
    return false;
  }
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return text.startsWith('@', prevStart);
}

/** Parses `text` with `[0, from)` blanked (line breaks kept); the caller deletes the tree. */
export function parseFrom(text: string, from: number): Tree {
  const blanked = text.slice(0, from).replace(/[^\r\n]/g, ' ') + text.slice(from);
  return parseDetached(parserIfReady(), blanked);
}
