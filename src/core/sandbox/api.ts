/**
 * The sandbox's request and result types (what the rankers and the evaluator exchange with the worker).
 */
import type { ExampleResult } from '../types';
import type { Limits } from './limits';

/** `passk.execution.isolation`: whether samples may run without the kernel layers. */
export type IsolationMode = 'required' | 'bestEffort';

/** Options of `Sandbox.start`. */
export interface SandboxOptions {
  /** Interpreter path; default: `findPython()` (python3, then python, on PATH). */
  python?: string;
  /**
   * The module context the samples run in, as chosen by `moduleSourceForExecution`: the worker runs every
   * statement as given (inside the kernel sandbox), except `if __name__ == "__main__":` blocks.
   */
  moduleSource?: string;
  limits?: Partial<Limits>;
  /** How many worker processes run jobs in parallel (default 1). */
  workers?: number;
  /** Extra `sys.path` entries, e.g. the workspace folder so the file's own imports resolve. */
  pythonPath?: string[];
  /**
   * Environment the worker's variables are taken from (default: this process's). Only the allowlisted
   * names pass (`SANDBOX_ENV_ALLOWLIST`: PATH, HOME, locale, Python's own): never API keys or tokens.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * `required` (default): refuse to start when the kernel layers (Landlock + seccomp) are not available
   * (`IsolationUnavailableError`). `bestEffort`: run with the Python-level guards only.
   */
  isolation?: IsolationMode;
  /**
   * Apply the kernel layers (default true). false behaves like a kernel without Landlock and seccomp:
   * for tests of the `isolation` modes and for diagnosis, never for normal use.
   */
  kernel?: boolean;
  /** Run the worker in its own network namespace when `unshare -n` works here (default true). */
  isolateNetwork?: boolean;
  /** How long past a job's timeout a worker may take to answer before it is killed as stuck (default 25 s; tests). */
  replyGraceMs?: number;
}

/**
 * One example to check against a sample.
 * - `doctest`: `source` is a doctest statement and `expected` the output text, compared by doctest's
 *   OutputChecker (ELLIPSIS, exceptions and `<BLANKLINE>` behave as in Python).
 * - `equals`: `source` and `expected` are expressions; passes when `(source) == (expected)`
 *   (HumanEval's `f(x) == y`, `f(x) ➞ y`, `f(x) => y` forms).
 */
export interface ExampleSpec {
  kind: 'doctest' | 'equals';
  source: string;
  expected?: string;
  /** doctest option flags by name, e.g. `NORMALIZE_WHITESPACE` (from `# doctest:` directives). */
  options?: Record<string, boolean>;
  /** For `doctest`: the expected exception line when `expected` is a traceback (set by `parseExamples`). */
  exception?: string;
}

/** Run a sample's examples: the docstring's `>>>` examples (parsed by `doctest`) then `examples`. */
export interface RunExamplesRequest {
  /** The sample program: usually the completed function (`def f(...):` + body). */
  program: string;
  /** Docstring text whose `>>>` examples are parsed by Python's doctest module. */
  docstring?: string;
  examples?: ExampleSpec[];
  timeoutMs?: number;
}

/** Evaluate expressions (the examples' inputs) after the program. */
export interface EvaluateRequest {
  program: string;
  expressions: string[];
  timeoutMs?: number;
}

/** One expression's outcome: `repr` of the value, or the exception. */
export interface EvalResult {
  status: 'ok' | 'error' | 'timeout' | 'killed' | 'skipped';
  /** `repr(value)` (capped) when ok. */
  repr?: string;
  /** `TypeError: ...` first line when error; the limit when killed. */
  message?: string;
  /** Why, for programs (see `ResultCode`). */
  code?: string;
}

/**
 * Run one sample on every input, in one child: the examples first (checked as `runExamples` does, sharing
 * globals), then each call expression (or statement, e.g. a test's `assert`) on a fresh copy of the
 * globals. Each input has its own time limit; the whole job has `timeoutMs`.
 */
export interface MatrixRequest {
  program: string;
  examples: ExampleSpec[];
  calls: string[];
  inputTimeoutMs: number;
  timeoutMs?: number;
  /**
   * CPU time for all the calls together: once spent, the remaining calls are not run and count as timed
   * out (code `input-budget`), so a sample that times out on input after input costs a bounded amount.
   */
  cpuBudgetMs?: number;
  /**
   * A program run after the inputs in the same job, alone in fresh globals as `runProgram` runs it, with
   * its own wall-clock limit from its start: the evaluator's check of the sample, so each sample costs
   * one process instead of two. Its outcome comes back as one more cell, after the inputs' cells.
   * `fullPriorityCpuMs` as in {@link RunProgramRequest}. With `skipIfInputTimedOut`, the check does not
   * run when an input ran out of time (its cell: `skipped`): such a sample often loops, and its check would
   * hold this job's worker for the whole limit, so the caller checks it in a job of its own.
   */
  check?: { program: string; timeoutMs: number; fullPriorityCpuMs?: number; skipIfInputTimedOut?: boolean };
}

/**
 * One input's outcome for one sample. `key` is equal for outputs a test would take as equal (numbers by
 * value, floats to 6 significant digits, sets and dicts in any order); `type` is the exception's class.
 */
export interface MatrixCell {
  status: 'passed' | 'failed' | 'ok' | 'error' | 'timeout' | 'killed' | 'skipped';
  /** Why, in a word, for errors (e.g. `bad-expected-value`, `input-timeout`). */
  code?: string;
  /** The output's repr (capped), for display. */
  got?: string;
  key?: string;
  type?: string;
  message?: string;
}

/** Run a whole program (e.g. HumanEval's prompt + completion + test + `check(entry_point)`). */
export interface RunProgramRequest {
  program: string;
  timeoutMs?: number;
  /** Also load the module context first (default false: the program stands alone). */
  withModule?: boolean;
  /**
   * CPU time at the caller's priority; beyond it the program runs at the lowest (nice 19) until its
   * wall-clock limit. A sample that loops then spends the rest of its limit on CPU time no other job
   * wants instead of taking it from them. Default: the whole limit at the caller's priority.
   */
  fullPriorityCpuMs?: number;
}

/**
 * How a program ended. `passed` only when it ran to completion: the worker's child writes the result on
 * a private pipe after the program returns, so `sys.exit(0)`, `os._exit(0)` or printed text cannot pass.
 */
export interface ProgramResult {
  status: 'passed' | 'failed' | 'error' | 'timeout' | 'killed';
  /** Why, for programs (see `ResultCode`). */
  code?: string;
  message?: string;
  /** Captured stdout+stderr (capped). */
  output?: string;
}

export type { ExampleResult };
