import * as assert from 'assert';
import type { PreparedProblem } from '../../../src/core/eval/prepare';
import { pickOf } from '../../../src/core/eval/rankers';
import { candidatesHash, rankingTable, subsetsOf, type Pick, type Picker, type PickRecord } from '../../../src/core/eval/rankingTable';
import type { SampleResult } from '../../../src/core/eval/summary';
import type { RankedSample } from '../../../src/core/types';

const problem = (taskId: string, samples = 0): PreparedProblem =>
  ({
    problem: { taskId, prompt: '', canonicalSolution: '', test: '', entryPoint: 'f' },
    context: {},
    items: Array.from({ length: samples }, (_, index) => ({ index })),
    candidates: [],
  }) as unknown as PreparedProblem;

const result = (task_id: string, sample_index: number, passed: boolean): SampleResult => ({
  task_id, sample_index, completion: '', postprocessed: '', passed, result: passed ? 'passed' : 'failed: x',
});

// Problem A: samples 0..3, only 2 passes. Problem B: samples 0..1, both fail.
const problems = [problem('A', 4), problem('B', 2)];
const results = [result('A', 0, false), result('A', 1, false), result('A', 2, true), result('A', 3, false), result('B', 0, false), result('B', 1, false)];

function picker(name: string, picks: Record<string, Pick>, calls: string[] = []): Picker {
  return { name, pick: async (p, subset) => (subset ? undefined : calls.push(p.problem.taskId), picks[p.problem.taskId]!) };
}

describe('eval/rankingTable', () => {
  it('random is the expected c/n, oracle any pass, a picker scores its picks', async () => {
    const { rows } = await rankingTable(problems, results, [picker('good', { A: { index: 2, acted: true }, B: { index: 0, acted: true } })]);
    assert.deepStrictEqual(rows, [
      { ranker: 'random', passAt1: (1 / 4 + 0) / 2, actedOn: 2, atN: [] },
      { ranker: 'good', passAt1: 0.5, actedOn: 2, atN: [] },
      { ranker: 'oracle', passAt1: 0.5, actedOn: 2, atN: [] },
    ]);
  });

  it('where a picker cannot act its pick counts as random', async () => {
    const { rows } = await rankingTable(problems, results, [picker('blind', { A: { index: 2, acted: false }, B: { acted: false } })]);
    assert.deepStrictEqual(rows[1], { ranker: 'blind', passAt1: 1 / 8, actedOn: 0, atN: [] });
  });

  it('finished picks are not asked again, new ones are reported', async () => {
    const calls: string[] = [];
    const seen: PickRecord[] = [];
    const candidates = candidatesHash(problems[0]!);
    const done: PickRecord[] = [{ ranker: 'p', task_id: 'A', candidates, index: 2, acted: true }];
    const { rows } = await rankingTable(problems, results, [picker('p', { B: { index: 1, acted: true } }, calls)], { done, onPick: (r) => seen.push(r) });
    assert.deepStrictEqual(calls, ['B']);
    assert.deepStrictEqual(seen, [{ ranker: 'p', task_id: 'B', candidates, index: 1, acted: true }]);
    assert.strictEqual(rows[1]?.passAt1, 0.5);
  });

  it('a finished pick over other candidates is made again', async () => {
    const calls: string[] = [];
    const done: PickRecord[] = [{ ranker: 'p', task_id: 'A', candidates: 'old', index: 0, acted: true }];
    const { rows } = await rankingTable(problems.slice(0, 1), results, [picker('p', { A: { index: 2, acted: true } }, calls)], { done });
    assert.deepStrictEqual(calls, ['A']);
    assert.strictEqual(rows[1]?.passAt1, 1);
  });

  it('at n: the mean over seeded subsets of n samples, the same subsets for every ranker; oracle is pass@n', async () => {
    // Picks the passing sample 2 when the subset holds it, else the subset's first sample.
    const subsetsSeen: number[][] = [];
    const smart: Picker = {
      name: 'smart',
      pick: async (p, subset) => {
        if (subset && p.problem.taskId === 'A') {
          subsetsSeen.push([...subset]);
        }
        const among = subset ?? p.items.map((i) => i.index);
        return { index: among.includes(2) && p.problem.taskId === 'A' ? 2 : among[0], acted: true };
      },
    };
    const { rows } = await rankingTable(problems, results, [smart], { sizes: [2], subsets: 50 });
    const withTwo = subsetsSeen.filter((s) => s.includes(2)).length / subsetsSeen.length;
    assert.ok(subsetsSeen.every((s) => s.length === 2 && new Set(s).size === 2));
    assert.ok(Math.abs(rows[1]!.atN![0]!.passAt1 - withTwo / 2) < 1e-9);
    assert.ok(withTwo > 0.25 && withTwo < 0.75, `about half the pairs hold sample 2 (${withTwo})`);
    assert.deepStrictEqual(rows[2]!.atN, [{ n: 2, passAt1: (1 - (3 / 4) * (2 / 3) + 0) / 2 }]);
    assert.deepStrictEqual(subsetsOf('A', [0, 1, 2, 3], 2, 5), subsetsOf('A', [0, 1, 2, 3], 2, 5), 'seeded');
  });

  it('adaptive rounds: the picker draws rounds from the same orders; pass@1 and the mean drawn are reported', async () => {
    const orders: number[][] = [];
    const adaptive: Picker = {
      name: 'auto',
      pick: async () => ({ index: 0, acted: true }),
      adaptive: async (_p, order, round, rounds) => (orders.push([...order]), { index: order[0], acted: true, drawn: Math.min(order.length, round * rounds) }),
    };
    const out = await rankingTable(problems, results, [adaptive], { sizes: [1], subsets: 10, adaptive: { n: 1, rounds: 3 } });
    assert.strictEqual(orders.length, 20);
    assert.ok(orders.slice(0, 10).every((o) => o.length === 3));
    assert.strictEqual(out.adaptive?.meanSamplesDrawn, (3 + 2) / 2);
    assert.strictEqual(out.adaptive?.rounds, 3);
    assert.ok(out.adaptive!.plainPassAt1 !== undefined);
  });

  it('pickOf: log-prob modes act only with scores, execution modes only after running examples', () => {
    const ranked = (meanLogprob?: number, examples = 0): RankedSample[] => [
      { sample: { text: 'x', finishReason: 'stop', index: 5 }, rank: 0, votes: 1, reasons: [], meanLogprob, examples: Array.from({ length: examples }, () => ({ source: 'f()', status: 'passed' as const })) },
    ];
    assert.deepStrictEqual(pickOf('meanLogprob', ranked(-1)), { index: 5, acted: true });
    assert.deepStrictEqual(pickOf('sumLogprob', ranked()), { index: 5, acted: false });
    assert.deepStrictEqual(pickOf('doctest', ranked(-1, 0)), { index: 5, acted: false });
    assert.deepStrictEqual(pickOf('agreement', ranked(undefined, 2)), { index: 5, acted: true });
    assert.deepStrictEqual(pickOf('auto', ranked(-1, 0)), { index: 5, acted: true });
    assert.deepStrictEqual(pickOf('auto', []), { acted: false });
  });
});
