/**
 * Where the function at the cursor ends, the way Python reads it: before the first non-blank line
 * (outside a string) indented at or left of the `def`. Tree-sitter's own end is wrong when a syntax
 * error in the body swallows the definitions that follow.
 */
import type { Node } from 'web-tree-sitter';
import { indentWidth, leadingWhitespace, lineEndAt } from '../python/text';

/** Offset just after the last non-blank line of the function containing the cursor's line. */
export function functionEnd(root: Node, text: string, defIndent: string, offset: number): number {
  const limit = indentWidth(defIndent);
  let lastContentEnd = lineEndAt(text, offset);
  for (let start = nextLineStart(text, offset); start < text.length; start = nextLineStart(text, start)) {
    const end = lineEndAt(text, start);
    const line = text.slice(start, end);
    const ws = leadingWhitespace(line);
    if (line.length === ws.length) {
      continue; // blank lines belong to whatever follows
    }
    if (indentWidth(ws) <= limit && !insideString(root, start + ws.length)) {
      break;
    }
    lastContentEnd = end;
  }
  return lastContentEnd;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function insideString(root: Node, index: number): boolean {
  for (let n: Node | null = root.descendantForIndex(index, index); n; n = n.parent) {
    if (n.type === 'string' && n.startIndex < index) {
      return true;
    }
  }
  return false;
}
