/**
 * The execution matrix: every distinct sample run once, in one sandbox job, on every input — the
 * docstring's examples, generated inputs and model-written tests — with a time limit per input. Every
 * ranker reads it; nothing else executes samples for ranking.
 */
import type { ExampleSpec, MatrixCell, MatrixRequest } from '../sandbox';
import type { CompletionContext, ExampleResult, Sample } from '../types';
import { programForSample } from './program';

export type { MatrixCell } from '../sandbox';

/** Where an input came from: the docstring's examples, the input generator, or a model-written test. */
export type InputKind = 'example' | 'generated' | 'test';

/** One input: an example (checked against its expected value), a call expression, or a test statement. */
export interface MatrixInput {
  kind: InputKind;
  /** The call or statement, e.g. `f([1, 2])`, `assert f(3) == 4`. */
  source: string;
  /** For examples: the spec the worker checks. */
  spec?: ExampleSpec;
  /** For model-written tests: how often the model wrote it (dual agreement counts it that many times). */
  weight?: number;
}

/** What ranking needs from the sandbox for the matrix. */
export interface MatrixRunner {
  runMatrix(req: MatrixRequest, signal?: AbortSignal): Promise<MatrixCell[]>;
}

/** rows[sample][input]: each sample's outcome on each input, in the order given. */
export interface ExecutionMatrix {
  inputs: MatrixInput[];
  rows: MatrixCell[][];
  /** Example inputs whose expected value fails to evaluate for every sample (left out of the counts). */
  unusable: Set<number>;
  /** With a {@link SampleCheck}: each sample's check outcome, by row. No ranker reads it. */
  checks?: MatrixCell[];
}

/**
 * The evaluator's check of each sample (HumanEval's test program), run after the sample's inputs in the
 * same job: one process per sample for both ranking and checking.
 */
export interface SampleCheck {
  timeoutMs: number;
  /** See RunProgramRequest.fullPriorityCpuMs. */
  fullPriorityCpuMs?: number;
  /** See MatrixRequest.check. */
  skipIfInputTimedOut?: boolean;
  program(sample: Sample): string;
}

/** Per-input and per-job limits of the matrix jobs. */
export interface MatrixLimits {
  inputTimeoutMs: number;
  /** The whole job's wall-clock budget. */
  timeoutMs: number;
  /** CPU time for all of a sample's calls together (see MatrixRequest.cpuBudgetMs); none by default. */
  cpuBudgetMs?: number;
}

/** The examples as matrix inputs (they come first: the worker runs them before the calls). */
export function exampleInputs(specs: readonly ExampleSpec[]): MatrixInput[] {
  return specs.map((spec) => ({ kind: 'example', source: spec.source, spec }));
}

/**
 * Runs each sample once on all inputs (as many jobs at a time as the sandbox's pool allows) and returns
 * the matrix. The inputs are reordered: the examples, the model-written tests, then the generated inputs.
 * A sample's calls share one CPU budget, so a slow sample spends it on the strongest evidence first: a
 * naive recursive sample that runs out of time on input after input still gets to the tests.
 */
export async function buildMatrix(
  ctx: CompletionContext,
  samples: readonly Sample[],
  inputs: readonly MatrixInput[],
  runner: MatrixRunner,
  limits: MatrixLimits,
  signal?: AbortSignal,
  check?: SampleCheck,
): Promise<ExecutionMatrix> {
  const ordered = [...inputs.filter((i) => i.kind === 'example' && i.spec), ...inputs.filter((i) => i.kind === 'test'), ...inputs.filter((i) => i.kind === 'generated')];
  const examples = ordered.filter((i) => i.kind === 'example').map((i) => i.spec!);
  const calls = ordered.filter((i) => i.kind !== 'example').map((i) => i.source);
  const rows = await Promise.all(
    samples.map((s) => {
      const checked = check ? { check: { program: check.program(s), timeoutMs: check.timeoutMs, fullPriorityCpuMs: check.fullPriorityCpuMs, skipIfInputTimedOut: check.skipIfInputTimedOut } } : {};
      return runner.runMatrix({ program: programForSample(ctx, s)!, examples, calls, inputTimeoutMs: limits.inputTimeoutMs, timeoutMs: limits.timeoutMs, cpuBudgetMs: limits.cpuBudgetMs, ...checked }, signal);
    }),
  );
  const checks = check ? rows.map((r) => r.pop()!) : undefined;
  const unusable = new Set<number>();
  examples.forEach((_, k) => {
    if (rows.length > 0 && rows.every((r) => r[k]?.status === 'error' && r[k]?.code === 'bad-expected-value')) {
      unusable.add(k);
    }
  });
  return checks ? { inputs: ordered, rows, unusable, checks } : { inputs: ordered, rows, unusable };
}

/** A cell that ran to a value (an example passed or failed by value counts). */
export function ranToValue(cell: MatrixCell | undefined): boolean {
  return cell?.status === 'ok' || cell?.status === 'passed' || cell?.status === 'failed';
}

/** What a sample did on one input, as one comparable string: same output key, or same exception type. */
export function behaviourOfCell(cell: MatrixCell | undefined): string {
  if (!cell) {
    return 'missing';
  }
  if (ranToValue(cell)) {
    return `=${cell.key ?? cell.got ?? ''}`;
  }
  return cell.status === 'error' ? `!${cell.type ?? cell.message ?? ''}` : cell.status;
}

/** An example's cell as the panel and the old example results show it. */
export function asExampleResult(input: MatrixInput, cell: MatrixCell | undefined): ExampleResult {
  const status = !cell || cell.status === 'ok' ? 'error' : cell.status;
  const r: ExampleResult = { source: input.source, status: status as ExampleResult['status'] };
  if (input.spec?.expected !== undefined) {
    r.expected = input.spec.expected;
  }
  if (cell?.got !== undefined) {
    r.got = cell.got;
  }
  if (cell?.message !== undefined) {
    r.message = cell.message;
  }
  return r;
}
