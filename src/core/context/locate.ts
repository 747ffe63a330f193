/**
 * Which function's body holds the cursor. Tree-sitter ends a definition at its last statement, so a
 * cursor on the blank or indented lines after it is matched by indentation, the way Python reads it.
 */
import type { Node } from 'web-tree-sitter';
import { asDefinition, docstringOf, headerColon, type DefinitionNode } from '../python/definitions';
import { indentWidth, isBlank, leadingWhitespace, lineEndAt, lineStartAt } from '../python/text';

/** The function at the cursor, or why there is none. */
export type Located = { kind: 'function'; def: DefinitionNode } | { kind: 'none'; reason: string };

/** The reason given when no function encloses the cursor. */
export const NOT_IN_FUNCTION = 'the cursor is not inside a function';

/** Finds the innermost def whose body the cursor is in. */
export function locateFunction(root: Node, text: string, offset: number): Located {
  const anchor = anchorNode(root, text, offset);
  if (!anchor) {
    return { kind: 'none', reason: NOT_IN_FUNCTION };
  }
  const cursor = cursorIndent(text, offset);
  for (let n: Node | null = anchor; n; n = n.parent) {
    const def = asDefinition(n);
    if (!def || def.node !== n) {
      continue;
    }
    const colon = headerColon(n);
    if (offset <= (colon && !colon.isMissing ? colon.startIndex : n.endIndex)) {
      return { kind: 'none', reason: `the cursor is in the header of ${def.kind === 'class' ? 'class' : 'function'} ${nameOf(n)}` };
    }
    if (colon && isBlank(text.slice(colon.endIndex, offset)) && !text.slice(colon.endIndex, offset).includes('\n')) {
      const what = def.kind === 'class' ? 'class' : 'def';
      return { kind: 'none', reason: `the cursor is at the end of the ${what} line of ${nameOf(n)}; the body starts on the next line` };
    }
    if (!belongsToBody(n, text, offset, cursor)) {
      continue;
    }
    return def.kind === 'function'
      ? { kind: 'function', def }
      : { kind: 'none', reason: `the cursor is in the body of class ${nameOf(n)}, not in a function` };
  }
  return { kind: 'none', reason: NOT_IN_FUNCTION };
}

function nameOf(node: Node): string {
  return node.childForFieldName('name')?.text ?? '?';
}

/** The node of the last token before the cursor, skipping whitespace and comments. */
function anchorNode(root: Node, text: string, offset: number): Node | undefined {
  let p = offset;
  for (;;) {
    while (p > 0 && /\s/.test(text[p - 1]!)) {
      p--;
    }
    if (p === 0) {
      return undefined;
    }
    const node = root.descendantForIndex(p - 1, p);
    if (node?.type === 'comment' && node.startIndex < p) {
      p = node.startIndex;
      continue;
    }
    return node ?? undefined;
  }
}

interface CursorIndent {
  width: number;
  /** Only whitespace before the cursor on its line, and nothing after it. */
  onEmptyLine: boolean;
}

function cursorIndent(text: string, offset: number): CursorIndent {
  const start = lineStartAt(text, offset);
  const before = text.slice(start, offset);
  const after = text.slice(offset, lineEndAt(text, offset));
  const blankBefore = /^[ \t]*$/.test(before);
  return {
    width: indentWidth(blankBefore ? before : leadingWhitespace(before)),
    onEmptyLine: blankBefore && !after.trim(),
  };
}

/**
 * Whether the cursor is in the body of `def`: inside its node, or after it on lines indented
 * deeper than the `def`. A cursor at or left of the `def`'s column still belongs to a function whose
 * body is only a docstring (or nothing) when only blank lines separate them — the editor left the
 * cursor at column 0 after the docstring, as in HumanEval prompts. The same holds at the very end of
 * the text for a body that ends in a docstring-like string after other statements (HumanEval/115
 * puts `import math` before its docstring).
 */
function belongsToBody(node: Node, text: string, offset: number, cursor: CursorIndent): boolean {
  if (offset <= node.endIndex && node.endIndex > (headerColon(node)?.endIndex ?? node.endIndex)) {
    return true;
  }
  const defIndent = indentWidth(leadingWhitespace(text.slice(lineStartAt(text, node.startIndex), node.startIndex)));
  if (cursor.width > defIndent) {
    return true;
  }
  if (!cursor.onEmptyLine || !isBlank(text.slice(node.endIndex, lineStartAt(text, offset)))) {
    return false;
  }
  const statements = bodyStatements(node);
  return hasOnlyDocstring(node, statements) || (isBlank(text.slice(offset)) && endsWithString(statements));
}

/** The body's statements, comments left out. */
function bodyStatements(node: Node): Node[] {
  return (node.childForFieldName('body')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
}

function hasOnlyDocstring(node: Node, statements: Node[]): boolean {
  return statements.length === 0 || (statements.length === 1 && docstringOf(node) !== undefined);
}

/** The last statement is a lone well-formed string, as a docstring written after other statements. */
function endsWithString(statements: Node[]): boolean {
  const last = statements[statements.length - 1];
  const only = last?.type === 'expression_statement' && last.namedChildCount === 1 ? last.firstNamedChild : null;
  return !!only && only.type === 'string' && !only.hasError;
}
