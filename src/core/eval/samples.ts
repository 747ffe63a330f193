import { at, EvalInputError } from './inputError';
import { readJsonl, stringField, type JsonLine } from './jsonl';
import type { Problem } from './problems';

/** One completion to evaluate, as read from a human-eval samples file or drawn live. */
export interface EvalSample {
  taskId: string;
  /** Position among the samples of its task (0-based, file order). */
  index: number;
  /** The completion as given (before post-processing); the whole program when `wholeProgram`. */
  completion: string;
  /**
   * True for an EvalPlus `solution` that does not start with the problem's prompt: it runs as given,
   * in every post-processing mode, and is not ranked (it is not a completion of the prompt).
   */
  wholeProgram?: boolean;
  /** Per-token log-probs when known (human-eval extension: `logprobs`). */
  logprobs?: number[];
  /** Per-token texts matching `logprobs`, when known (lets post-processing keep only kept tokens). */
  tokens?: string[];
  /** Mean log-prob when only that is known (`mean_logprob`). */
  meanLogprob?: number;
}

/**
 * Reads a samples file: human-eval's (`task_id`, `completion`) or EvalPlus's (`task_id`, `solution`: the
 * whole function, prompt included, or `completion`), optionally `logprobs` (numbers, or `{token, logprob}`
 * objects) or `mean_logprob`. A `solution` that starts with the prompt becomes the completion after it.
 * Every task_id must name a problem.
 */
export function readSamples(file: string, problems: readonly Problem[]): EvalSample[] {
  const lines = readJsonl(file);
  if (lines.length === 0) {
    throw new EvalInputError(`${file}: no samples in the file`);
  }
  const byId = new Map(problems.map((p) => [p.taskId, p]));
  const known = new Set(byId.keys());
  checkSameProblemSet(lines, known, file);
  const counts = new Map<string, number>();
  const samples = lines.map((l) => {
    const taskId = stringField(l, 'task_id', file);
    if (!known.has(taskId)) {
      throw at(file, l.line, `unknown task_id "${taskId}" (not in the problems file)`);
    }
    const index = counts.get(taskId) ?? 0;
    counts.set(taskId, index + 1);
    return { taskId, index, ...completionOf(l, byId.get(taskId)!, file), ...logprobsOf(l, file) };
  });
  checkEveryProblemAttempted(problems, counts, file);
  return samples;
}

/** `completion`, or EvalPlus's `solution` (the prompt and the completion together, or a whole program). */
function completionOf(l: JsonLine, problem: Problem, file: string): Pick<EvalSample, 'completion' | 'wholeProgram'> {
  if (l.value.completion === undefined && l.value.solution !== undefined) {
    const solution = stringField(l, 'solution', file);
    return solution.startsWith(problem.prompt) ? { completion: solution.slice(problem.prompt.length) } : { completion: solution, wholeProgram: true };
  }
  if (l.value.completion === undefined) {
    throw at(file, l.line, 'missing field "completion" (or EvalPlus\'s "solution")');
  }
  return { completion: stringField(l, 'completion', file) };
}

/** Like human-eval, every problem needs samples: pass@k over a silent subset would mislead. */
function checkEveryProblemAttempted(problems: readonly Problem[], counts: Map<string, number>, file: string): void {
  const missing = problems.filter((p) => !counts.has(p.taskId));
  if (missing.length > 0) {
    throw new EvalInputError(
      `${file}: no samples for ${missing.length} of ${problems.length} problems (e.g. "${missing[0]!.taskId}"); every problem needs samples — give a problems file with only the ones sampled`,
    );
  }
}

/** A file whose task ids are mostly unknown is for another problem set: say so once, not per line. */
function checkSameProblemSet(lines: JsonLine[], known: Set<string>, file: string): void {
  const ids = lines.map((l) => l.value.task_id).filter((v): v is string => typeof v === 'string');
  const unknown = ids.filter((id) => !known.has(id));
  if (ids.length > 0 && unknown.length > ids.length / 2) {
    const example = unknown[0] ?? '';
    const expected = [...known][0] ?? '';
    throw new EvalInputError(
      `${file}: these samples are for another problem set (${unknown.length} of ${ids.length} task ids, e.g. "${example}", are not in the problems file, whose ids look like "${expected}")`,
    );
  }
}

function logprobsOf(l: JsonLine, file: string): Pick<EvalSample, 'logprobs' | 'tokens' | 'meanLogprob'> {
  const raw = l.value.logprobs;
  const mean = l.value.mean_logprob;
  const out: Pick<EvalSample, 'logprobs' | 'tokens' | 'meanLogprob'> = {};
  if (mean !== undefined && mean !== null) {
    if (typeof mean !== 'number' || !Number.isFinite(mean)) {
      throw at(file, l.line, 'field "mean_logprob" must be a finite number');
    }
    out.meanLogprob = mean;
  }
  if (raw === undefined || raw === null) {
    return out;
  }
  if (!Array.isArray(raw)) {
    throw at(file, l.line, 'field "logprobs" must be a list');
  }
  const items = raw as unknown[];
  if (items.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return { ...out, logprobs: items as number[] };
  }
  if (items.every(isTokenObject)) {
    return { ...out, logprobs: items.map((x) => x.logprob), tokens: items.map((x) => x.token) };
  }
  throw at(file, l.line, 'field "logprobs" must be a list of finite numbers or of {"token", "logprob"} objects');
}

function isTokenObject(x: unknown): x is { token: string; logprob: number } {
  if (typeof x !== 'object' || x === null) {
    return false;
  }
  const o = x as Record<string, unknown>;
  return typeof o.token === 'string' && typeof o.logprob === 'number' && Number.isFinite(o.logprob);
}
