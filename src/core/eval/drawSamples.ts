import type { Backend, SampleOptions } from '../backend/backend';
import { buildPrompt, type PromptOptions } from '../prompt';
import { Journal } from './files';
import { problemContext } from './prepare';
import type { Problem } from './problems';
import type { EvalSample } from './samples';

/** A drawn sample as stored in the out dir (`samples.jsonl`, human-eval format + token log-probs). */
export interface DrawnRecord {
  task_id: string;
  completion: string;
  logprobs?: { token: string; logprob: number }[];
}

/** Options of {@link drawSamples}. */
export interface DrawOptions {
  backend: Backend;
  sampling: SampleOptions;
  prompt: PromptOptions;
  /** Drawn samples are appended here; problems already there are not sampled again. */
  journal: Journal<DrawnRecord>;
  /** Problems sampled at once (the backend limits its own HTTP concurrency too). */
  concurrency: number;
  onProblem?: (taskId: string, samples: number) => void;
  signal?: AbortSignal;
}

/**
 * Draws n samples per problem live, with the editor's own context builder, prompt builder and backend:
 * the document is the problem's prompt and the cursor sits at its end. Raw samples are returned (and
 * journaled); post-processing happens later, as for a samples file.
 */
export async function drawSamples(problems: readonly Problem[], opts: DrawOptions): Promise<EvalSample[]> {
  const have = new Map<string, DrawnRecord[]>();
  for (const r of opts.journal.read()) {
    have.set(r.task_id, [...(have.get(r.task_id) ?? []), r]);
  }
  const todo = problems.filter((p) => (have.get(p.taskId)?.length ?? 0) < opts.sampling.n);
  problems.filter((p) => !todo.includes(p)).forEach((p) => opts.onProblem?.(p.taskId, have.get(p.taskId)?.length ?? 0));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const problem = todo[next++]!;
      const records = await drawOne(problem, opts, opts.sampling.n - (have.get(problem.taskId)?.length ?? 0));
      opts.journal.append(records);
      have.set(problem.taskId, [...(have.get(problem.taskId) ?? []), ...records]);
      opts.onProblem?.(problem.taskId, records.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return problems.flatMap((p) =>
    (have.get(p.taskId) ?? []).slice(0, opts.sampling.n).map((r, index) => ({
      taskId: p.taskId,
      index,
      completion: r.completion,
      logprobs: r.logprobs?.map((t) => t.logprob),
      tokens: r.logprobs?.map((t) => t.token),
    })),
  );
}

async function drawOne(problem: Problem, opts: DrawOptions, n: number): Promise<DrawnRecord[]> {
  const ctx = await problemContext(problem);
  const prompt = buildPrompt(ctx, opts.prompt);
  const samples = await opts.backend.sample(prompt, { ...opts.sampling, n }, opts.signal);
  return samples.map((s) => ({
    task_id: problem.taskId,
    completion: s.text,
    logprobs: s.tokens?.map((t) => ({ token: t.text, logprob: t.logprob })),
  }));
}
