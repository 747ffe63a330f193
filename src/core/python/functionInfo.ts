/**
 * FunctionInfo for a `def` node, and `findDefinitions` listing every def and class of a text.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassInfo, FunctionInfo } from '../types';
import { lineStartAt, leadingWhitespace, detectIndentUnit } from './text';
import {
  asDefinition, decoratorsOf, docstringOf, headerColon, headerEndOffset, headerText, isAsyncDef, paramsOf, type DefinitionNode,
} from './definitions';
import { hasEmptyBlock } from './moduleSource';
import { getParser, parseDetached, parserIfReady } from './parser';

/** Describes a function definition; `bodySoFar` is the whole body after the docstring. */
export function describeFunction(def: DefinitionNode, text: string, indentUnit: string): FunctionInfo {
  const { node } = def;
  const defIndent = leadingWhitespace(text.slice(lineStartAt(text, node.startIndex), node.startIndex));
  const docstring = docstringOf(node);
  const body = node.childForFieldName('body');
  const bodyStart = bodyStartOffset(node);
  const info: FunctionInfo = {
    name: node.childForFieldName('name')?.text ?? '',
    isAsync: isAsyncDef(node),
    decorators: decoratorsOf(def),
    params: paramsOf(node),
    signature: headerText(node, text),
    defIndent,
    bodyIndent: bodyIndentOf(node, text, defIndent + indentUnit),
    indentUnit,
    bodySoFar: text.slice(docstring ? docstring.endOffset : headerEndOffset(node), Math.max(body?.endIndex ?? 0, bodyStart)),
    startOffset: def.outer.startIndex,
    endOffset: def.outer.endIndex,
    bodyStartOffset: bodyStart,
    nesting: nestingOf(node),
  };
  const returns = node.childForFieldName('return_type')?.text;
  if (returns !== undefined) {
    info.returnAnnotation = returns;
  }
  if (docstring) {
    info.docstring = docstring;
  }
  const cls = enclosingClassOf(node, text);
  if (cls) {
    info.enclosingClass = cls;
  }
  return info;
}

/** Where the body starts: its first statement, or just after the header's colon when it is empty. */
function bodyStartOffset(node: Node): number {
  const body = node.childForFieldName('body');
  const first = body?.firstNamedChild;
  if (first && !first.isMissing) {
    return first.startIndex;
  }
  return headerColon(node)?.endIndex ?? body?.startIndex ?? node.endIndex;
}

/** The indentation of the first body line, or `fallback` for an empty or same-line body. */
function bodyIndentOf(node: Node, text: string, fallback: string): string {
  const first = node.childForFieldName('body')?.firstNamedChild;
  if (!first || first.startPosition.row === node.startPosition.row) {
    return fallback;
  }
  const lineStart = lineStartAt(text, first.startIndex);
  const ws = text.slice(lineStart, first.startIndex);
  return /^[ \t]*$/.test(ws) && ws.length > 0 ? ws : fallback;
}

/** Names of the enclosing functions and classes, outermost first. */
export function nestingOf(node: Node): string[] {
  const names: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') {
      names.unshift(p.childForFieldName('name')?.text ?? '');
    }
  }
  return names;
}

/** The nearest enclosing class, with the signatures of its methods except the one holding `node`. */
export function enclosingClassOf(node: Node, text: string): ClassInfo | undefined {
  let member: Node = node;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_definition') {
      return classInfo(p, member, text);
    }
    if (p.type === 'function_definition' || p.type === 'decorated_definition') {
      member = p;
    }
  }
  return undefined;
}

function classInfo(cls: Node, member: Node, text: string): ClassInfo {
  const methodSignatures: string[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = stmt && asDefinition(stmt);
    if (def?.kind === 'function' && def.outer.id !== member.id && def.node.id !== member.id) {
      methodSignatures.push(headerText(def.node, text));
    }
  }
  const info: ClassInfo = { name: cls.childForFieldName('name')?.text ?? '', header: headerText(cls, text), methodSignatures };
  const def = asDefinition(cls);
  info.startOffset = def ? def.outer.startIndex : cls.startIndex;
  if (def && def.outer !== def.node) {
    info.decorators = decoratorsOf(def);
  }
  const attributes = classAttributes(cls);
  if (attributes.length) {
    info.attributes = attributes;
  }
  return info;
}

/** Class-level assignments and annotated fields (`x: int = 0`), verbatim. */
function classAttributes(cls: Node): string[] {
  const out: string[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    if (stmt?.type === 'expression_statement' && stmt.firstNamedChild?.type === 'assignment' && !stmt.hasError) {
      out.push(stmt.text);
    }
  }
  return out;
}

/** A def or class found in a text, described like the function at the cursor. */
export interface DefinitionInfo extends FunctionInfo {
  kind: 'function' | 'class';
  /** True when the definition would not compile: a syntax error, or a block with no statement yet. */
  hasError: boolean;
}

/**
 * Every function and class definition in `text` (nested ones included), in file order.
 * For a class, `signature` is its `class C(B):` header and `params` is empty.
 */
export async function findDefinitions(text: string): Promise<DefinitionInfo[]> {
  await getParser();
  return findDefinitionsSync(text);
}

/** `findDefinitions` once the parser is initialised (`await getParser()`). */
export function findDefinitionsSync(text: string): DefinitionInfo[] {
  const tree = parseDetached(parserIfReady(), text);
  try {
    const indentUnit = detectIndentUnit(text);
    return tree.rootNode
      .descendantsOfType(['function_definition', 'class_definition'])
      .map((node) => {
        const def = asDefinition(node)!;
        return { ...describeFunction(def, text, indentUnit), kind: def.kind, hasError: def.outer.hasError || hasEmptyBlock(def.outer) };
      });
  } finally {
    tree.delete();
  }
}
