import { EvalInputError, at } from './inputError';
import { readJsonl, stringField, type JsonLine } from './jsonl';

/** One problem: HumanEval's format (a `check` function), or EvalPlus's (inputs to diff against). */
export interface Problem {
  taskId: string;
  /** Imports, signature and docstring: the text before the completion. */
  prompt: string;
  canonicalSolution: string;
  /** Defines `check(candidate)`; '' for an EvalPlus problem, which is checked on `inputs` instead. */
  test: string;
  entryPoint: string;
  /** EvalPlus's differential tests (HumanEval+, MBPP+): present when the file gives `base_input`. */
  inputs?: EvalPlusInputs;
}

/**
 * EvalPlus's tests of one problem: argument lists, called as `entry_point(*args)`, whose outputs must
 * match the canonical solution's. `base` are the original benchmark's inputs, `plus` EvalPlus's extra ones.
 */
export interface EvalPlusInputs {
  base: unknown[][];
  plus: unknown[][];
  /** Absolute tolerance for float outputs (EvalPlus's `atol`; 0 means 1e-6 for float outputs). */
  atol: number;
}

/**
 * Reads problems (JSONL or JSONL.gz) in file order: HumanEval's format (`task_id`, `prompt`,
 * `canonical_solution`, `test`, `entry_point`) or EvalPlus's (HumanEval+ and MBPP+: `base_input`,
 * `plus_input`, `atol` instead of `test`; other fields such as `contract` or MBPP's `test_list` are
 * ignored). One file holds one format; duplicate ids are an error.
 */
export function readProblems(file: string): Problem[] {
  const seen = new Set<string>();
  const lines = readJsonl(file);
  const evalPlus = lines.some((l) => 'base_input' in l.value);
  const problems = lines.map((l) => {
    const p = evalPlus ? evalPlusProblem(l, file) : humanEvalProblem(l, file);
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

function commonFields(l: JsonLine, file: string): Omit<Problem, 'test' | 'inputs'> {
  return {
    taskId: stringField(l, 'task_id', file),
    prompt: stringField(l, 'prompt', file),
    canonicalSolution: stringField(l, 'canonical_solution', file),
    entryPoint: stringField(l, 'entry_point', file),
  };
}

function humanEvalProblem(l: JsonLine, file: string): Problem {
  return { ...commonFields(l, file), test: stringField(l, 'test', file) };
}

function evalPlusProblem(l: JsonLine, file: string): Problem {
  const atol = l.value.atol ?? 0;
  if (typeof atol !== 'number' || !Number.isFinite(atol) || atol < 0) {
    throw at(file, l.line, 'field "atol" must be a number ≥ 0');
  }
  return {
    ...commonFields(l, file),
    test: '',
    inputs: { base: inputList(l, 'base_input', file), plus: inputList(l, 'plus_input', file), atol },
  };
}

/** A list of argument lists (EvalPlus calls `entry_point(*args)` with each). */
function inputList(l: JsonLine, name: string, file: string): unknown[][] {
  const v = l.value[name];
  if (v === undefined) {
    throw at(file, l.line, `missing field "${name}" (EvalPlus problems need base_input and plus_input)`);
  }
  if (!Array.isArray(v) || !v.every((args) => Array.isArray(args))) {
    throw at(file, l.line, `field "${name}" must be a list of argument lists`);
  }
  return v as unknown[][];
}

/**
 * A check's first second of CPU time runs at full priority, the rest of its wall-clock limit (human-eval's
 * 3 s) at the lowest: a looping sample (61 distinct texts among the shipped samples) then spends its last
 * two seconds on CPU time the other checks leave, not theirs. The slowest check that finishes among the
 * shipped samples uses 41 ms of CPU, so no verdict here depends on it; a slower one still gets the CPU
 * whenever the machine has some to spare.
 */
export const CHECK_FULL_PRIORITY_CPU_MS = 1000;

/**
 * The program human-eval runs for a sample: prompt + completion + the test + `check(entry_point)`
 * (a whole program instead of prompt + completion for an EvalPlus `solution` that stands alone).
 * It passes only if it runs to the end without an exception.
 */
export function checkProgram(problem: Problem, completion: string, wholeProgram = false): string {
  const program = wholeProgram ? completion : problem.prompt + completion;
  return `${program}\n\n${problem.test}\n\ncheck(${problem.entryPoint})\n`;
}

/**
 * The import statements of the problems' prompts and tests (indented ones too), once each: loaded in
 * the checking sandbox's workers before any sample runs, so a check that imports numpy finds it loaded
 * (and a missing one is known before the first sample).
 */
export function problemImports(problems: readonly Problem[]): string[] {
  const seen = new Set<string>();
  for (const p of problems) {
    for (const line of `${p.prompt}\n${p.test}`.split('\n')) {
      const stmt = line.trim();
      if (/^(import [\w.]+( as \w+)?(, [\w.]+( as \w+)?)*|from [\w.]+ import [\w*]+( as \w+)?(, \w+( as \w+)?)*)$/.test(stmt)) {
        seen.add(stmt);
      }
    }
  }
  return [...seen];
}
