import { createHash } from 'crypto';
import { mulberry32 } from '../rank/inputs/generate';
import { passAtK } from './passAtK';
import type { PreparedProblem } from './prepare';
import type { AdaptiveRow, RankingRow, SampleResult } from './summary';

/** What a ranker did on one problem. */
export interface Pick {
  /** `Sample.index` of the chosen sample; undefined when there was nothing to choose from. */
  index?: number;
  /** False when the ranker lacked what it needs (log-probs, examples...): the pick counts as random. */
  acted: boolean;
}

/** A way to choose one sample per problem, from all its samples or from a subset of them. */
export interface Picker {
  name: string;
  /** `subset`: the sample indices drawn (undefined = all the problem's samples). */
  pick(p: PreparedProblem, subset: readonly number[] | undefined, signal?: AbortSignal): Promise<Pick>;
  /**
   * Adaptive rounds: rank the first `round` samples of `order`, and while nothing passes the examples
   * draw the next `round`, at most `rounds` times. Returns the pick and how many samples were drawn.
   */
  adaptive?(p: PreparedProblem, order: readonly number[], round: number, rounds: number, signal?: AbortSignal): Promise<Pick & { drawn: number }>;
}

/** A problem's outcome per sample index. */
export type PassedByIndex = Map<number, boolean>;

/** Index → passed, per task. */
export function passedByTask(results: readonly SampleResult[]): Map<string, PassedByIndex> {
  const m = new Map<string, PassedByIndex>();
  for (const r of results) {
    const inner = m.get(r.task_id) ?? new Map<number, boolean>();
    inner.set(r.sample_index, r.passed);
    m.set(r.task_id, inner);
  }
  return m;
}

/** Fraction of a problem's samples that pass (of `among` when given): the expected pass of a random pick. */
export function randomPass(passed: PassedByIndex | undefined, among?: readonly number[]): number {
  const values = among ? among.map((i) => passed?.get(i) === true) : [...(passed?.values() ?? [])];
  return values.length === 0 ? 0 : values.filter(Boolean).length / values.length;
}

/** One problem's score for a pick: 1/0 for an acted pick, the random expectation otherwise. */
export function pickScore(pick: Pick, passed: PassedByIndex | undefined, among?: readonly number[]): number {
  if (!pick.acted) {
    return randomPass(passed, among);
  }
  return pick.index !== undefined && passed?.get(pick.index) === true ? 1 : 0;
}

/** A ranker's score on one problem at one size, journaled so a re-run skips it. */
export interface PickRecord {
  ranker: string;
  task_id: string;
  /** Hash of the candidates ranked: a record is reused only for the same candidates. */
  candidates?: string;
  /** Samples per pick; undefined = all of the problem's samples. */
  n?: number;
  /** For all samples: the pick. */
  index?: number;
  acted: boolean;
  /** For a size n: the pick from each seeded subset (null: nothing to pick), and whether it acted. */
  picks?: { index: number | null; acted: boolean; drawn?: number }[];
}

/** How the table is measured. */
export interface TableOptions {
  /** Sizes besides all samples, e.g. [5, 10]: each scored as the mean over `subsets` random subsets. */
  sizes?: readonly number[];
  subsets?: number;
  /** Simulate adaptive rounds with the picker that has them: `rounds` rounds of `n`. */
  adaptive?: { n: number; rounds: number };
  done?: readonly PickRecord[];
  onPick?: (r: PickRecord) => void;
  /** Called with the next problems that need picks while one ranks, so their samples can start running. */
  ahead?: (p: PreparedProblem) => void;
  /** How many problems ahead `ahead` looks (default 1). */
  aheadCount?: number;
  signal?: AbortSignal;
}

/**
 * The ranking table: for each picker, pass@1 of its pick averaged over problems with all samples and,
 * for each size n, the expected pass@1 over random subsets of n samples (the same seeded subsets for every
 * ranker). `random` and `oracle` come from the results (oracle at n is the unbiased pass@n).
 */
