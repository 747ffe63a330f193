/**
 * The completion context at a cursor: the function being written, what the module offers it, the text
 * around the cursor, and the decision whether and what to complete.
 */
import type { Node } from 'web-tree-sitter';
import type { CompletionContext, Decision, FunctionInfo } from '../types';
import { parseDocument } from '../python/parser';
import { headerEndOffset, type DefinitionNode } from '../python/definitions';
import { describeFunction } from '../python/functionInfo';
import { detectEol, detectIndentUnit, isBlank } from '../python/text';
import { literalAtCursor } from './cursorSyntax';
import { decide } from './decide';
import { functionEnd } from './functionExtent';
import { locateFunction, NOT_IN_FUNCTION } from './locate';
import { parseFrom, topLevelStartBefore } from './recover';
import { moduleContext, topLevelStatementOf } from './moduleContext';

/** A document and a cursor; key+version let the parser reuse the previous tree incrementally. */
export interface ContextRequest {
  text: string;
  /** Cursor offset in UTF-16 code units (VS Code's `document.offsetAt`). */
  offset: number;
  /** VS Code language id; anything but `python` gets the decision `none`. Default `python`. */
  languageId?: string;
  /** Identifies the document (its URI) for the parse-tree cache. */
  key?: string;
  version?: number;
}

const PYTHON_IDS = new Set(['python']);

/** Builds the CompletionContext for a cursor position. Throws RangeError for an offset outside the text. */
export async function buildContext(doc: ContextRequest): Promise<CompletionContext> {
  const { text, offset } = doc;
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
    throw new RangeError(`offset ${offset} is outside the text (0..${text.length})`);
  }
  const base: CompletionContext = {
    languageId: doc.languageId ?? 'python',
    text,
    offset,
    prefix: text.slice(0, offset),
    suffixInFunction: '',
    suffixAfterFunction: text.slice(offset),
    eol: detectEol(text),
    module: { imports: [], constants: [], definitions: [] },
    decision: { kind: 'none', reason: 'the cursor is not inside a function' },
  };
  if (!PYTHON_IDS.has(base.languageId)) {
    return { ...base, decision: { kind: 'none', reason: `not Python (language ${base.languageId})` } };
  }
  const root = (await parseDocument(text, { key: doc.key, version: doc.version })).rootNode;
  const located = locateFunction(root, text, offset);
  if (located.kind === 'none' && located.reason === NOT_IN_FUNCTION && root.hasError) {
    return recoverBelowError(root, base) ?? contextWithoutFunction(root, base, located);
  }
  return located.kind === 'none' ? contextWithoutFunction(root, base, located) : contextInTree(root, root, base, located.def);
}

function contextWithoutFunction(root: Node, base: CompletionContext, located: Decision): CompletionContext {
  return { ...base, module: moduleContext(root, base.text), decision: withLiteral(root, base, located) };
}

/** A syntax error above may hide the function: look again with the text before its statement blanked. */
function recoverBelowError(root: Node, base: CompletionContext): CompletionContext | undefined {
  const from = topLevelStartBefore(base.text, base.offset);
  if (!from) {
    return undefined;
  }
  const tree = parseFrom(base.text, from);
  try {
    const located = locateFunction(tree.rootNode, base.text, base.offset);
    return located.kind === 'function' ? contextInTree(tree.rootNode, root, base, located.def) : undefined;
  } finally {
    tree.delete();
  }
}

/** The context for the function `def` found in `root`; `moduleRoot` supplies the module context. */
function contextInTree(root: Node, moduleRoot: Node, base: CompletionContext, def: DefinitionNode): CompletionContext {
  const { text, offset } = base;
  const { node } = def;
  const fn = describeFunction(def, text, detectIndentUnit(text));
  const end = Math.max(offset, functionEnd(root, text, fn.defIndent, offset));
  const contentStart = fn.docstring ? fn.docstring.endOffset : headerEndOffset(node);
  fn.bodySoFar = offset >= contentStart ? text.slice(contentStart, offset) : '';
  setEnclosingFunction(fn, node);
  const ctx: CompletionContext = {
    ...base,
    suffixInFunction: text.slice(offset, end),
    suffixAfterFunction: text.slice(end),
    fn,
    module: moduleContext(moduleRoot, text, statementRange(topLevelStatementOf(def.outer))),
  };
  ctx.decision = decideAt(root, ctx, fn, node, contentStart);
  return ctx;
}

function decideAt(root: Node, ctx: CompletionContext, fn: FunctionInfo, node: Node, contentStart: number): Decision {
  const literal = literalAtCursor(root, ctx.text, ctx.offset);
  if (literal) {
    return { kind: 'none', reason: `the cursor is inside a ${literal}` };
  }
  if (ctx.offset < contentStart && !isBlank(ctx.text.slice(ctx.offset, contentStart))) {
    return { kind: 'none', reason: `the cursor is before the docstring of ${fn.name}` };
  }
  return decide(node, fn.name, fn.bodySoFar, ctx.suffixInFunction, ctx.offset);
}

/** Keeps the "not in a function" reason unless the cursor is in a string or comment (clearer). */
function withLiteral(root: Node, base: CompletionContext, located: Decision): Decision {
  const literal = literalAtCursor(root, base.text, base.offset);
  return literal ? { kind: 'none', reason: `the cursor is inside a ${literal}` } : located;
}

function statementRange(node: Node): [number, number] {
  return [node.startIndex, node.endIndex];
}

/** Records where the outermost enclosing function starts, for prompts that show the closure. */
function setEnclosingFunction(fn: FunctionInfo, node: Node): void {
  let outer: Node | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      outer = p.parent?.type === 'decorated_definition' ? p.parent : p;
    }
  }
  if (outer) {
    fn.enclosingFunctionStartOffset = outer.startIndex;
  }
}

