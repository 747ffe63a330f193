import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { generateInputs, guessTypes } from '../../../src/core/rank/inputs/generate';
import { evalInputOptions } from '../../../src/core/eval/runEval';
import { describeType, parseTypeHint } from '../../../src/core/rank/inputs/typeHints';
import { callsIn, parseCallArgs, parseValue, renderValue } from '../../../src/core/rank/inputs/values';
import { typeFromUsage } from '../../../src/core/rank/inputs/usage';
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

  it('with passk eval\'s options makes the same inputs however slow the clock runs', async () => {
    const fn = await fnOf('from typing import List\ndef f(xs: List[int], k: int) -> int:\n    """Sum."""');
    const evalOptions = { ...evalInputOptions(20), seed: 7 };
    const quiet = await generateInputs(fn, ['f([1, 2, 3], 2)'], evalOptions);
    const realNow = Date.now;
    let t = realNow();
    Date.now = () => (t += 5); // a loaded machine: each look at the clock finds 5 ms gone
    try {
      const loaded = await generateInputs(fn, ['f([1, 2, 3], 2)'], evalOptions);
      const limited = await generateInputs(fn, ['f([1, 2, 3], 2)'], { cap: 20, seed: 7, budgetMs: 20 });
      assert.deepStrictEqual(loaded, quiet);
      assert.ok(limited.length < quiet.length, `the editor's 20 ms limit stops early on such a clock (${limited.length} of ${quiet.length})`);
    } finally {
      Date.now = realNow;
    }
  });

  it('makes nothing for a method or a parameter of a class type', async () => {
    const method = await fnOf('class C:\n    def m(self, x: int):\n        """M."""');
    assert.deepStrictEqual(await generateInputs(method, [], { cap: 10 }), []);
    const custom = await fnOf('def f(node: Node):\n    """Walk."""');
    assert.deepStrictEqual(await generateInputs(custom, [], { cap: 10 }), []);
  });
});

describe('rank/inputs: what the samples and the model-written tests say about the arguments', () => {
  before(async () => {
    await getParser();
  });

  it('types an unhinted parameter by what most samples use it as', () => {
    assert.deepStrictEqual(typeFromUsage('x', ['    return x.split()\n', '    return x.lower()\n', '    return len(x)\n']), { k: 'str' });
    assert.deepStrictEqual(typeFromUsage('n', ['    return list(range(n))\n', '    return n % 2 == 0\n']), { k: 'int' });
    assert.deepStrictEqual(typeFromUsage('q', ['    return sum(q) < 3\n', '    q.sort()\n    return q\n']), { k: 'list', of: { k: 'int' } });
    assert.deepStrictEqual(typeFromUsage('d', ['    return all(k.islower() for k in d.keys())\n', '    return d.items()\n']), {
      k: 'dict',
      key: { k: 'str' },
      value: { k: 'int' },
    });
    // One sample is no majority; samples that disagree decide nothing; `ax.split()` is not `x`.
    assert.strictEqual(typeFromUsage('x', ['    return x.split()\n']), undefined);
    assert.strictEqual(typeFromUsage('x', ['    return x.split()\n', '    return x.upper()\n', '    return range(x)\n', '    return x % 3\n']), undefined);
    assert.strictEqual(typeFromUsage('x', ['    return ax.split()\n', '    return ax.strip()\n']), undefined);
  });

  it('generates inputs of the type the samples use, not the one the name suggests', async () => {
    const fn = await fnOf('def shift(text, k):\n    """Shift."""');
    const samples = ['    return str(text)[k:]\n', '    return text % 10 + k\n', '    return range(text)\n'];
    const byName = argsOf(await generateInputs(fn, [], { cap: 6, seed: 3 }), 'shift');
    assert.ok(byName.some((args) => args[0]!.startsWith("'")), `the name says str: ${JSON.stringify(byName)}`);
    const byUse = argsOf(await generateInputs(fn, [], { cap: 6, seed: 3, samples }), 'shift');
    assert.ok(byUse.every((args) => /^-?\d+$/.test(args[0]!)), `the samples say int: ${JSON.stringify(byUse)}`);
  });

  it("the model-written tests' calls are inputs as written and show the argument types", async () => {
    assert.deepStrictEqual(callsIn('assert shift(12, 1) == "21" and shift(3, shift(1, 1)) == 4', 'shift'), ['shift(12, 1)', 'shift(3, shift(1, 1))']);
    assert.deepStrictEqual(callsIn('assert shift(', 'shift'), []);
    const fn = await fnOf('def shift(text, k):\n    """Shift."""');
    const calls = await generateInputs(fn, [], { cap: 9, seed: 3, seedCalls: ['shift(12, 1)', 'shift(3, shift(1, 1))'] });
    assert.strictEqual(calls[0], 'shift(12, 1)');
    assert.ok(argsOf(calls, 'shift').every((args) => /^-?\d+$/.test(args[0]!)), JSON.stringify(calls));
  });
});
