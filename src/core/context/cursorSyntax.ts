/**
 * Is the cursor inside a string or a comment? Complete literals come from the tree; an unclosed
 * quote on the cursor's line (which tree-sitter turns into an ERROR) from a scan of that line.
 */
import type { Node } from 'web-tree-sitter';
import { scanCode } from '../python/codeScan';
import { lineStartAt } from '../python/text';

/** `'string'`, `'comment'` or undefined when the cursor is in code. */
export function literalAtCursor(root: Node, text: string, offset: number): 'string' | 'comment' | undefined {
  if (offset === 0) {
    return undefined;
  }
  const node = root.descendantForIndex(offset - 1, offset);
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'comment' && n.startIndex < offset && offset <= n.endIndex) {
      return 'comment';
    }
    if (n.type === 'string' && n.startIndex < offset && offset < n.endIndex && !n.hasError) {
      return 'string';
    }
  }
  if (insideOpenTripleQuote(root, text, offset)) {
    return 'string';
  }
  return scanLine(text.slice(scanStart(root, lineStartAt(text, offset)), offset));
}

/** The line start, or the end of a multi-line string that spans it (its closing line is code after). */
function scanStart(root: Node, lineStart: number): number {
  for (let n: Node | null = root.descendantForIndex(lineStart, lineStart); n; n = n.parent) {
    if (n.type === 'string' && n.startIndex < lineStart && lineStart < n.endIndex) {
      return n.endIndex;
    }
  }
  return lineStart;
}

/** Walks up from the last token before the cursor looking for a triple quote that is never closed. */
function insideOpenTripleQuote(root: Node, text: string, offset: number): boolean {
  let p = offset;
  while (p > 0 && /\s/.test(text[p - 1]!)) {
    p--;
  }
  for (let n = p > 0 ? root.descendantForIndex(p - 1, p) : null; n && n.type !== 'module'; n = n.parent) {
    if (hasUnclosedTripleQuote(n, text, offset)) {
      return true;
    }
  }
  return false;
}

/** The node, or an ERROR among its children before the cursor, opens a triple quote left open. */
function hasUnclosedTripleQuote(node: Node, text: string, offset: number): boolean {
  if (node.type === 'ERROR') {
    return unclosedTripleQuote(node, text, offset);
  }
  if (!node.hasError) {
    return false;
  }
  return node.children.some((c) => !!c && c.type === 'ERROR' && c.startIndex < offset && unclosedTripleQuote(c, text, offset));
}

/** An ERROR holding a `"""`/`'''` opening before the cursor that is never closed before it. */
function unclosedTripleQuote(error: Node, text: string, offset: number): boolean {
  for (const child of error.children) {
    if (!child || child.startIndex >= offset) {
      break;
    }
    if (child.type === 'string_start') {
      const quote = /("""|''')$/.exec(child.text)?.[1];
      if (quote && !text.slice(child.endIndex, offset).includes(quote)) {
        return true;
      }
    }
  }
  return false;
}

/** Lexes one line up to the cursor: an unclosed quote means string, a `#` in code means comment. */
function scanLine(line: string): 'string' | 'comment' | undefined {
  const end = scanCode(line, (c) => c === '#', { tripleQuotes: true });
  if (end.stoppedAt >= 0) {
    return 'comment';
  }
  return end.openQuote ? 'string' : undefined;
}
