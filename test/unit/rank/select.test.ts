import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { isDegenerate } from '../../../src/core/rank/degenerate';
import { buildMatrix, type ExecutionMatrix, type MatrixCell, type MatrixInput } from '../../../src/core/rank/matrix';
import { describeEntry, keptInputs, orderEntries, type Execution } from '../../../src/core/rank/select';
import { Sandbox } from '../../../src/core/sandbox';
import type { Sample } from '../../../src/core/types';

const ok = (key: string): MatrixCell => ({ status: 'ok', got: key, key });
const raise = (type: string): MatrixCell => ({ status: 'error', type, message: `${type}: x` });
const sample = (index: number, text = `    return ${index}\n`): Sample => ({ text, index, finishReason: 'stop' });
const generated = (n: number): MatrixInput[] => Array.from({ length: n }, (_, i) => ({ kind: 'generated', source: `f(${i})` }));

/** Entries for a hand-made matrix: row i belongs to sample i. */
function entriesFor(rows: MatrixCell[][], inputs: MatrixInput[], texts?: string[]) {
  const matrix: ExecutionMatrix = { inputs, rows, unusable: new Set() };
  const execution: Execution = { matrix, rows: new Map(rows.map((r, i) => [`k${i}`, r])) };
  const entries = rows.map((_, i) => describeEntry(sample(i, texts?.[i]), 1, `k${i}`, execution));
  return { entries, execution, matrix };
}

