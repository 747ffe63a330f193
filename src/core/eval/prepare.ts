import { buildContext } from '../context/buildContext';
import { postprocess } from '../postprocess';
import type { CompletionContext, Sample } from '../types';
import type { CheckItem } from './checkSamples';
import type { Problem } from './problems';
import type { EvalSample } from './samples';
import { toSample } from './toSample';

/** One problem ready to check and rank. */
export interface PreparedProblem {
  problem: Problem;
  /** The editor's context for a cursor at the end of the prompt (the document is the prompt). */
  context: CompletionContext;
  /** Every sample of the problem, post-processed ('' when dropped), in index order. */
  items: CheckItem[];
  /** The post-processed samples that survived: what the editor would rank. */
  candidates: Sample[];
}

/** The context the editor builds for a cursor right after a problem's prompt. */
export function problemContext(problem: Problem): Promise<CompletionContext> {
  return buildContext({ text: problem.prompt, offset: problem.prompt.length, languageId: 'python', key: `eval:${problem.taskId}` });
}

/** Post-processes every sample exactly as the editor would, grouped by problem in the problems' order. */
export async function prepare(problems: readonly Problem[], samples: readonly EvalSample[]): Promise<PreparedProblem[]> {
  const byTask = new Map<string, EvalSample[]>();
  for (const s of samples) {
    byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s]);
  }
  const out: PreparedProblem[] = [];
  for (const problem of problems) {
    const own = byTask.get(problem.taskId) ?? [];
    const context = await problemContext(problem);
    const candidates = postprocess(own.map(toSample), context);
    const kept = new Map(candidates.map((c) => [c.index, c.text]));
    const items = own.map((s) => ({ problem, index: s.index, completion: s.completion, postprocessed: kept.get(s.index) ?? '' }));
    out.push({ problem, context, items, candidates });
  }
  return out;
}
