import { createHash } from 'crypto';
import type { PreparedProblem } from './prepare';
import type { RankingRow, SampleResult } from './summary';

/** What a ranker did on one problem. */
export interface Pick {
  /** `Sample.index` of the chosen sample; undefined when there was nothing to choose from. */
  index?: number;
  /** False when the ranker lacked what it needs (log-probs, examples...): the pick counts as random. */
  acted: boolean;
}

/** A way to choose one sample per problem. */
export interface Picker {
  name: string;
  pick(p: PreparedProblem, signal?: AbortSignal): Promise<Pick>;
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

/** Fraction of a problem's samples that pass: the expected pass of a random pick. */
export function randomPass(passed: PassedByIndex | undefined): number {
  if (!passed || passed.size === 0) {
    return 0;
  }
  return [...passed.values()].filter(Boolean).length / passed.size;
}

/** One problem's score for a pick: 1/0 for an acted pick, the random expectation otherwise. */
export function pickScore(pick: Pick, passed: PassedByIndex | undefined): number {
  if (!pick.acted) {
    return randomPass(passed);
  }
  return pick.index !== undefined && passed?.get(pick.index) === true ? 1 : 0;
}

/** Picks and problem scores, journaled per (ranker, task) so a re-run skips finished ones. */
export interface PickRecord {
  ranker: string;
  task_id: string;
  /** Hash of the candidates ranked: a pick is reused only for the same candidates. */
  candidates?: string;
  index?: number;
  acted: boolean;
}

/**
 * The ranking table: for each picker, pass@1 of its pick averaged over problems, and on how many
 * problems it could act. `random` and `oracle` need no picker: they come from the results.
 */
export async function rankingTable(
  problems: readonly PreparedProblem[],
  results: readonly SampleResult[],
  pickers: readonly Picker[],
  opts: { done?: readonly PickRecord[]; onPick?: (r: PickRecord) => void; signal?: AbortSignal } = {},
): Promise<RankingRow[]> {
  const passed = passedByTask(results);
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const rows: RankingRow[] = [
    { ranker: 'random', passAt1: mean(problems.map((p) => randomPass(passed.get(p.problem.taskId)))), actedOn: problems.length },
  ];
  const done = new Map((opts.done ?? []).map((r) => [`${r.ranker}\u0000${r.task_id}`, r]));
  const scores = new Map(pickers.map((pk) => [pk.name, { sum: 0, acted: 0 }]));
  // Problem by problem, every picker in turn: the execution rankers share one sandbox per problem.
  for (const p of problems) {
    const id = p.problem.taskId;
    const candidates = candidatesHash(p);
    for (const picker of pickers) {
      let rec = done.get(`${picker.name}\u0000${id}`);
      if (rec?.candidates !== candidates) {
        if (opts.signal?.aborted) {
          throw new Error('evaluation cancelled');
        }
        const pick = await picker.pick(p, opts.signal);
        rec = { ranker: picker.name, task_id: id, candidates, index: pick.index, acted: pick.acted };
        opts.onPick?.(rec);
      }
      const s = scores.get(picker.name)!;
      s.sum += pickScore(rec, passed.get(id));
      s.acted += rec.acted ? 1 : 0;
    }
  }
  for (const picker of pickers) {
    const s = scores.get(picker.name)!;
    rows.push({ ranker: picker.name, passAt1: problems.length ? s.sum / problems.length : NaN, actedOn: s.acted });
  }
  const oracle = problems.map((p) => ([...(passed.get(p.problem.taskId)?.values() ?? [])].some(Boolean) ? 1 : 0));
  rows.push({ ranker: 'oracle', passAt1: mean(oracle), actedOn: problems.length });
  return rows;
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
