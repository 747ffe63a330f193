import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { generateInputs, guessTypes } from '../../../src/core/rank/inputs/generate';
import { describeType, parseTypeHint } from '../../../src/core/rank/inputs/typeHints';
import { parseCallArgs, parseValue, renderValue } from '../../../src/core/rank/inputs/values';
import { getParser } from '../../../src/core/python/parser';
import type { FunctionInfo } from '../../../src/core/types';

async function fnOf(source: string): Promise<FunctionInfo> {
  const text = `${source}\n`;
  const ctx = await buildContext({ text, offset: text.length });
  assert.ok(ctx.fn, 'the cursor is in the function');
  return ctx.fn;
}

/** The arguments of each generated call, as parsed values rendered back. */
function argsOf(calls: string[], name: string): string[][] {
  return calls.map((c) => {
    const parsed = parseCallArgs(c, name);
    assert.ok(parsed, `a literal call: ${c}`);
    return parsed.args.map(renderValue);
  });
}

describe('rank/inputs: type hints', () => {
  before(() => getParser());

  it('reads builtins, typing generics, Optional, Union, Literal and nesting', () => {
    const cases: [string, string][] = [
      ['int', 'int'],
      ['List[float]', 'list[float]'],
      ['list[list[int]]', 'list[list[int]]'],
      ['Dict[str, List[int]]', 'dict[str, list[int]]'],
      ['Optional[int]', 'int | none'],
      ['Union[int, str]', 'int | str'],
      ['int | None', 'int | none'],
      ['Tuple[int, ...]', 'tuple[int, ...]'],
      ['Tuple[str, int]', 'tuple[str, int]'],
      ["Literal['a', 'b']", 'Literal[2]'],
      ['typing.Sequence[str]', 'list[str]'],
      ['"List[int]"', 'list[int]'],
      ['Callable[[int], int]', 'unknown'],
      ['MyClass', 'unknown'],
    ];
    for (const [hint, want] of cases) {
      assert.strictEqual(describeType(parseTypeHint(hint)), want, hint);
    }
    assert.strictEqual(parseTypeHint(undefined).k, 'any');
  });

  it('reads and writes literal values', () => {
    for (const src of ["[1, -2.5, 'a\\'b', None, True]", "{'k': (1,), 2: {3}}", 'set()', "'line\\n'"]) {
      const v = parseValue(src);
      assert.ok(v, src);
      assert.deepStrictEqual(parseValue(renderValue(v)), v, src);
    }
    assert.strictEqual(parseValue('x + 1'), undefined);
    assert.strictEqual(parseValue("f'{x}'"), undefined);
  });
});

describe('rank/inputs: generation', () => {
  before(() => getParser());

  it('makes values of each hinted type, nested ones included', async () => {
    const fn = await fnOf('from typing import Dict, List, Optional, Tuple\ndef f(a: List[List[int]], b: Dict[str, float], c: Optional[str], d: Tuple[int, str], e: bool):\n    """Do it."""');
    const calls = await generateInputs(fn, [], { cap: 20, seed: 1, budgetMs: 5000 });
    assert.strictEqual(calls.length, 20);
    for (const args of argsOf(calls, 'f')) {
      const [a, b, c, d, e] = args.map((s) => parseValue(s)!);
      assert.strictEqual(a!.k, 'list');
      assert.ok(a!.k === 'list' && a!.items.every((x) => x.k === 'list' && x.items.every((y) => y.k === 'int')), `list[list[int]]: ${args[0]}`);
      assert.ok(b!.k === 'dict' && b!.entries.every(([k, v]) => k.k === 'str' && v.k === 'float'), `dict[str, float]: ${args[1]}`);
      assert.ok(c!.k === 'str' || c!.k === 'none', `Optional[str]: ${args[2]}`);
      assert.ok(d!.k === 'tuple' && d!.items.length === 2 && d!.items[0]!.k === 'int' && d!.items[1]!.k === 'str', `tuple[int, str]: ${args[3]}`);
      assert.strictEqual(e!.k, 'bool');
    }
    assert.strictEqual(new Set(calls).size, calls.length, 'no duplicates');
  });

  it('mutates the examples\' arguments and never repeats an example\'s call', async () => {
    const fn = await fnOf('def g(words, n):\n    """Pick n words."""');
    const examples = ["g(['ab', 'cd', 'ef'], 2)", "g(['x'], 1)"];
    const calls = await generateInputs(fn, examples, { cap: 15, seed: 3, budgetMs: 5000 });
    assert.ok(calls.length >= 10, calls.join('\n'));
    assert.ok(!calls.some((c) => examples.includes(c)));
    for (const [words, n] of argsOf(calls, 'g')) {
      assert.ok(parseValue(words!)!.k === 'list', words);
      assert.strictEqual(parseValue(n!)!.k, 'int', n);
    }
    assert.ok(calls.some((c) => c.includes("'ab'") || c.includes("'cd'")), 'seen strings are reused');
  });

  it('unhinted parameters: a guess from the name and the docstring, and a second type probed', async () => {
    assert.strictEqual(guessTypes('string', '')[0]!.k, 'str');
    assert.strictEqual(guessTypes('n', 'Return the n-th prime.')[0]!.k, 'int');
    assert.deepStrictEqual(guessTypes('lst', 'Given a list of strings lst')[0], { k: 'list', of: { k: 'str' } });
    const fn = await fnOf('def h(s):\n    """Count the vowels in the string s."""');
    const kinds = argsOf(await generateInputs(fn, [], { cap: 12, seed: 1, budgetMs: 5000 }), 'h').map(([a]) => parseValue(a!)!.k);
    assert.ok(kinds.filter((k) => k === 'str').length >= 6, kinds.join(','));
    assert.ok(kinds.some((k) => k !== 'str'), 'another type is probed too');
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const fn = await fnOf('from typing import List\ndef f(xs: List[int], k: int) -> int:\n    """Sum."""');
    const a = await generateInputs(fn, ['f([1, 2, 3], 2)'], { cap: 20, seed: 7, budgetMs: 5000 });
    const b = await generateInputs(fn, ['f([1, 2, 3], 2)'], { cap: 20, seed: 7, budgetMs: 5000 });
    const c = await generateInputs(fn, ['f([1, 2, 3], 2)'], { cap: 20, seed: 8, budgetMs: 5000 });
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(a, c);
  });

  it('makes nothing for a method or a parameter of a class type', async () => {
    const method = await fnOf('class C:\n    def m(self, x: int):\n        """M."""');
    assert.deepStrictEqual(await generateInputs(method, [], { cap: 10 }), []);
    const custom = await fnOf('def f(node: Node):\n    """Walk."""');
    assert.deepStrictEqual(await generateInputs(custom, [], { cap: 10 }), []);
  });
});
