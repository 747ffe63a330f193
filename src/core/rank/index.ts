/**
 * Ranking: from n post-processed samples, the best first and the rest in order for cycling. Duplicates
 * are merged into votes; the execution modes run each distinct sample once on every input (the
 * execution matrix: the docstring's examples and generated inputs) and then order by examples passed,
 * executability, behaviour clusters and mean log-prob. Every RankedSample carries its reasons.
 * Deterministic: ties end at the backend's sample index.
 */
import type { CompletionContext, RankedSample, RankingMode, Sample } from '../types';
import { dedupe } from './dedupe';
import { throwIfAborted } from '../abort';
import { errorMessage } from '../errorMessage';
import type { ModelTest } from '../modelTests/extract';
import { docstringExamples, type RankingSandbox } from './execute';
import { chooseTypes, generateInputs, probeTypes, type InputOptions } from './inputs/generate';
import { callsIn } from './inputs/values';
import { buildMatrix, exampleInputs, type MatrixInput, type MatrixLimits, type SampleCheck } from './matrix';
import { normalizer } from './normalize';
import { rankerFor } from './rankers';
import { describeEntry, orderEntries, type Entry, type Execution } from './select';

export type { RankingSandbox } from './execute';
export type { Execution } from './select';
export { meanLogprob, sumLogprob } from './scores';
export { dedupe } from './dedupe';
export { normalizeByTokens } from './normalize';
export { extractInlineExamples } from './examples';
export { programForSample } from './program';

/** How to rank. */
export interface RankOptions {
  mode: RankingMode;
  /** The sandbox that runs samples; undefined = execution not allowed (untrusted workspace, switched off). */
  sandbox?: RankingSandbox;
  /** Model-written tests (CodeT): they join the matrix for the rankers that read them (codet, auto). */
  modelTests?: readonly ModelTest[];
  /** Wall-clock budget of one sample's whole matrix job (default: the sandbox's limit). */
  timeoutMs?: number;
  /**
   * Generated inputs: how many at most (0 = none), their seed, the time one input may take, and the CPU
   * time of a sample's calls together (`testsCpuBudgetMs` when model-written tests join them).
   */
  inputs?: { cap: number; seed?: number; budgetMs?: number; inputTimeoutMs?: number; cpuBudgetMs?: number; testsCpuBudgetMs?: number };
  /** The evaluator's check of each sample, run in the sample's matrix job (see SampleCheck). */
  check?: SampleCheck;
}

/** Default generated-input options at edit time. */
export const DEFAULT_INPUTS = { cap: 20, seed: 1, budgetMs: 20, inputTimeoutMs: 200 };

/** Ranks samples; rejects only on abort (a failing sandbox falls back to mean log-prob, with the reason). */
export async function rank(samples: Sample[], ctx: CompletionContext, opts: RankOptions, signal?: AbortSignal): Promise<RankedSample[]> {
  throwIfAborted(signal);
  const normalize = await normalizer();
  const groups = dedupe(samples, normalize);
  const execution = rankerFor(opts.mode).executes
    ? await prepareExecution(ctx, groups.map((g) => g.representative), opts, signal)
    : undefined;
  return rankWith(samples, opts.mode, execution, normalize);
}

/**
 * Orders samples with an execution already prepared (the evaluator ranks many subsets of a problem's
 * samples from one matrix). Pure: nothing runs.
 */
export function rankWith(samples: Sample[], mode: RankingMode, execution: Execution | undefined, normalize: (code: string) => string): RankedSample[] {
  const entries: Entry[] = dedupe(samples, normalize).map((g) => describeEntry(g.representative, g.members.length, normalize(g.representative.text), execution));
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return orderEntries(entries, mode, execution).map(({ key, row, ...e }, rank) => ({ ...e, rank }));
}

/** The rankers that read model-written tests; the others do not pay for running them. */
const READS_MODEL_TESTS: ReadonlySet<RankingMode> = new Set(['codet', 'auto']);

/**
 * Builds the execution matrix for the distinct samples: the docstring's examples, generated inputs and
 * the model-written tests (for the rankers that read them), every sample run once on all of them. A failing sandbox gives an execution with only the reason
 * (ranking then falls back to mean log-prob); only an abort rejects.
 */