describe('rank/select', () => {
  it('keeps a generated input only when most executable samples run it to a value', () => {
    const { entries, matrix } = entriesFor(
      [
        [ok('1'), raise('TypeError'), ok('a')],
        [ok('1'), raise('TypeError'), raise('ValueError')],
        [ok('2'), ok('x'), ok('a')],
      ],
      generated(3),
    );
    assert.deepStrictEqual(keptInputs(entries, matrix), [0, 2]);
  });

  it('a sample that fails on a name it never defined abstains from the kept-inputs vote', () => {
    // Two of three samples call a helper they never wrote: the third alone decides, and it runs both inputs.
    const rows = [
      [ok('[]'), raise('NameError')],
      [ok('[]'), raise('NameError')],
      [ok('[]'), ok('3')],
    ];
    const { entries, matrix } = entriesFor(rows, generated(2));
    assert.deepStrictEqual(keptInputs(entries, matrix), [0, 1]);
    // A TypeError is a refusal of the input: the same matrix with TypeErrors drops it.
    const refused = entriesFor([rows[0]!.map((c, k) => (k === 1 ? raise('TypeError') : c)), rows[1]!.map((c, k) => (k === 1 ? raise('TypeError') : c)), rows[2]!], generated(2));
    assert.deepStrictEqual(keptInputs(refused.entries, refused.matrix), [0]);
  });

  it('auto: the largest behaviour cluster wins over a higher-scored loner; the same exception type is the same behaviour', () => {
    const rows = [
      [ok('5'), ok('7'), ok('z')], // the loner, first in the backend order
      [ok('4'), ok('6'), raise('IndexError')],
      [ok('4'), ok('6'), raise('IndexError')],
      [ok('4'), ok('6'), ok('0')],
      [ok('4'), ok('6'), ok('1')],
    ];
    const { entries, execution } = entriesFor(rows, generated(3));
    const order = orderEntries(entries, 'auto', execution).map((e) => e.sample.index);
    assert.deepStrictEqual(order.slice(0, 2).sort(), [1, 2]);
    const first = orderEntries(entries, 'auto', execution)[0]!;
    assert.strictEqual(first.clusterSize, 2);
    assert.ok(first.reasons.includes('chosen: larger behaviour cluster'), first.reasons.join('; '));
  });

  it('auto and behaviour: between clusters of one size, the one the other clusters share more outputs with wins', () => {
    const rows = [
      [ok('1'), ok('2'), ok('3')], // cluster A, first in the backend order
      [ok('1'), ok('2'), ok('3')],
      [ok('7'), ok('8'), ok('9')], // cluster B
      [ok('7'), ok('8'), ok('9')],
      [ok('7'), ok('8'), ok('0')], // a loner that agrees with B on two of three inputs
      [ok('5'), ok('2'), ok('6')], // a loner that agrees with A on one
    ];
    for (const mode of ['auto', 'behaviour'] as const) {
      const { entries, execution } = entriesFor(rows, generated(3));
      const ordered = orderEntries(entries, mode, execution);
      assert.deepStrictEqual(ordered.slice(0, 2).map((e) => e.sample.index).sort(), [2, 3], mode);
      assert.strictEqual(ordered[0]!.clusterSize, 2);
      assert.ok(Math.abs(ordered[0]!.clusterOverlap! - (2 * 0 + 1 * (2 / 3) + 1 * 0)) < 1e-9, `B's overlap: ${ordered[0]!.clusterOverlap}`);
      assert.ok(Math.abs(entries[0]!.clusterOverlap! - 1 / 3) < 1e-9, `A's overlap: ${entries[0]!.clusterOverlap}`);
      const step = mode === 'auto' ? 'more outputs shared with the clusters passing as many examples' : 'more outputs shared with the other clusters';
      assert.ok(ordered[0]!.reasons.includes(`chosen: ${step}`), ordered[0]!.reasons.join('; '));
    }
  });

  it('auto and behaviour: between clusters of one size, the one raising on fewer kept inputs wins before overlap', () => {
    const rows = [
      [ok('1'), raise('IndexError'), ok('3')], // cluster A, first in the backend order: raises on input 1
      [ok('1'), raise('IndexError'), ok('3')],
      [ok('1'), ok('2'), ok('4')], // cluster B
      [ok('1'), ok('2'), ok('4')],
      [ok('1'), ok('5'), ok('3')], // a loner sharing more outputs with A (so overlap alone would pick A)
    ];
    for (const mode of ['auto', 'behaviour'] as const) {
      const { entries, execution, matrix } = entriesFor(rows, generated(3));
      assert.deepStrictEqual(keptInputs(entries, matrix), [0, 1, 2], 'most samples run input 1');
      const ordered = orderEntries(entries, mode, execution);
      assert.deepStrictEqual(ordered.slice(0, 2).map((e) => e.sample.index).sort(), [2, 3], mode);
      assert.deepStrictEqual([entries[0]!.clusterRaises, entries[2]!.clusterRaises], [1, 0]);
      assert.ok(entries[0]!.clusterOverlap! > entries[2]!.clusterOverlap!, 'A has the larger overlap');
      assert.ok(ordered[0]!.reasons.includes('chosen: fewer exceptions on the generated inputs'), ordered[0]!.reasons.join('; '));
    }
  });

  it('auto: overlap counts only the clusters that pass as many examples (a cluster failing one is no evidence); behaviour counts all', () => {
    const inputs: MatrixInput[] = [{ kind: 'example', source: 'f(1)', spec: { kind: 'equals', source: 'f(1)', expected: '1' } }, ...generated(2)];
    const passed: MatrixCell = { status: 'passed', got: '1', key: 'n1' };
    const failed: MatrixCell = { status: 'failed', got: '2', key: 'n2' };
    const rows = [
      [passed, ok('a'), ok('b')], // cluster A, first in the backend order
      [passed, ok('a'), ok('b')],
      [passed, ok('c'), ok('d')], // cluster B
      [passed, ok('c'), ok('d')],
      [failed, ok('a'), ok('b')], // fails the example, agrees with A everywhere else
      [passed, ok('c'), ok('e')], // passes it, agrees with B on one input
    ];
    const { entries, execution } = entriesFor(rows, inputs);
    const ordered = orderEntries(entries, 'auto', execution);
    assert.deepStrictEqual(ordered.slice(0, 2).map((e) => e.sample.index).sort(), [2, 3]);
    assert.strictEqual(entries[0]!.tierOverlap, 0, "A: the failing loner's agreement is not counted");
    assert.ok(Math.abs(entries[2]!.tierOverlap! - 1 / 2) < 1e-9, `B: ${entries[2]!.tierOverlap}`);
    assert.ok(ordered[0]!.reasons.includes('chosen: more outputs shared with the clusters passing as many examples'), ordered[0]!.reasons.join('; '));
    // behaviour ignores the examples' verdicts: the loner's agreement counts, and A wins there.
    const again = entriesFor(rows, inputs);
    const byBehaviour = orderEntries(again.entries, 'behaviour', again.execution);
    assert.strictEqual(again.entries[0]!.clusterOverlap, 1);
    assert.deepStrictEqual(byBehaviour.slice(0, 2).map((e) => e.sample.index).sort(), [0, 1]);
  });

  it('auto: examples passed come before clusters, degenerate samples after everything', () => {
    const inputs: MatrixInput[] = [{ kind: 'example', source: 'f(1)', spec: { kind: 'equals', source: 'f(1)', expected: '1' } }, ...generated(2)];
    const passed: MatrixCell = { status: 'passed', got: '1', key: 'n1' };
    const failed: MatrixCell = { status: 'failed', got: '2', key: 'n2' };
    const rows = [
      [failed, ok('a'), ok('b')],
      [failed, ok('a'), ok('b')],
      [passed, ok('c'), ok('d')],
      [passed, ok('c'), ok('d')],
    ];
    const texts = ['    return 2\n', '    return 2 \n', '    pass\n', '    return 1\n'];
    const { entries, execution } = entriesFor(rows, inputs, texts);
    const order = orderEntries(entries, 'auto', execution).map((e) => e.sample.index);
    assert.deepStrictEqual(order, [3, 2, 0, 1]);
  });

  it('auto: a cluster the model-written tests vouch for beats a loner with the best consensus set (cluster × (1 + dual score))', () => {
    const tests: MatrixInput[] = [
      { kind: 'test', source: 'assert f(0) == 1', weight: 1 },
      { kind: 'test', source: 'assert f(1) == 2', weight: 1 },
    ];
    const pass: MatrixCell = { status: 'ok', got: 'None', key: 'None' };
    const fail = raise('AssertionError');
    const rows = [
      [ok('9'), ok('8'), pass, pass], // the loner passes both tests: consensus score 2 × √1 = 2
      [ok('1'), ok('2'), pass, fail], // three alike that pass one: 1 × √3 ≈ 1.73, but cluster 3 × 2.73
      [ok('1'), ok('2'), pass, fail],
      [ok('1'), ok('2'), pass, fail],
    ];
    const { entries, execution } = entriesFor(rows, [...generated(2), ...tests]);
    const first = orderEntries(entries, 'auto', execution)[0]!;
    assert.strictEqual(first.clusterSize, 3);
    assert.ok(first.reasons.includes('chosen: larger behaviour cluster'), first.reasons.join('; '));
    // CodeT's dual agreement alone takes the loner.
    assert.strictEqual(orderEntries(entries, 'codet', execution)[0]!.sample.index, 0);
  });

  it('the degenerate filter: empty, stubs and repetition', () => {
    for (const text of ['', '    pass\n', '    # TODO\n    ...\n', '    raise NotImplementedError()\n', '    """Doc."""\n    return\n', '    x = 1\n'.repeat(7)]) {
      assert.ok(isDegenerate(text), JSON.stringify(text));
    }
    for (const text of ['    return x\n', '    if x:\n        return 1\n    return 0\n']) {
      assert.ok(!isDegenerate(text), JSON.stringify(text));
    }
  });
});

