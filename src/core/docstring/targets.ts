/**
 * Which definitions get a docstring: the function, method or class at the cursor, or every one whose
 * header lies in the selection. Built on the shared parser (core/python).
 */
import type { Node } from 'web-tree-sitter';
import { moduleContext, topLevelStatementOf } from '../context/moduleContext';
import { asDefinition, docstringOf, headerColon, paramsOf, type DefinitionNode } from '../python/definitions';
import { parseDocument, type DocumentIdentity } from '../python/parser';
import { detectIndentUnit } from '../python/text';
import { pointAt } from '../python/textEdit';
import type { ModuleContext, OffsetRange, Param } from '../types';
import type { DocTarget } from './types';

/**
 * The targets for a cursor or selection (`range`), in document order. A cursor (or a selection inside one
 * definition's body) gives the innermost definition around it; a selection over several headers gives
 * each of them. Empty when the cursor is in no definition.
 */
export async function findDocTargets(text: string, range: OffsetRange, id: DocumentIdentity = {}): Promise<DocTarget[]> {
  const tree = await parseDocument(text, id);
  const selStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const inSelection = range.end > range.start ? definitionsStartingIn(tree.rootNode, text, selStart, range.end) : [];
  const chosen = inSelection.length > 0 ? inSelection : innermostAt(tree.rootNode, range.start);
  const unit = detectIndentUnit(text);
  return chosen.map((d) => toTarget(d, text, unit));
}

const DEFINITION_TYPES = ['function_definition', 'class_definition'];

/** Definitions whose `def`/`class` keyword lies in [start, end), found on the native side (a big file stays fast). */
function definitionsStartingIn(root: Node, text: string, start: number, end: number): DefinitionNode[] {
  return root
    .descendantsOfType(DEFINITION_TYPES, pointAt(text, start), pointAt(text, end))
    .filter((n) => n.startIndex >= start && n.startIndex < end)
    .map((n) => asDefinition(n))
    .filter((d): d is DefinitionNode => d !== undefined && headerColon(d.node) !== undefined)
    .sort((a, b) => a.outer.startIndex - b.outer.startIndex);
}

/** The innermost definition around `offset` (decorators count as part of it), walking up from the cursor's node. */
function innermostAt(root: Node, offset: number): DefinitionNode[] {
  let best: DefinitionNode | undefined;
  // At a line's end the node there may belong to the enclosing block: look just before it too.
  for (const at of [offset, offset - 1].filter((x) => x >= 0)) {
    for (let n = root.descendantForIndex(at); n; n = n.parent) {
      const def = asDefinition(n);
      if (def && headerColon(def.node) && def.outer.startIndex <= offset && offset <= def.outer.endIndex) {
        if (!best || def.outer.startIndex > best.outer.startIndex) {
          best = def; // a nested definition starts after the one that holds it
        }
        break;
      }
    }
  }
  return best ? [best] : [];
}

function toTarget(def: DefinitionNode, text: string, unit: string): DocTarget {
  const { node, outer } = def;
  const defIndent = indentAt(text, outer.startIndex);
  const body = node.childForFieldName('body');
  const target: DocTarget = {
    kind: def.kind,
    name: node.childForFieldName('name')?.text ?? '',
    startOffset: outer.startIndex,
    endOffset: outer.endIndex,
    headerEndOffset: headerColon(node)!.endIndex,
    defIndent,
    bodyIndent: bodyIndentOf(text, node, body, defIndent + unit),
    params: documentedParams(def),
    returnsValue: def.kind === 'function' && body !== null && someInBody(body, isValueReturn),
    yields: def.kind === 'function' && body !== null && someInBody(body, (n) => n.type === 'yield'),
    raises: body && def.kind === 'function' ? raisedNames(body) : [],
    nesting: nestingOf(outer),
    topLevel: { start: topLevelStatementOf(outer).startIndex, end: topLevelStatementOf(outer).endIndex },
    insideFunction: hasFunctionAncestor(outer),
  };
  const docstring = docstringOf(node);
  if (docstring) {
    target.docstring = docstring;
  }
  return target;
}

/** Parameters to document: a method's `self`/`cls` dropped; for a class, its `__init__`'s. */
function documentedParams(def: DefinitionNode): Param[] {
  if (def.kind === 'class') {
    const init = def.node.childForFieldName('body')?.namedChildren
      .map((c) => (c ? asDefinition(c) : undefined))
      .find((d) => d?.kind === 'function' && d.node.childForFieldName('name')?.text === '__init__');
    return init ? withoutMarkers(paramsOf(init.node).slice(1)) : [];
  }
  const params = paramsOf(def.node);
  const first = params[0];
  const inClass = def.outer.parent?.parent?.type === 'class_definition';
  const isStatic = def.outer !== def.node && /@staticmethod\b/.test(def.outer.text.slice(0, def.node.startIndex - def.outer.startIndex));
  const dropFirst = inClass && !isStatic && first !== undefined && first.kind === 'positional';
  return withoutMarkers(dropFirst ? params.slice(1) : params);
}

function withoutMarkers(params: Param[]): Param[] {
  return params.filter((p) => p.kind !== 'positional-only-marker' && p.kind !== 'keyword-only-marker');
}

function isValueReturn(node: Node): boolean {
  return node.type === 'return_statement' && node.namedChildCount > 0 && node.namedChildren[0]?.text !== 'None';
}

/** Visits the body's nodes without entering nested functions, classes or lambdas. */
function someInBody(body: Node, test: (n: Node) => boolean): boolean {
  return bodyNodes(body).some(test);
}

function bodyNodes(body: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child || ['function_definition', 'class_definition', 'lambda', 'decorated_definition'].includes(child.type)) {
        continue;
      }
      out.push(child);
      visit(child);
    }
  };
  visit(body);
  return out;
}

/** `raise ValueError(...)` / `raise KeyError` → the exception names, in order, without duplicates. */
function raisedNames(body: Node): string[] {
  const names: string[] = [];
  for (const node of bodyNodes(body)) {
    if (node.type !== 'raise_statement') {
      continue;
    }
    const raised = node.namedChildren[0];
    const callee = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
    const name = callee && /^[A-Za-z_][\w.]*$/.test(callee.text) ? callee.text : undefined;
    if (name && /^[A-Z]/.test(name.split('.').pop() ?? '') && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

function hasFunctionAncestor(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      return true;
    }
  }
  return false;
}

/**
 * What the rest of the module offers the target (imports, constants, other definitions), leaving
 * out the top-level statement that holds it.
 */
export async function moduleContextFor(text: string, target: DocTarget, id: DocumentIdentity = {}): Promise<ModuleContext> {
  const tree = await parseDocument(text, id);
  return moduleContext(tree.rootNode, text, [target.topLevel.start, target.topLevel.end]);
}

function nestingOf(node: Node): string[] {
  const names: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    const def = p.type === 'decorated_definition' ? undefined : asDefinition(p);
    const name = def?.node.childForFieldName('name')?.text;
    if (name) {
      names.unshift(name);
    }
  }
  return names;
}

/** The body's indentation when it starts on its own line, else the def's plus one unit. */
function bodyIndentOf(text: string, node: Node, body: Node | null, fallback: string): string {
  const first = body?.firstNamedChild;
  const colon = headerColon(node)!;
  if (!first || !text.slice(colon.endIndex, first.startIndex).includes('\n')) {
    return fallback;
  }
  return indentAt(text, first.startIndex);
}

/** The whitespace from the start of `offset`'s line up to the first non-blank character. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset + 1))?.[0] ?? '';
}
