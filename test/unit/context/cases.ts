/**
 * Cursor-marked cases for buildContext: the text with `║` at the cursor and what a Python developer
 * expects there. `fn` fields are compared exactly; omitted fields are not checked.
 */
import type { Decision, FunctionInfo } from '../../../src/core/types';

export interface ContextCase {
  name: string;
  code: string;
  languageId?: string;
  decision: Decision['kind'];
  /** A substring of the `none` reason. */
  reason?: string;
  fn?: Partial<FunctionInfo> & { docText?: string; className?: string };
  suffixInFunction?: string;
  /** The text after the function starts with this. */
  suffixAfterStartsWith?: string;
}

/** Like HumanEval/115: the body starts with an import, the docstring comes second. */
const HUMAN_EVAL_IMPORT_FIRST = `def max_fill(grid, capacity):
    import math
    """
    Count the lowerings of the buckets.
    >>> max_fill([[0, 1]], 1)
    1
    """
║`;

const HUMAN_EVAL = `from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than
    given threshold.
    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
    False
    """
║`;

export const DECISION_CASES: ContextCase[] = [
  {
    name: 'HumanEval prompt, cursor at column 0 after the docstring',
    code: HUMAN_EVAL,
    decision: 'body',
    fn: { name: 'has_close_elements', bodySoFar: '\n', bodyIndent: '    ', defIndent: '', returnAnnotation: 'bool' },
  },
  {
    name: 'indented empty line after the docstring, another def follows',
    code: 'def f(x):\n    """Double x."""\n    ║\n\n\ndef g():\n    pass\n',
    decision: 'body',
    fn: { name: 'f', bodySoFar: '\n    ', docText: 'Double x.' },
    suffixInFunction: '',
    suffixAfterStartsWith: '\n\n\ndef g():',
  },
  {
    name: 'end of the docstring closing line',
    code: 'def f(x):\n    """Double x."""║\n',
    decision: 'body',
    fn: { bodySoFar: '' },
  },
  {
    name: 'def without docstring or body yet (tree-sitter sees an empty block)',
    code: 'def add(a, b):\n    ║',
    decision: 'body',
    fn: { name: 'add', bodySoFar: '\n    ', bodyIndent: '    ' },
  },
  {
    name: 'def without body, more code below',
    code: 'def add(a, b):\n    ║\n\nprint(add(1, 2))\n',
    decision: 'body',
    fn: { name: 'add' },
    suffixAfterStartsWith: '\n\nprint(add(1, 2))',
  },
  {
    name: 'inside an open call in the body',
    code: 'def f(xs):\n    """Sum."""\n    total = sum(║\n',
    decision: 'rest',
    fn: { bodySoFar: '\n    total = sum(' },
  },
  {
    name: 'next line of a partly written body',
    code: 'def f(xs):\n    """Sum."""\n    total = 0\n    ║',
    decision: 'rest',
  },
  {
    name: 'inside a loop body',
    code: 'def f(xs):\n    total = 0\n    for x in xs:\n        ║\n',
    decision: 'rest',
  },
  {
    name: 'after a return, nothing left in the function',
    code: 'def f(x):\n    """Double."""\n    return 2 * x\n    ║\n',
    decision: 'none',
    reason: 'already complete',
  },
  {
    name: 'at the end of the return line',
    code: 'def f(x):\n    return 2 * x║\n',
    decision: 'none',
    reason: 'already complete',
  },
  {
    name: 'bare return being typed',
    code: 'def f(x):\n    if x:\n        pass\n    return║\n',
    decision: 'rest',
  },
  {
    name: 'after a raise',
    code: 'def f(x):\n    raise NotImplementedError("later")\n    ║\n',
    decision: 'none',
    reason: 'already complete',
  },
  {
    name: 'after pass',
    code: 'def f(x):\n    """Stub."""\n    pass\n    ║\n',
    decision: 'none',
    reason: 'already complete',
  },
  {
    name: 'return inside an if is not the end of the function',
    code: 'def f(x):\n    if x < 0:\n        return 0\n    ║\n',
    decision: 'rest',
  },
  {
    name: 'blank line between docstring and existing code',
    code: 'def f(x):\n    """Doc."""\n    ║\n    return x\n',
    decision: 'rest',
    suffixInFunction: '\n    return x',
  },
  {
    name: 'column 0 on a blank line between statements',
    code: 'def f():\n    a = 1\n║\n    return a\n',
    decision: 'rest',
    fn: { name: 'f' },
  },
  {
    name: 'only a comment so far',
    code: 'def f(x):\n    """Doc."""\n    # first, validate\n    ║',
    decision: 'rest',
  },
  {
    name: 'inside the docstring',
    code: 'def f(x):\n    """Return the ║double."""\n',
    decision: 'none',
    reason: 'inside a string',
  },
  {
    name: 'docstring still open (being typed)',
    code: 'def f(x):\n    """Return the double\n    ║',
    decision: 'none',
    reason: 'inside a string',
  },
  {
    name: 'inside a string literal in the body',
    code: 'def f(x):\n    s = "abc║def"\n    return s\n',
    decision: 'none',
    reason: 'inside a string',
  },
  {
    name: 'unterminated string literal on the cursor line',
    code: 'def f(x):\n    s = "abc║\n',
    decision: 'none',
    reason: 'inside a string',
  },
  {
    name: 'inside a comment',
    code: 'def f(x):\n    # compute the ║\n',
    decision: 'none',
    reason: 'inside a comment',
  },
  {
    name: 'after a string containing #',
    code: 'def f(x):\n    s = "#" + x\n    ║',
    decision: 'rest',
  },
  {
    name: 'module level',
    code: 'import os\nx = 1\n║',
    decision: 'none',
    reason: 'not inside a function',
  },
  {
    name: 'HumanEval/115-style prompt: statements before the docstring, cursor at column 0 at the end',
    code: HUMAN_EVAL_IMPORT_FIRST,
    decision: 'rest',
    fn: { name: 'max_fill', bodySoFar: '\n    import math\n    """\n    Count the lowerings of the buckets.\n    >>> max_fill([[0, 1]], 1)\n    1\n    """\n' },
    suffixInFunction: '',
  },
  {
    name: 'column 0 after statements then a string, with code below: module level',
    code: 'def f(x):\n    y = x\n    """Note."""\n║\nprint(f(1))\n',
    decision: 'none',
    reason: 'not inside a function',
  },
  {
    name: 'statements then a docstring, cursor at column 0 after blank lines at the end',
    code: 'def f(x):\n    y = x\n    """Note."""\n\n\n║',
    decision: 'rest',
    fn: { bodySoFar: '\n    y = x\n    """Note."""\n\n\n' },
  },
  {
    name: 'column 0 after a finished function',
    code: 'def f(x):\n    """Doc."""\n    return x\n║',
    decision: 'none',
    reason: 'not inside a function',
  },
  {
    name: 'in the parameter list',
    code: 'def f(a, ║b):\n    pass\n',
    decision: 'none',
    reason: 'header of function f',
  },
  {
    name: 'end of the def line',
    code: 'def f(x):║\n',
    decision: 'none',
    reason: 'end of the def line of f',
  },
  {
    name: 'one-line def with its body',
    code: 'def f(x): return x║\n',
    decision: 'none',
    reason: 'already complete',
  },
  {
    name: 'on a decorator line',
    code: '@cache║\ndef f(x):\n    pass\n',
    decision: 'none',
  },
  {
    name: 'start of the file',
    code: '║def f():\n    pass\n',
    decision: 'none',
  },
  {
    name: 'empty document',
    code: '║',
    decision: 'none',
  },
  {
    name: 'another language',
    code: 'function f() {\n  ║\n}\n',
    languageId: 'javascript',
    decision: 'none',
    reason: 'not Python',
  },
  {
    name: 'class body at method level after a method',
    code: 'class A:\n    def m(self):\n        return 1\n    ║\n',
    decision: 'none',
    reason: 'body of class A',
  },
  {
    name: '@overload stub then the implementation',
    code: 'from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    """Identity."""\n    ║\n',
    decision: 'body',
    fn: { name: 'f', decorators: [], docText: 'Identity.' },
  },
  {
    name: 'after an @overload stub',
    code: 'from typing import overload\n\n@overload\ndef f(x: int) -> int:\n    ...\n    ║\n',
    decision: 'none',
    reason: 'already complete',
  },
];