describe('rank/matrix in the real sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ workers: 2 });
  });
  after(() => sandbox.dispose());

  it('floats within tolerance, equal sets and dicts, and the same exception type cluster together', async () => {
    const text = 'def f(x: int):\n    """F."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const bodies = [
      '    if x < 0:\n        raise ValueError("negative")\n    return [0.1 + 0.2, {1, 2}, {"a": x}]\n',
      '    if x < 0:\n        raise ValueError("below zero")\n    return [0.3, {2, 1}, dict(a=x)]\n',
      '    return [0.31, {1, 2}, {"a": x}]\n',
    ];
    const inputs: MatrixInput[] = [{ kind: 'generated', source: 'f(1)' }, { kind: 'generated', source: 'f(-1)' }];
    const matrix = await buildMatrix(ctx, bodies.map((b, i) => sample(i, b)), inputs, sandbox, { inputTimeoutMs: 500, timeoutMs: 3000 });
    assert.ok(matrix.rows[0]![0]!.key, JSON.stringify(matrix.rows));
    assert.strictEqual(matrix.rows[0]![0]!.key, matrix.rows[1]![0]!.key, 'same output up to float rounding and order');
    assert.notStrictEqual(matrix.rows[0]![0]!.key, matrix.rows[2]![0]!.key);
    assert.deepStrictEqual([matrix.rows[0]![1]!.type, matrix.rows[1]![1]!.type], ['ValueError', 'ValueError']);
    const execution: Execution = { matrix, rows: new Map(matrix.rows.map((r, i) => [`k${i}`, r])) };
    const entries = matrix.rows.map((_, i) => describeEntry(sample(i, bodies[i]), 1, `k${i}`, execution));
    const ranked = orderEntries(entries, 'behaviour', execution);
    assert.strictEqual(ranked[0]!.cluster, ranked[1]!.cluster);
    assert.deepStrictEqual(ranked.slice(0, 2).map((e) => e.sample.index).sort(), [0, 1]);
  });

  it('examples compare by value: a doctest output written with other quotes, a float to 6 digits; a list is no tuple', async () => {
    const text = 'def f(x: int):\n    """F."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const body = '    return "21" if x == 1 else [1, 2]\n';
    const inputs: MatrixInput[] = [
      { kind: 'example', source: 'f(1)', spec: { kind: 'doctest', source: 'f(1)', expected: '"21"' } },
      { kind: 'example', source: 'f(2)', spec: { kind: 'doctest', source: 'f(2)', expected: '(1, 2)' } },
      { kind: 'example', source: 'f(3)', spec: { kind: 'equals', source: 'f(3) == [1, 2] and 0.1 + 0.2', expected: '0.3' } },
    ];
    const matrix = await buildMatrix(ctx, [sample(0, body)], inputs, sandbox, { inputTimeoutMs: 500, timeoutMs: 3000 });
    assert.deepStrictEqual(matrix.rows[0]!.map((c) => c.status), ['passed', 'failed', 'passed'], JSON.stringify(matrix.rows));
  });

  it('one input that loops forever times out alone; the others still run', async () => {
    const text = 'def f(x: int):\n    """F."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const body = '    while x < 0:\n        pass\n    return x\n';
    const inputs: MatrixInput[] = ['f(1)', 'f(-1)', 'f(2)'].map((source) => ({ kind: 'generated', source }));
    const matrix = await buildMatrix(ctx, [sample(0, body)], inputs, sandbox, { inputTimeoutMs: 100, timeoutMs: 3000 });
    assert.deepStrictEqual(matrix.rows[0]!.map((c) => c.status), ['ok', 'timeout', 'ok']);
  });

  it('a CPU budget for all the calls: a sample that loops on every input stops being run once it is spent', async () => {
    const text = 'def f(x: int):\n    """F."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const inputs: MatrixInput[] = Array.from({ length: 12 }, (_, i): MatrixInput => ({ kind: 'generated', source: `f(${i})` }));
    const limits = { inputTimeoutMs: 100, timeoutMs: 5000, cpuBudgetMs: 350 };
    const looping = await buildMatrix(ctx, [sample(0, '    while True:\n        pass\n')], inputs, sandbox, limits);
    const codes = looping.rows[0]!.map((c) => c.code);
    assert.ok(looping.rows[0]!.every((c) => c.status === 'timeout'), JSON.stringify(looping.rows));
    // About 350 / 100 inputs run out their own limit; the rest are not run.
    const ran = codes.filter((c) => c === 'input-timeout').length;
    assert.ok(ran >= 3 && ran <= 5, JSON.stringify(codes));
    assert.deepStrictEqual(codes.slice(ran), Array.from({ length: 12 - ran }, () => 'input-budget'));
    const fast = await buildMatrix(ctx, [sample(0, '    return x\n')], inputs, sandbox, limits);
    assert.deepStrictEqual(fast.rows[0]!.map((c) => c.got), inputs.map((_, i) => String(i)));
  });

  it("an input's limit is CPU time: waiting longer than it is no timeout, waiting for ever is", async () => {
    // With a wall-clock limit the 300 ms wait would time out, and busy inputs would time out or not
    // with the machine's load; CPU time makes the cell the same on any machine.
    const text = 'def f(x: int):\n    """F."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const body = '    import time\n    if x < 0:\n        time.sleep(0.3)\n    if x == 0:\n        time.sleep(100)\n    return x\n';
    const inputs: MatrixInput[] = ['f(1)', 'f(-1)', 'f(0)', 'f(2)'].map((source) => ({ kind: 'generated', source }));
    const matrix = await buildMatrix(ctx, [sample(0, body)], inputs, sandbox, { inputTimeoutMs: 100, timeoutMs: 5000 });
    assert.deepStrictEqual(matrix.rows[0]!.map((c) => c.status), ['ok', 'ok', 'timeout', 'ok'], JSON.stringify(matrix.rows));
  });
});
