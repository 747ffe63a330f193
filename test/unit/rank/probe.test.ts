import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { loadModuleSourceForExecution } from '../../../src/core/python/moduleSource';
import { getParser } from '../../../src/core/python/parser';
import { prepareExecution } from '../../../src/core/rank';
import { chooseTypes, generateInputs, probeTypes, type MatrixCellLike } from '../../../src/core/rank/inputs/generate';
import { parseCallArgs, parseValue, type PyValue } from '../../../src/core/rank/inputs/values';
import { Sandbox } from '../../../src/core/sandbox';
import type { CompletionContext, FunctionInfo, Sample } from '../../../src/core/types';

async function contextOf(source: string): Promise<CompletionContext> {
  const text = `${source}\n`;
  const ctx = await buildContext({ text, offset: text.length });
  assert.ok(ctx.fn, 'the cursor is in the function');
  return ctx;
}

async function fnOf(source: string): Promise<FunctionInfo> {
  return (await contextOf(source)).fn!;
}

const ok: MatrixCellLike = { status: 'ok' };
const typeError: MatrixCellLike = { status: 'error', type: 'TypeError' };
const indexError: MatrixCellLike = { status: 'error', type: 'IndexError' };

/** The first argument's value in each call. */
function firstArgs(calls: string[], name: string): PyValue[] {
  return calls.map((c) => parseCallArgs(c, name)!.args[0]!);
}

describe('rank/inputs: the execution type probe', () => {
  before(() => getParser());

  it('probes only parameters whose type is a guess: not hinted, no example, default or written call', async () => {
    assert.strictEqual(await probeTypes(await fnOf('def f(xs: list, k: int):\n    """Do it."""'), [], {}), undefined, 'hinted');
    assert.strictEqual(await probeTypes(await fnOf('def f(a, b=2):\n    """Do it."""'), ['f([1], 2)'], {}), undefined, 'the example shows both');
    const probe = await probeTypes(await fnOf('def f(a, k: int):\n    """Do it."""'), [], {});
    assert.ok(probe);
    assert.ok(probe.tried.every((t) => t.param === 0), 'only the unhinted parameter is probed');
    const kinds = new Set(probe.tried.map((t) => t.type.k));
    for (const k of ['int', 'float', 'str', 'list', 'dict']) {
      assert.ok(kinds.has(k as never), `tries ${k}`);
    }
    assert.ok(probe.calls.every((c) => /^f\(.+, -?\d+\)$/.test(c)), `the hinted one holds a value of its type: ${probe.calls.join(' ')}`);
    assert.strictEqual(probe.calls.length, probe.tried.length);
  });

  it('chooses the type most samples accept without a TypeError or AttributeError; other errors accept it', async () => {
    const probe = (await probeTypes(await fnOf('def count(a):\n    """Count them."""'), [], {}))!;
    // Two samples iterate a list of strings: ints and plain lists of ints raise TypeError, an empty-ish
    // IndexError still means the type was taken. The third sample accepts anything.
    const cellFor = (k: number, strict: boolean): MatrixCellLike => {
      const t = probe.tried[k]!.type;
      const listOfStr = t.k === 'list' && t.of.k === 'str';
      if (!strict) {
        return ok;
      }
      return listOfStr ? (k % 2 === 0 ? ok : indexError) : typeError;
    };
    const rows = [0, 1, 2].map((s) => probe.tried.map((_, k) => cellFor(k, s < 2)));
    const [chosen] = chooseTypes(probe, rows, [1, 1, 1]);
    assert.deepStrictEqual(chosen!.primary, { k: 'list', of: { k: 'str' } });
    assert.strictEqual(chosen!.second, undefined, 'no other type has a majority');
    // Votes count: one sample with five votes outweighs two that reject ints.
    const intRows = [probe.tried.map((t) => (t.type.k === 'int' ? ok : typeError)), ...rows.slice(0, 2)];
    assert.strictEqual(chooseTypes(probe, intRows, [5, 1, 1])[0]!.primary.k, 'int');
    // Ties keep the earlier guess: everything accepted, the name's guess (int for `a`) stays first.
    assert.strictEqual(chooseTypes(probe, [probe.tried.map(() => ok)], [1])[0]!.primary.k, 'int');
  });

  it('the chosen types drive generation, and a guess the probe did not touch stays', async () => {
    const fn = await fnOf('def count(a, n):\n    """Count them."""');
    const probed = [{ primary: { k: 'list', of: { k: 'str' } }, guessed: true }, undefined] as const;
    const calls = await generateInputs(fn, [], { cap: 12, seed: 1, probed: [...probed] });
    for (const call of calls) {
      const [a, n] = parseCallArgs(call, 'count')!.args;
      assert.ok(a!.k === 'list' && a!.items.every((x) => x.k === 'str'), call);
      assert.notStrictEqual(n!.k, 'list', call);
    }
  });
});

