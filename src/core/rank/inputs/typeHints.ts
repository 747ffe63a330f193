/**
 * Parameter type hints as the input generator reads them: builtins, `typing` generics (List, Dict, Set,
 * Tuple, Sequence, Iterable...), Optional, Union (and `X | Y`), Literal, nested to any depth. Anything
 * else (a class, a TypeVar, Callable) is `unknown`: no inputs are made for it.
 */
import type { Node } from 'web-tree-sitter';
import { valueOfNode, withExpression, type PyValue } from './values';

/** What a parameter accepts. `any` = no hint, or `Any`/`object`: the generator probes common types. */
export type TypeSpec =
  | { k: 'int' | 'float' | 'str' | 'bool' | 'none' | 'any' | 'unknown' }
  | { k: 'list' | 'set'; of: TypeSpec }
  | { k: 'tuple'; of: TypeSpec[]; variadic: boolean }
  | { k: 'dict'; key: TypeSpec; value: TypeSpec }
  | { k: 'union'; of: TypeSpec[] }
  | { k: 'literal'; values: PyValue[] };

const ANY: TypeSpec = { k: 'any' };

const SIMPLE: Record<string, TypeSpec> = {
  int: { k: 'int' },
  float: { k: 'float' },
  complex: { k: 'float' },
  str: { k: 'str' },
  bool: { k: 'bool' },
  None: { k: 'none' },
  NoneType: { k: 'none' },
  Any: ANY,
  object: ANY,
  list: { k: 'list', of: ANY },
  List: { k: 'list', of: ANY },
  Sequence: { k: 'list', of: ANY },
  MutableSequence: { k: 'list', of: ANY },
  Iterable: { k: 'list', of: ANY },
  Collection: { k: 'list', of: ANY },
  set: { k: 'set', of: ANY },
  Set: { k: 'set', of: ANY },
  frozenset: { k: 'set', of: ANY },
  FrozenSet: { k: 'set', of: ANY },
  AbstractSet: { k: 'set', of: ANY },
  tuple: { k: 'tuple', of: [ANY], variadic: true },
  Tuple: { k: 'tuple', of: [ANY], variadic: true },
  dict: { k: 'dict', key: ANY, value: ANY },
  Dict: { k: 'dict', key: ANY, value: ANY },
  Mapping: { k: 'dict', key: ANY, value: ANY },
  MutableMapping: { k: 'dict', key: ANY, value: ANY },
};

/** The annotation's TypeSpec; `any` for no annotation (the caller must have awaited `getParser()`). */
export function parseTypeHint(annotation: string | undefined): TypeSpec {
  if (annotation === undefined || annotation.trim() === '') {
    return ANY;
  }
  const text = annotation.trim().replace(/^(['"])(.*)\1$/, '$2'); // a string annotation: "List[int]"
  return withExpression(text, typeOfNode) ?? { k: 'unknown' };
}

function typeOfNode(node: Node): TypeSpec {
  switch (node.type) {
    case 'identifier':
    case 'none':
      return SIMPLE[node.text] ?? { k: 'unknown' };
    case 'attribute': // typing.List, t.Optional
      return SIMPLE[node.childForFieldName('attribute')?.text ?? ''] ?? { k: 'unknown' };
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return left && right && node.childForFieldName('operator')?.text === '|' ? union([typeOfNode(left), typeOfNode(right)]) : { k: 'unknown' };
    }
    case 'subscript':
      return genericOf(node);
    case 'string': {
      const inner = node.text.slice(1, -1);
      return withExpression(inner, typeOfNode) ?? { k: 'unknown' };
    }
    default:
      return { k: 'unknown' };
  }
}

function genericOf(node: Node): TypeSpec {
  const head = node.childForFieldName('value');
  const name = head?.type === 'attribute' ? head.childForFieldName('attribute')?.text : head?.text;
  const args = node.childrenForFieldName('subscript').filter((n): n is Node => n !== null);
  const arg = (i: number): TypeSpec => (args[i] ? typeOfNode(args[i]!) : ANY);
  switch (name) {
    case 'Optional':
      return union([arg(0), { k: 'none' }]);
    case 'Union':
      return union(args.map(typeOfNode));
    case 'Literal': {
      const values = args.map(valueOfNode);
      return values.every((v) => v !== undefined) && values.length > 0 ? { k: 'literal', values: values as PyValue[] } : { k: 'unknown' };
    }
    case 'Annotated':
      return arg(0);
    case 'tuple':
    case 'Tuple': {
      const variadic = args.length === 2 && args[1]!.type === 'ellipsis';
      return { k: 'tuple', of: variadic ? [arg(0)] : args.map(typeOfNode), variadic };
    }
    case 'dict':
    case 'Dict':
    case 'Mapping':
    case 'MutableMapping':
    case 'DefaultDict':
    case 'OrderedDict':
      return { k: 'dict', key: arg(0), value: arg(1) };
    default: {
      const base = SIMPLE[name ?? ''];
      if (base && (base.k === 'list' || base.k === 'set')) {
        return { k: base.k, of: arg(0) };
      }
      return { k: 'unknown' };
    }
  }
}

function union(of: TypeSpec[]): TypeSpec {
  const flat = of.flatMap((t) => (t.k === 'union' ? t.of : [t]));
  return flat.length === 1 ? flat[0]! : { k: 'union', of: flat };
}

/** The spec as Python would write it, for the panel and tests. */
export function describeType(t: TypeSpec): string {
  switch (t.k) {
    case 'list':
    case 'set':
      return `${t.k}[${describeType(t.of)}]`;
    case 'tuple':
      return `tuple[${t.of.map(describeType).join(', ')}${t.variadic ? ', ...' : ''}]`;
    case 'dict':
      return `dict[${describeType(t.key)}, ${describeType(t.value)}]`;
    case 'union':
      return t.of.map(describeType).join(' | ');
    case 'literal':
      return `Literal[${t.values.length}]`;
    default:
      return t.k;
  }
}