export const FUNCTION_CASES: ContextCase[] = [
  {
    name: 'multi-line signature with annotations, defaults and a return annotation',
    code: 'def window(\n    xs: list[int],\n    size: int = 3,\n    *,\n    step: int = 1,\n) -> list[list[int]]:\n    """Sliding windows."""\n    ║',
    decision: 'body',
    fn: {
      name: 'window',
      returnAnnotation: 'list[list[int]]',
      signature: 'def window(\n    xs: list[int],\n    size: int = 3,\n    *,\n    step: int = 1,\n) -> list[list[int]]:',
    },
  },
  {
    name: 'decorators and async',
    code: '@app.get("/items/{id}")\n@cache(ttl=60)\nasync def item(id: int) -> dict:\n    """Fetch one item."""\n    ║',
    decision: 'body',
    fn: { name: 'item', isAsync: true, decorators: ['@app.get("/items/{id}")', '@cache(ttl=60)'], startOffset: 0 },
  },
  {
    name: 'raw single-quoted docstring',
    code: "def rx():\n    r'''Match \\d+.'''\n    ║",
    decision: 'body',
    fn: { docText: 'Match \\d+.' },
  },
  {
    name: 'method: enclosing class, other methods, nesting',
    code: 'class Stack:\n    items: list\n\n    def push(self, x):\n        self.items.append(x)\n\n    def pop(self):\n        """Remove the top item."""\n        ║\n\n    def peek(self):\n        return self.items[-1]\n',
    decision: 'body',
    fn: { name: 'pop', nesting: ['Stack'], bodyIndent: '        ', defIndent: '    ', className: 'Stack' },
  },
  {
    name: 'nested function',
    code: 'def outer(n):\n    def inner(k):\n        """k plus n."""\n        ║\n    return inner\n',
    decision: 'body',
    fn: { name: 'inner', nesting: ['outer'], enclosingFunctionStartOffset: 0, bodyIndent: '        ' },
    suffixInFunction: '',
    suffixAfterStartsWith: '\n    return inner',
  },
  {
    name: 'outer function after a nested one',
    code: 'def outer(n):\n    def inner(k):\n        return k + n\n    ║',
    decision: 'rest',
    fn: { name: 'outer', nesting: [] },
  },
  {
    name: 'function nested in a method',
    code: 'class A:\n    def m(self):\n        def helper(x):\n            """Help."""\n            ║\n        return helper\n',
    decision: 'body',
    fn: { name: 'helper', nesting: ['A', 'm'], className: 'A', enclosingFunctionStartOffset: 13 },
  },
  {
    name: 'two-space indentation',
    code: 'def f(x):\n  """Doc."""\n  ║',
    decision: 'body',
    fn: { indentUnit: '  ', bodyIndent: '  ' },
  },
  {
    name: 'syntax error in the body swallows the next def; the function ends by indentation',
    code: 'def f(x):\n    """Doc."""\n    y = foo(║\n\ndef g():\n    pass\n',
    decision: 'rest',
    suffixInFunction: '',
    suffixAfterStartsWith: '\n\ndef g():',
  },
  {
    name: 'syntax error above the function (unclosed bracket)',
    code: 'import json\n\nVALUES = [1, 2,\n\ndef parse(text: str) -> dict:\n    """Parse text."""\n    ║\n',
    decision: 'body',
    fn: { name: 'parse', returnAnnotation: 'dict' },
  },
  {
    name: 'syntax error below the function',
    code: 'def f():\n    """Doc."""\n    ║\n\ndef g(:\n    pass\n',
    decision: 'body',
    fn: { name: 'f' },
  },
  {
    name: 'decorated function after a syntax error above',
    code: 'x = (1,\n\n@staticmethod\ndef f():\n    """Doc."""\n    ║\n',
    decision: 'body',
    fn: { name: 'f', decorators: ['@staticmethod'] },
  },
  {
    name: 'default values containing # and parentheses',
    code: 'def f(sep="#", close=")"):\n    """Join."""\n    ║',
    decision: 'body',
    fn: { name: 'f' },
  },
  {
    name: 'cursor at column 0 after a method with only a docstring',
    code: 'class A:\n    def m(self):\n        """Doc."""\n║',
    decision: 'body',
    fn: { name: 'm', className: 'A' },
  },
];