export async function rankingTable(
  problems: readonly PreparedProblem[],
  results: readonly SampleResult[],
  pickers: readonly Picker[],
  opts: TableOptions = {},
): Promise<{ rows: RankingRow[]; adaptive?: AdaptiveRow }> {
  const passed = passedByTask(results);
  const sizes = opts.sizes ?? [];
  const count = problems.length;
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const randomAll = mean(problems.map((p) => randomPass(passed.get(p.problem.taskId))));
  const rows: RankingRow[] = [{ ranker: 'random', passAt1: randomAll, actedOn: count, atN: sizes.map((n) => ({ n, passAt1: randomAll })) }];
  const done = new Map((opts.done ?? []).map((r) => [recordKey(r.ranker, r.task_id, r.n), r]));
  const sums = new Map(pickers.map((pk) => [pk.name, { all: 0, acted: 0, at: sizes.map(() => 0) }]));
  const adaptivePicker = opts.adaptive ? pickers.find((pk) => pk.adaptive) : undefined;
  const adaptive = { score: 0, drawn: 0, plain: 0 };
  // Whether some record of the problem is missing from `done` (a re-run or the second pass reuses all).
  const needsPicks = (p: PreparedProblem): boolean => {
    const id = p.problem.taskId;
    const keys = pickers.flatMap((pk) => [undefined, ...sizes].map((n) => recordKey(pk.name, id, n)));
    if (adaptivePicker && opts.adaptive) {
      keys.push(recordKey(`${adaptivePicker.name}+rounds`, id, opts.adaptive.n));
    }
    const candidates = candidatesHash(p);
    return keys.some((k) => done.get(k)?.candidates !== candidates);
  };
  // Problem by problem, every picker in turn: the execution rankers share one matrix per problem.
  for (const [i, p] of problems.entries()) {
    for (const next of problems.slice(i + 1, i + 1 + (opts.aheadCount ?? 1))) {
      if (opts.ahead && needsPicks(next)) {
        opts.ahead(next);
      }
    }
    const id = p.problem.taskId;
    const candidates = candidatesHash(p);
    const own = passed.get(id);
    const indices = p.items.map((i) => i.index);
    const reuse = async (ranker: string, n: number | undefined, make: () => Promise<Omit<PickRecord, 'ranker' | 'task_id' | 'candidates' | 'n'>>): Promise<PickRecord> => {
      const old = done.get(recordKey(ranker, id, n));
      if (old?.candidates === candidates) {
        return old;
      }
      if (opts.signal?.aborted) {
        throw new Error('evaluation cancelled');
      }
      const rec: PickRecord = { ranker, task_id: id, candidates, ...(n !== undefined ? { n } : {}), ...(await make()) };
      opts.onPick?.(rec);
      return rec;
    };
    for (const picker of pickers) {
      const s = sums.get(picker.name)!;
      const all = await reuse(picker.name, undefined, async () => picker.pick(p, undefined, opts.signal));
      s.all += pickScore(all, own);
      s.acted += all.acted ? 1 : 0;
      for (const [j, n] of sizes.entries()) {
        const subsets = subsetsOf(id, indices, n, opts.subsets ?? 20);
        const rec = await reuse(picker.name, n, async () => {
          const picks: NonNullable<PickRecord['picks']> = [];
          for (const subset of subsets) {
            const pick = await picker.pick(p, subset, opts.signal);
            picks.push({ index: pick.index ?? null, acted: pick.acted });
          }
          return { acted: all.acted, picks };
        });
        s.at[j]! += mean((rec.picks ?? []).map((pk, k) => pickScore({ index: pk.index ?? undefined, acted: pk.acted }, own, subsets[k])));
      }
    }
    if (adaptivePicker && opts.adaptive) {
      const { n, rounds } = opts.adaptive;
      const orders = subsetsOf(id, indices, n * rounds, opts.subsets ?? 20);
      const rec = await reuse(`${adaptivePicker.name}+rounds`, n, async () => {
        const picks: NonNullable<PickRecord['picks']> = [];
        for (const order of orders) {
          const pick = await adaptivePicker.adaptive!(p, order, n, rounds, opts.signal);
          picks.push({ index: pick.index ?? null, acted: pick.acted, drawn: pick.drawn });
        }
        return { acted: true, picks };
      });
      const picks = rec.picks ?? [];
      adaptive.score += mean(picks.map((pk, k) => pickScore({ index: pk.index ?? undefined, acted: pk.acted }, own, orders[k]!.slice(0, pk.drawn ?? n))));
      adaptive.drawn += mean(picks.map((pk) => pk.drawn ?? n));
    }
  }
  for (const picker of pickers) {
    const s = sums.get(picker.name)!;
    rows.push({ ranker: picker.name, passAt1: count ? s.all / count : NaN, actedOn: s.acted, atN: sizes.map((n, j) => ({ n, passAt1: count ? s.at[j]! / count : NaN })) });
  }
  const oracleAt = (k: number): number =>
    mean(problems.map((p) => {
      const values = [...(passed.get(p.problem.taskId)?.values() ?? [])];
      return values.length === 0 ? 0 : passAtK(values.length, values.filter(Boolean).length, Math.min(k, values.length));
    }));
  const oracle = problems.map((p) => ([...(passed.get(p.problem.taskId)?.values() ?? [])].some(Boolean) ? 1 : 0));
  rows.push({ ranker: 'oracle', passAt1: mean(oracle), actedOn: count, atN: sizes.map((n) => ({ n, passAt1: oracleAt(n) })) });
  if (!adaptivePicker || !opts.adaptive) {
    return { rows };
  }
  const plain = rows.find((r) => r.ranker === adaptivePicker.name)?.atN?.find((a) => a.n === opts.adaptive!.n)?.passAt1;
  return {
    rows,
    adaptive: {
      ranker: adaptivePicker.name,
      n: opts.adaptive.n,
      rounds: opts.adaptive.rounds,
      passAt1: count ? adaptive.score / count : NaN,
      meanSamplesDrawn: count ? adaptive.drawn / count : NaN,
      ...(plain !== undefined ? { plainPassAt1: plain } : {}),
    },
  };
}

function recordKey(ranker: string, taskId: string, n: number | undefined): string {
  return `${ranker}\u0000${taskId}\u0000${n ?? 'all'}`;
}

/**
 * `count` seeded random orderings of `indices`, each cut to `size` (without replacement): the same for
 * every ranker and every run, so rows are compared on the same draws.
 */
export function subsetsOf(taskId: string, indices: readonly number[], size: number, count: number): number[][] {
  const rng = mulberry32(hash32(`${taskId}\u0000${size}`));
  const out: number[][] = [];
  for (let s = 0; s < count; s++) {
    const a = [...indices];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    out.push(a.slice(0, Math.min(size, a.length)));
  }
  return out;
}

function hash32(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32LE(0);
}

/** A short hash of what a ranker sees: the candidates' indices, texts and scores. */
export function candidatesHash(p: PreparedProblem): string {
  const h = createHash('sha1');
  for (const c of p.candidates) {
    h.update(JSON.stringify([c.index, c.text, c.tokens?.map((t) => t.logprob)]));
  }
  if (p.modelTests) {
    h.update(JSON.stringify(p.modelTests)); // a pick made with other tests is not reused
  }
  return h.digest('hex').slice(0, 16);
}