describe('rank/inputs: the probe in the real sandbox', function () {
  this.timeout(30000);

  it('generated inputs take the type the samples accept, not the one the name suggests', async () => {
    // `a` reads as an int by its name; every sample iterates it as a sequence of strings.
    const ctx = await contextOf('def total_length(a):\n    """The total length of the things."""');
    const fn = ctx.fn!;
    const texts = ['    return sum(len(w) for w in a)\n', '    t = 0\n    for w in a:\n        t += len(w)\n    return t\n', '    return len("".join(a))\n'];
    const samples: Sample[] = texts.map((text, index) => ({ text, index, finishReason: 'stop' }));
    const sandbox = await Sandbox.start({ workers: 2, limits: { timeoutMs: 3000 }, moduleSource: await loadModuleSourceForExecution(ctx.text, [{ start: fn.startOffset, end: fn.endOffset }]) });
    try {
      const execution = await prepareExecution(ctx, samples, { mode: 'auto', sandbox, inputs: { cap: 10, seed: 1, inputTimeoutMs: 500 } });
      assert.ok(execution.matrix, execution.fallback);
      const args = firstArgs(
        execution.matrix.inputs.map((i) => i.source),
        'total_length',
      );
      assert.ok(args.length >= 8, `inputs: ${args.length}`);
      assert.ok(args.every((v) => v.k === 'str' || v.k === 'list'), `no ints: ${execution.matrix.inputs.map((i) => i.source).join(' ')}`);
      // Every sample runs every kept input: the probe's type is one they accept.
      assert.ok(execution.matrix.rows.every((row) => row.every((c) => c.status === 'ok')), JSON.stringify(execution.matrix.rows));
    } finally {
      sandbox.dispose();
    }
  });
});

describe('rank/inputs: mutations', () => {
  before(() => getParser());

  const valuesOf = async (source: string, cap: number, examples: string[] = []): Promise<PyValue[][]> => {
    const fn = await fnOf(source);
    const calls = await generateInputs(fn, examples, { cap, seed: 1, budgetMs: 5000 });
    return calls.map((c) => parseCallArgs(c, fn.name)!.args);
  };
  const flat = (v: PyValue): PyValue[] => (v.k === 'list' || v.k === 'tuple' || v.k === 'set' ? v.items.flatMap(flat) : [v]);

  it('numbers in a list go negative and past the small seeds; a scalar count stays non-negative', async () => {
    const args = await valuesOf('from typing import List\ndef f(xs: List[int], n: int):\n    """Sum the first n."""', 60);
    const items = args.flatMap(([xs]) => flat(xs!)).map((v) => (v as { v: number }).v);
    assert.ok(items.some((v) => v < 0), `a negative element: ${items.join(',')}`);
    assert.ok(items.some((v) => v > 20), `an element beyond the seeds' small values: ${items.join(',')}`);
    assert.ok(args.every(([, n]) => (n as { v: number }).v >= 0), 'no negative scalar without a sign of one in the file');
  });

  it('lists come sorted or reversed too; strings change case; floats take whole values', async () => {
    const lists = (await valuesOf('from typing import List\ndef f(xs: List[int]):\n    """Check."""', 40)).map(([xs]) => (xs as { items: { v: number }[] }).items.map((x) => x.v));
    const sorted = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! <= x);
    const descending = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! >= x);
    assert.ok(lists.some((xs) => xs.length >= 3 && sorted(xs)), JSON.stringify(lists));
    assert.ok(lists.some((xs) => xs.length >= 3 && descending(xs)), JSON.stringify(lists));
    const strs = (await valuesOf('def g(s: str):\n    """Check."""', 40)).map(([s]) => (s as { v: string }).v);
    assert.ok(strs.some((s) => /[a-z][A-Z]|[A-Z]{2}/.test(s) && !['AbC', 'Hello World', 'Hi there'].includes(s)), `a case change: ${strs.join('|')}`);
    assert.ok(strs.some((s) => s.length > 0 && s.length % 2 === 0) && strs.some((s) => s.length % 2 === 1), 'odd and even lengths');
    const floats = (await valuesOf('def h(x: float):\n    """Check."""', 40, ['h(2.5)'])).map(([x]) => x!);
    assert.ok(floats.some((x) => x.k === 'float' && Number.isInteger(x.v) && x.v !== 0), JSON.stringify(floats));
  });

  it('examples that pass an int and a float for one parameter make both', async () => {
    const args = await valuesOf('def any_sum(x, y):\n    """Check."""', 20, ['any_sum(5, 2)', 'any_sum(3.6, -2.2)']);
    const kinds = new Set(args.map(([x]) => x!.k));
    assert.ok(kinds.has('int') && kinds.has('float'), [...kinds].join(','));
    assert.strictEqual(parseValue('3.0')!.k, 'float');
  });

  it("the element type comes from all the examples' lists: an empty first example does not make a flat list", async () => {
    const args = await valuesOf('def row_of(grid, x):\n    """Find x."""', 15, ['row_of([], 1)', 'row_of([[], [1], [1, 2, 3]], 3)']);
    const grids = args.map(([g]) => g!).filter((g) => g.k === 'list' && g.items.length > 0);
    assert.ok(grids.length >= 5, JSON.stringify(grids));
    assert.ok(grids.every((g) => (g as { items: PyValue[] }).items.every((row) => row.k === 'list')), JSON.stringify(grids));
  });
});
