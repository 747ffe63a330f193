/**
 * Python values as generated inputs are made of: literals that can be read from source (the examples'
 * calls, defaults, the docstring), mutated and written back as source.
 */
import type { Node } from 'web-tree-sitter';
import { parseDetached, parserIfReady } from '../../python/parser';

/** A Python literal value. `raw` is source we keep as written but do not mutate. */
export type PyValue =
  | { k: 'int'; v: number }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'list' | 'tuple' | 'set'; items: PyValue[] }
  | { k: 'dict'; entries: [PyValue, PyValue][] }
  | { k: 'raw'; src: string };

/** The value as Python source. */
export function renderValue(v: PyValue): string {
  switch (v.k) {
    case 'int':
      return String(v.v);
    case 'float':
      return floatSource(v.v);
    case 'str':
      return pyString(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(renderValue).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${renderValue(v.items[0]!)},)` : `(${v.items.map(renderValue).join(', ')})`;
    case 'set':
      return v.items.length === 0 ? 'set()' : `{${v.items.map(renderValue).join(', ')}}`;
    case 'dict':
      return `{${v.entries.map(([a, b]) => `${renderValue(a)}: ${renderValue(b)}`).join(', ')}}`;
    case 'raw':
      return v.src;
  }
}

function floatSource(x: number): string {
  if (!Number.isFinite(x)) {
    return Number.isNaN(x) ? "float('nan')" : x > 0 ? "float('inf')" : "float('-inf')";
  }
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A Python string literal for `s` (single quotes unless the text holds one and no double quote). */
export function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '\\' || c === quote) {
      out += `\\${c}`;
    } else if (c === '\n') {
      out += '\\n';
    } else if (c === '\t') {
      out += '\\t';
    } else if (c === '\r') {
      out += '\\r';
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      out += c;
    }
  }
  return out + quote;
}

/** Reads a literal expression node; undefined when it is not a plain literal (names, calls, f-strings). */
export function valueOfNode(node: Node): PyValue | undefined {
  switch (node.type) {
    case 'integer': {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isSafeInteger(v) ? { k: 'int', v } : { k: 'raw', src: node.text };
    }
    case 'float': {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { k: 'float', v } : undefined;
    }
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'none':
      return { k: 'none' };
    case 'string':
      return stringValue(node);
    case 'concatenated_string': {
      const parts = node.namedChildren.map((c) => (c ? stringValue(c) : undefined));
      return parts.every((p) => p?.k === 'str') ? { k: 'str', v: parts.map((p) => (p as { v: string }).v).join('') } : undefined;
    }
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      const inner = arg ? valueOfNode(arg) : undefined;
      const op = node.child(0)?.text;
      if (inner && (inner.k === 'int' || inner.k === 'float') && (op === '-' || op === '+')) {
        return { ...inner, v: op === '-' ? -inner.v : inner.v };
      }
      return undefined;
    }
    case 'parenthesized_expression':
      return node.namedChildCount === 1 ? valueOfNode(node.namedChild(0)!) : undefined;
    case 'list':
    case 'tuple':
    case 'set':
      return sequenceValue(node, node.type);
    case 'dictionary':
      return dictValue(node);
    case 'call': {
      const fn = node.childForFieldName('function')?.text;
      const args = node.childForFieldName('arguments');
      if ((fn === 'set' || fn === 'tuple' || fn === 'list' || fn === 'dict') && args?.namedChildCount === 0) {
        return fn === 'dict' ? { k: 'dict', entries: [] } : { k: fn, items: [] };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function sequenceValue(node: Node, k: 'list' | 'tuple' | 'set'): PyValue | undefined {
  const items: PyValue[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') {
      continue;
    }
    const v = valueOfNode(child);
    if (!v) {
      return undefined;
    }
    items.push(v);
  }
  return { k, items };
}

function dictValue(node: Node): PyValue | undefined {
  const entries: [PyValue, PyValue][] = [];
  for (const pair of node.namedChildren) {
    if (!pair || pair.type === 'comment') {
      continue;
    }
    const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
    const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
    const a = key ? valueOfNode(key) : undefined;
    const b = value ? valueOfNode(value) : undefined;
    if (!a || !b) {
      return undefined;
    }
    entries.push([a, b]);
  }
  return { k: 'dict', entries };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function stringValue(node: Node): PyValue | undefined {
  const start = node.child(0)?.text ?? '';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) {
    return undefined;
  }
  const open = start.length;
  const close = node.lastChild?.type === 'string_end' ? node.lastChild.text.length : 0;
  const body = node.text.slice(open, node.text.length - close);
  const v = prefix.includes('r') ? body : decodeEscapes(body);
  return v === undefined ? undefined : { k: 'str', v };
}

/** Python's string escapes; undefined for one we do not read (named \N{...}, octal). */
function decodeEscapes(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1] ?? '';
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : 0;
    if (hex > 0 && new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(body.slice(i + 2, i + 2 + hex))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 2 + hex), 16));
      i += 1 + hex;
    } else if (next === '\n') {
      i += 1; // a line continuation inside the literal
    } else if (ESCAPES[next] !== undefined) {
      out += ESCAPES[next];
      i += 1;
    } else {
      return undefined;
    }
  }
  return out;
}

/** The first expression of `source`, parsed (the caller must have awaited `getParser()`). */
export function withExpression<T>(source: string, read: (node: Node) => T | undefined): T | undefined {
  const tree = parseDetached(parserIfReady(), source);
  try {
    const stmt = tree.rootNode.namedChild(0);
    if (tree.rootNode.hasError || !stmt || stmt.type !== 'expression_statement' || tree.rootNode.namedChildCount !== 1) {
      return undefined;
    }
    const expr = stmt.namedChild(0);
    return expr ? read(expr) : undefined;
  } finally {
    tree.delete();
  }
}

/** A literal written as source, e.g. a parameter's default; undefined when it is not a plain literal. */
export function parseValue(source: string): PyValue | undefined {
  return withExpression(source, valueOfNode);
}

/** The positional and keyword literal arguments of a call `name(...)`; undefined when any is not a literal. */
export function parseCallArgs(source: string, fnName: string): { args: PyValue[]; kwargs: [string, PyValue][] } | undefined {
  return withExpression(source, (expr) => {
    if (expr.type !== 'call') {
      return undefined;
    }
    const fn = expr.childForFieldName('function')?.text ?? '';
    if (fn !== fnName && !fn.endsWith(`.${fnName}`)) {
      return undefined;
    }
    const args: PyValue[] = [];
    const kwargs: [string, PyValue][] = [];
    for (const a of expr.childForFieldName('arguments')?.namedChildren ?? []) {
      if (!a || a.type === 'comment') {
        continue;
      }
      if (a.type === 'keyword_argument') {
        const value = a.childForFieldName('value');
        const v = value ? valueOfNode(value) : undefined;
        if (!v) {
          return undefined;
        }
        kwargs.push([a.childForFieldName('name')?.text ?? '', v]);
        continue;
      }
      const v = valueOfNode(a);
      if (!v || kwargs.length > 0) {
        return undefined;
      }
      args.push(v);
    }
    return { args, kwargs };
  });
}

/**
 * The calls `fnName(...)` written inside a statement (a model-written test's `assert f(1) == 2`), as
 * source, outermost first; none when the statement does not parse.
 */
export function callsIn(statement: string, fnName: string): string[] {
  const tree = parseDetached(parserIfReady(), statement);
  try {
    if (tree.rootNode.hasError) {
      return [];
    }
    const out: string[] = [];
    const walk = (node: Node): void => {
      if (node.type === 'call' && node.childForFieldName('function')?.text === fnName) {
        out.push(node.text);
        return; // an argument that calls the function again is no literal input
      }
      node.namedChildren.forEach((c) => c && walk(c));
    };
    walk(tree.rootNode);
    return out;
  } finally {
    tree.delete();
  }
}