export async function prepareExecution(ctx: CompletionContext, distinct: Sample[], opts: RankOptions, signal?: AbortSignal): Promise<Execution> {
  if (!opts.sandbox || !ctx.fn) {
    return { fallback: !opts.sandbox ? 'execution not allowed here' : 'not inside a function' };
  }
  try {
    const specs = await docstringExamples(ctx, opts.sandbox, signal);
    const tests = READS_MODEL_TESTS.has(opts.mode) ? (opts.modelTests ?? []) : [];
    const fnName = ctx.fn.name;
    const seedCalls = [...tests].sort((a, b) => b.weight - a.weight).flatMap((t) => callsIn(t.source, fnName));
    const inputOpts = { ...DEFAULT_INPUTS, ...opts.inputs, seedCalls, samples: distinct.map((s) => s.text) };
    const timeoutMs = opts.timeoutMs ?? 3000;
    const limits = { inputTimeoutMs: Math.min(inputOpts.inputTimeoutMs, timeoutMs), timeoutMs, cpuBudgetMs: opts.inputs?.cpuBudgetMs };
    const exampleCalls = specs.map((s) => s.source);
    const probed = inputOpts.cap > 0 ? await probedTypes(ctx, distinct, exampleCalls, inputOpts, opts.sandbox, limits, signal) : undefined;
    const generated = await generateInputs(ctx.fn, exampleCalls, { ...inputOpts, probed });
    const inputs: MatrixInput[] = [
      ...exampleInputs(specs),
      ...generated.map((source): MatrixInput => ({ kind: 'generated', source })),
      ...tests.map((t): MatrixInput => ({ kind: 'test', source: t.source, weight: t.weight })),
    ];
    if (inputs.length === 0) {
      return { fallback: 'no examples in the docstring and no inputs could be made for its parameters' };
    }
    const budgetMs = tests.length > 0 ? (opts.inputs?.testsCpuBudgetMs ?? limits.cpuBudgetMs) : limits.cpuBudgetMs;
    const matrix = await buildMatrix(ctx, distinct, inputs, opts.sandbox, { ...limits, cpuBudgetMs: scaledBudget(budgetMs, inputs.length, inputOpts.cap) }, signal, opts.check);
    const normalize = await normalizer();
    const rows = new Map(distinct.map((s, i) => [normalize(s.text), matrix.rows[i]!]));
    return { matrix, rows };
  } catch (e) {
    throwIfAborted(signal);
    // A broken interpreter must not cost the user their completions.
    return { fallback: `could not run the samples (${errorMessage(e)})` };
  }
}

/** How many distinct samples run the type probe (the first ones: in `passk eval` a problem has ~70). */
const PROBE_SAMPLES = 12;

/**
 * Where a parameter's type is only a guess, runs the probe's calls (small values of the common types) on
 * up to PROBE_SAMPLES samples, one extra sandbox job each, and returns the types they accept; undefined
 * when no parameter is guessed. The probe's cells are not matrix inputs: they decide what is generated.
 */
async function probedTypes(
  ctx: CompletionContext,
  distinct: Sample[],
  exampleCalls: string[],
  opts: InputOptions,
  sandbox: RankingSandbox,
  limits: MatrixLimits,
  signal?: AbortSignal,
): Promise<InputOptions['probed']> {
  const probe = ctx.fn ? await probeTypes(ctx.fn, exampleCalls, opts) : undefined;
  if (!probe) {
    return undefined;
  }
  const runners = distinct.slice(0, PROBE_SAMPLES);
  const inputs = probe.calls.map((source): MatrixInput => ({ kind: 'generated', source }));
  const matrix = await buildMatrix(ctx, runners, inputs, sandbox, limits, signal);
  return chooseTypes(probe, matrix.rows, runners.map(() => 1));
}

/**
 * The calls' shared CPU budget, sized for `cap` generated inputs, grown in proportion when the job has more
 * calls (a problem's model-written tests can be hundreds): a correct sample spends a few ms on each, and a
 * fixed budget then ran out before its tests (without examples, with tests: auto 0.445 → 0.433, codet
 * 0.378 → 0.365). The job's own deadline still bounds a sample that loops.
 */
export function scaledBudget(budgetMs: number | undefined, calls: number, cap: number): number | undefined {
  return budgetMs === undefined ? undefined : budgetMs * Math.max(1, calls / Math.max(1, cap));
}
