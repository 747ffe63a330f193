/**
 * What a `def` or `class` node says about itself: name, decorators, parameters, signature and
 * docstring. Pure functions over tree-sitter nodes; the file's text is passed for slicing.
 */
import type { Node } from 'web-tree-sitter';
import type { Docstring, Param } from '../types';
import { cleandoc, openingQuote, stringBody } from './stringLiteral';

/** A `def` or `class` as written, with its decorators. */
export interface DefinitionNode {
  kind: 'function' | 'class';
  /** The `function_definition` / `class_definition` node. */
  node: Node;
  /** The `decorated_definition` wrapper when there are decorators, else `node`. */
  outer: Node;
}

/** Wraps a definition node (plain or decorated) or returns undefined for anything else. */
export function asDefinition(node: Node): DefinitionNode | undefined {
  if (node.type === 'decorated_definition') {
    const inner = node.childForFieldName('definition');
    const kind = inner && definitionKind(inner);
    return inner && kind ? { kind, node: inner, outer: node } : undefined;
  }
  const kind = definitionKind(node);
  return kind ? { kind, node, outer: node.parent?.type === 'decorated_definition' ? node.parent : node } : undefined;
}

function definitionKind(node: Node): 'function' | 'class' | undefined {
  if (node.type === 'function_definition') {
    return 'function';
  }
  return node.type === 'class_definition' ? 'class' : undefined;
}

/** Decorator lines (`@overload`) without indentation. */
export function decoratorsOf(def: DefinitionNode): string[] {
  if (def.outer === def.node) {
    return [];
  }
  return def.outer.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c!.text.trim());
}

/** Whether the def starts with `async`. */
export function isAsyncDef(node: Node): boolean {
  return node.firstChild?.type === 'async';
}

/** Source from `def`/`async def`/`class` to the colon ending the header (multi-line kept). */
export function headerText(node: Node, text: string): string {
  const colon = headerColon(node);
  return text.slice(node.startIndex, colon ? colon.endIndex : (node.childForFieldName('body')?.startIndex ?? node.endIndex)).trimEnd();
}

/** Offset just after the header's colon (where the body's text begins). */
export function headerEndOffset(node: Node): number {
  const colon = headerColon(node);
  return colon && !colon.isMissing ? colon.endIndex : (node.childForFieldName('body')?.startIndex ?? node.endIndex);
}

/** The `:` token that ends a def/class header. */
export function headerColon(node: Node): Node | undefined {
  for (const child of node.children) {
    if (child?.type === ':') {
      return child;
    }
    if (child?.type === 'block') {
      break;
    }
  }
  return undefined;
}

/** The parameters of a `def`, in order, classified like `inspect.Parameter.kind`. */
export function paramsOf(node: Node): Param[] {
  const list = node.childForFieldName('parameters');
  const params: Param[] = [];
  let keywordOnly = false;
  for (const child of list?.namedChildren ?? []) {
    if (!child || child.type === 'comment') {
      continue;
    }
    const param = paramOf(child, keywordOnly);
    if (param.kind === 'varargs' || param.kind === 'keyword-only-marker') {
      keywordOnly = true;
    }
    params.push(param);
  }
  return params;
}

function paramOf(node: Node, keywordOnly: boolean): Param {
  const text = node.text;
  const annotation = node.childForFieldName('type')?.text;
  const dflt = node.childForFieldName('value')?.text;
  const param: Param = { name: paramName(node), text, kind: keywordOnly ? 'keyword' : 'positional' };
  if (annotation !== undefined) {
    param.annotation = annotation;
  }
  if (dflt !== undefined) {
    param.default = dflt;
  }
  if (node.type === 'positional_separator') {
    param.kind = 'positional-only-marker';
  } else if (node.type === 'keyword_separator') {
    param.kind = 'keyword-only-marker';
  } else if (text.startsWith('**')) {
    param.kind = 'kwargs';
  } else if (text.startsWith('*')) {
    param.kind = 'varargs';
  }
  return param;
}

function paramName(node: Node): string {
  if (node.type === 'identifier') {
    return node.text;
  }
  const named = node.childForFieldName('name');
  if (named) {
    return named.text;
  }
  const ident = node.descendantsOfType('identifier')[0];
  return ident?.text ?? node.text;
}

/** The docstring: the body's first statement when it is a lone string literal. */
export function docstringOf(node: Node): Docstring | undefined {
  const first = node.childForFieldName('body')?.firstNamedChild;
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) {
    return undefined;
  }
  const str = first.firstNamedChild;
  if (!str || str.type !== 'string' || str.hasError) {
    return undefined;
  }
  const raw = str.text;
  const quote = openingQuote(raw);
  if (!quote || /[bBfF]/.test(quote)) {
    return undefined; // byte strings and f-strings are not docstrings
  }
  return { raw, text: cleandoc(stringBody(raw)), quote, startOffset: str.startIndex, endOffset: str.endIndex };
}

/** The first non-blank line of a docstring's text. */
export function firstDocLine(doc: Docstring | undefined): string | undefined {
  return doc?.text.split('\n').find((l) => l.trim())?.trim();
}
