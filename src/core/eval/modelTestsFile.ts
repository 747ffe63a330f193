/**
 * Model-written tests in CodeT's format (microsoft/CodeT `data/generated_data/*_test_case.jsonl`): one line
 * per problem with `samples`, the model's raw continuations of a prompt ending in `assert `, and either
 * `task_id` or the `prompt` the tests were drawn from.
 */
import { at, EvalInputError } from './inputError';
import { readJsonl, type JsonLine } from './jsonl';
import type { Problem } from './problems';

/** The raw continuations per task id (problems without a line have none). */
export function readModelTests(file: string, problems: readonly Problem[]): Map<string, string[]> {
  const lines = readJsonl(file);
  if (lines.length === 0) {
    throw new EvalInputError(`${file}: no tests in the file`);
  }
  const out = new Map<string, string[]>();
  for (const l of lines) {
    const taskId = problemOf(l, problems, file);
    out.set(taskId, [...(out.get(taskId) ?? []), ...continuations(l, file)]);
  }
  return out;
}

function continuations(l: JsonLine, file: string): string[] {
  const samples = l.value.samples;
  if (!Array.isArray(samples) || !samples.every((s) => typeof s === 'string')) {
    throw at(file, l.line, 'field "samples" must be a list of strings (the model\'s continuations after "assert ")');
  }
  return samples as string[];
}

/**
 * The line's problem: its `task_id`, or else its `prompt` — the problem's own prompt, or a test prompt
 * that holds the problem's prompt up to its docstring's end and names it in `# check the correctness of`.
 */
function problemOf(l: JsonLine, problems: readonly Problem[], file: string): string {
  const id = l.value.task_id;
  if (typeof id === 'string') {
    if (!problems.some((p) => p.taskId === id)) {
      throw at(file, l.line, `unknown task_id "${id}" (not in the problems file)`);
    }
    return id;
  }
  const prompt = l.value.prompt;
  if (typeof prompt !== 'string') {
    throw at(file, l.line, 'each line needs "task_id" or "prompt"');
  }
  const match =
    problems.find((p) => p.prompt === prompt) ??
    problems.find((p) => prompt.includes(`# check the correctness of ${p.entryPoint}\n`) && prompt.startsWith(p.prompt.trimEnd()));
  if (!match) {
    throw at(file, l.line, 'its "prompt" matches no problem (neither a problem\'s prompt nor one followed by "# check the correctness of NAME")');
  }
  return match.taskId;
}
