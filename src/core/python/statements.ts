/**
 * Classifying top-level statements: imports, constant assignments, definitions.
 * Shared by the prompt's module context and the sandbox's module source.
 */
import type { Node } from 'web-tree-sitter';

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** `import x`, `from x import y`, `from __future__ import z`. */
export function isImport(node: Node): boolean {
  return IMPORT_TYPES.has(node.type);
}

/** The assignment inside `NAME = value` / `NAME: T = value` / `A, B = 1, 2`, if the statement is one. */
export function assignmentOf(node: Node): Node | undefined {
  if (node.type !== 'expression_statement' || node.namedChildCount !== 1) {
    return undefined;
  }
  const assign = node.firstNamedChild;
  if (assign?.type !== 'assignment') {
    return undefined;
  }
  const left = assign.childForFieldName('left');
  return left && isNameTarget(left) ? assign : undefined;
}

function isNameTarget(node: Node): boolean {
  if (node.type === 'identifier') {
    return true;
  }
  if (node.type === 'pattern_list' || node.type === 'tuple_pattern') {
    return node.namedChildren.every((c) => c?.type === 'identifier');
  }
  return false;
}

/** Node types that evaluate without side effects (calls are checked separately). */
const PURE_TYPES = new Set([
  'identifier', 'attribute', 'integer', 'float', 'true', 'false', 'none', 'ellipsis',
  'string', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'concatenated_string',
  'interpolation', 'format_specifier', 'format_expression', 'type_conversion',
  'list', 'tuple', 'set', 'dictionary', 'pair', 'parenthesized_expression', 'expression_list',
  'unary_operator', 'binary_operator', 'boolean_operator', 'not_operator', 'comparison_operator',
  'subscript', 'slice', 'conditional_expression', 'lambda', 'lambda_parameters', 'keyword_argument',
  'argument_list', 'type', 'generic_type', 'type_parameter', 'comment', 'line_continuation',
]);

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string']);

/**
 * A constant-like assignment: names on the left; on the right literals, names, operators, containers,
 * lambdas, and calls whose arguments are all literals (`re.compile(r"\d+")`, `TypeVar("T")`).
 * Such a statement can be re-run in the sandbox without reading input or touching the world.
 */
export function isSimpleAssignment(node: Node): boolean {
  const assign = assignmentOf(node);
  const right = assign?.childForFieldName('right');
  if (!assign || assign.hasError) {
    return false;
  }
  return right ? isPure(right) : true; // `x: int` (annotation only) is harmless
}

function isPure(node: Node): boolean {
  if (node.type === 'call') {
    return isLiteralCall(node);
  }
  if (!PURE_TYPES.has(node.type)) {
    return false;
  }
  return node.namedChildren.every((c) => !c || isPure(c));
}

function isLiteralCall(node: Node): boolean {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute') || args?.type !== 'argument_list') {
    return false;
  }
  return args.namedChildren.every((a) => !a || isLiteralArg(a));
}

function isLiteralArg(node: Node): boolean {
  if (node.type === 'keyword_argument') {
    const value = node.childForFieldName('value');
    return !!value && isLiteralArg(value);
  }
  if (node.type === 'identifier') {
    return /^__\w+__$/.test(node.text); // __name__, __file__
  }
  if (LITERAL_TYPES.has(node.type)) {
    return true;
  }
  if (['list', 'tuple', 'set', 'dictionary', 'pair', 'unary_operator', 'parenthesized_expression'].includes(node.type)) {
    return node.namedChildren.every((c) => !c || isLiteralArg(c));
  }
  return false;
}

/** `try: import x` / `except ImportError: x = None` — an optional import, kept with the imports. */
export function isGuardedImport(node: Node): boolean {
  if (node.type !== 'try_statement' || node.hasError) {
    return false;
  }
  const blocks = node.descendantsOfType('block');
  return blocks.every((b) =>
    b.namedChildren.every((s) => !s || isImport(s) || s.type === 'pass_statement' || s.type === 'comment' || isSimpleAssignment(s)),
  );
}
