/**
 * `--model-tests N`: draws N test continuations per problem from the same backend, with the editor's own
 * test prompt (CodeT's form), and journals them in CodeT's format (`tests.jsonl` in the out dir) so a
 * re-run asks nothing again and the file can be given to `--tests` later.
 */
import type { Backend, SampleOptions } from '../backend/backend';
import { asContinuation, buildTestPrompt } from '../modelTests/prompt';
import { Journal } from './files';
import { problemContext } from './prepare';
import type { Problem } from './problems';

/** One problem's drawn tests, as CodeT's files hold them. */
export interface DrawnTests {
  task_id: string;
  prompt: string;
  /** The continuations after `assert `. */
  samples: string[];
}

/** Options of {@link drawModelTests}. */
export interface DrawTestsOptions {
  backend: Backend;
  /** The code sampling's temperature and top-p; n and maxTokens are the tests' own. */
  sampling: SampleOptions;
  style: 'codex' | 'fim' | 'chat';
  journal: Journal<DrawnTests>;
  concurrency: number;
  onProblem?: (taskId: string) => void;
  signal?: AbortSignal;
}

/** The continuations per task id (problems whose function CodeT's prompt does not fit get none). */
export async function drawModelTests(problems: readonly Problem[], opts: DrawTestsOptions): Promise<Map<string, string[]>> {
  const have = new Map(opts.journal.read().map((r) => [r.task_id, r.samples]));
  const todo = problems.filter((p) => !have.has(p.taskId));
  problems.filter((p) => have.has(p.taskId)).forEach((p) => opts.onProblem?.(p.taskId));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const problem = todo[next++]!;
      const record = await drawOne(problem, opts);
      opts.journal.append([record]);
      have.set(problem.taskId, record.samples);
      opts.onProblem?.(problem.taskId);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return have;
}

async function drawOne(problem: Problem, opts: DrawTestsOptions): Promise<DrawnTests> {
  const built = buildTestPrompt(await problemContext(problem), opts.style);
  if (!built) {
    return { task_id: problem.taskId, prompt: '', samples: [] };
  }
  const samples = await opts.backend.sample(built.prompt, opts.sampling, opts.signal);
  return { task_id: problem.taskId, prompt: built.prompt.text, samples: samples.map((s) => asContinuation(s.text, built.continuesAssert)) };
}
