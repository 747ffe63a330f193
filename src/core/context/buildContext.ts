/**
 * The completion context at a cursor: the function being written, what the module offers it, the text
 * around the cursor, and the decision whether and what to complete.
 */
import type { Node } from 'web-tree-sitter';
import type { CompletionContext, Decision, FunctionInfo, ModuleContext } from '../types';
import { getParser, parseDetached, parseDocumentSync, parserIfReady } from '../python/parser';
import { headerEndOffset, type DefinitionNode } from '../python/definitions';
import { describeFunction } from '../python/functionInfo';
import { detectEol, detectIndentUnit, isBlank } from '../python/text';
import { literalAtCursor } from './cursorSyntax';
import { decide } from './decide';
import { functionEnd } from './functionExtent';
import { locateFunction, NOT_IN_FUNCTION } from './locate';
import { parseFrom, topLevelStartBefore } from './recover';
import { parseWindow, topLevelWindow } from './window';
import { moduleContext, moduleContextFor, topLevelStatementOf } from './moduleContext';

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
  /** Skip the fast path that parses only the statement around the cursor (tests compare both). */
  wholeFile?: boolean;
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
  const parser = await getParser();
  const key = doc.key ?? '';
  const id = { key: doc.key, version: doc.version };
  const fullRoot = (): Node => parseDocumentSync(parser, text, id).rootNode;
  const fast = doc.wholeFile ? undefined : contextInWindow(base, fullRoot, key);
  if (fast) {
    return fast;
  }
  const root = fullRoot();
  const located = locateFunction(root, text, offset);
  if (located.kind === 'none' && located.reason === NOT_IN_FUNCTION && root.hasError) {
    return recoverBelowError(root, base, key) ?? contextWithoutFunction(root, base, located);
  }
  return located.kind === 'none' ? contextWithoutFunction(root, base, located) : contextInTree(root, () => root, base, located.def, key);
}

/** The fast path: the function found by parsing only its top-level statement, or undefined. */
function contextInWindow(base: CompletionContext, fullRoot: () => Node, key: string): CompletionContext | undefined {
  const window = topLevelWindow(base.text, base.offset);
  if (!window) {
    return undefined;
  }
  const tree = parseWindow(base.text, window);
  try {
    const located = locateFunction(tree.rootNode, base.text, base.offset);
    if (located.kind === 'function') {
      return contextInTree(tree.rootNode, fullRoot, base, located.def, key);
    }
    // Without a syntax error in the window its structure is certain: the cursor is in no function.
    return tree.rootNode.hasError ? undefined : contextWithoutFunction(tree.rootNode, base, located);
  } finally {
    tree.delete();
  }
}

/**
 * No function at the cursor: nothing will be completed, so the module context (costly on a big file,
 * and this path runs on every key typed outside functions) is only computed if someone reads it.
 * The tree may be re-parsed by then, so the getter parses a private copy.
 */
function contextWithoutFunction(root: Node, base: CompletionContext, located: Decision): CompletionContext {
  const ctx: CompletionContext = { ...base, decision: withLiteral(root, base, located) };
  let module: ModuleContext | undefined;
  Object.defineProperty(ctx, 'module', {
    enumerable: true,
    configurable: true,
    get: () => (module ??= moduleContextOfText(base.text)),
    set: (value: ModuleContext) => {
      module = value;
    },
  });
  return ctx;
}

function moduleContextOfText(text: string): ModuleContext {
  const tree = parseDetached(parserIfReady(), text);
  try {
    return moduleContext(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

/** A syntax error above may hide the function: look again with the text before its statement blanked. */
function recoverBelowError(root: Node, base: CompletionContext, key: string): CompletionContext | undefined {
  const from = topLevelStartBefore(base.text, base.offset);
  if (!from) {
    return undefined;
  }
  const tree = parseFrom(base.text, from);
  try {
    const located = locateFunction(tree.rootNode, base.text, base.offset);
    return located.kind === 'function' ? contextInTree(tree.rootNode, () => root, base, located.def, key) : undefined;
  } finally {
    tree.delete();
  }
}

/** The context for the function `def` found in `root`; `moduleRoot` supplies the module context. */
function contextInTree(root: Node, moduleRoot: () => Node, base: CompletionContext, def: DefinitionNode, key: string): CompletionContext {
  const { text, offset } = base;
  const { node } = def;
  const fn = describeFunction(def, text, detectIndentUnit(text));
  const end = Math.max(offset, functionEnd(root, text, fn.defIndent, offset));
  fn.endOffset = end; // as Python reads it: a syntax error may stretch the node over the next defs
  const contentStart = fn.docstring ? fn.docstring.endOffset : headerEndOffset(node);
  fn.bodySoFar = offset >= contentStart ? text.slice(contentStart, offset) : '';
  setEnclosingFunction(fn, node);
  const ctx: CompletionContext = {
    ...base,
    suffixInFunction: text.slice(offset, end),
    suffixAfterFunction: text.slice(end),
    fn,
    module: moduleContextFor(key, moduleRoot, text, statementRange(topLevelStatementOf(def.outer), end)),
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

/** The statement's range, stretched to the function's end by indentation (trailing lines being typed). */
function statementRange(node: Node, functionEnd: number): [number, number] {
  return [node.startIndex, Math.max(node.endIndex, functionEnd)];
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

