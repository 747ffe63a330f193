/**
 * The one orchestrator: context → prompt → samples → post-process → rank, and, while no sample passes the
 * docstring's examples, further rounds of samples (up to `rounds`).
 * The editor and the candidates panel call `runPipeline`; `passk eval`, which has its samples already, runs
 * the same `postprocess` (core/eval/prepare.ts) and ranks through `rankSamples`. No stage is re-done elsewhere.
 */
import type { Backend, SampleOptions } from './backend/backend';
import { buildContext } from './context/buildContext';
import { postprocess } from './postprocess';
import { buildPrompt, type PromptOptions } from './prompt';
import type { ModelTest } from './modelTests/extract';
import { requestModelTests, type ModelTestsOptions, type ModelTestsReport } from './modelTests/request';
import { moduleSourceForExecution } from './python/moduleSource';
import { rank, type RankOptions } from './rank';
import { rankerFor } from './rank/rankers';
import { wantsAnotherRound } from './rank/rounds';
import type { CompletionContext, Prompt, RankedSample, RankingMode, Sample } from './types';
import { throwIfAborted } from './abort';

/** A document position to complete. */
export interface PipelineRequest {
  text: string;
  offset: number;
  languageId?: string;
  /** Identifies the document for the parse-tree cache (URI), with its version. */
  documentKey?: string;
  version?: number;
}

/** What one run produced, stage by stage, for the UI and for debugging. */
export interface PipelineResult {
  context: CompletionContext;
  prompt?: Prompt;
  /** Post-processed samples in backend order. */
  samples: Sample[];
  /** Ranked best first; empty when the decision was `none`. */
  ranked: RankedSample[];
  /** The extra request for model-written tests, when one was made: its tests (as ranked) and its cost. */
  modelTests?: ModelTestsReport;
  /** Batches of n drawn (adaptive rounds); absent when no sample was asked for. */
  rounds?: number;
}

/** The stages a caller may watch, with the number of samples at that point. */
export type PipelineStage = 'context' | 'prompt' | 'sample' | 'postprocess' | 'rank' | 'done';

/** What ranking runs samples in (docstring examples, model-written tests). */
type RankSandbox = NonNullable<RankOptions['sandbox']>;

/** How to run the stages. */
export interface PipelineOptions {
  backend: Backend;
  sampleOptions: SampleOptions;
  promptOptions: PromptOptions;
  /** How to rank; `modelTests` are model-written tests already drawn (the evaluator's `--tests`). */
  rankOptions: { mode: RankingMode; timeoutMs?: number; modelTests?: readonly ModelTest[]; inputs?: RankOptions['inputs'] };
  /** Ask the backend for tests too (CodeT), in parallel with the code samples; omitted = never. */
  modelTests?: ModelTestsOptions;
  /**
   * Gives the sandbox for a module context, or undefined when execution is not allowed here
   * (untrusted workspace, execution switched off): ranking then falls back to log-probs.
   */
  sandbox?: (moduleSource: string) => Promise<RankSandbox | undefined> | RankSandbox | undefined;
  /**
   * Batches of `sampleOptions.n` at most (default 1): while the docstring has examples and no sample
   * passes them, another batch is drawn and everything drawn so far is ranked again (core/rank/rounds.ts).
   */
  rounds?: number;
  /** Called before a further round is asked for: its number (2, 3, …) and the most there may be. */
  onRound?: (round: number, rounds: number) => void;
  signal?: AbortSignal;
  onStage?: (stage: PipelineStage, count: number) => void;
}

/** Runs every stage for one cursor position; rejects with the backend's or sandbox's error, or on abort. */
export async function runPipeline(request: PipelineRequest, opts: PipelineOptions): Promise<PipelineResult> {
  const context = await buildContext({
    text: request.text,
    offset: request.offset,
    languageId: request.languageId,
    key: request.documentKey,
    version: request.version,
  });
  opts.onStage?.('context', 0);
  if (context.decision.kind === 'none') {
    return { context, samples: [], ranked: [] };
  }
  const prompt = buildPrompt(context, opts.promptOptions);
  opts.onStage?.('prompt', 0);
  return completeFromPrompt(context, prompt, opts);
}

/** The stages after the prompt: samples, post-processing, ranking — again for each further round. */
async function completeFromPrompt(
  context: CompletionContext,
  prompt: Prompt,
  opts: PipelineOptions,
): Promise<PipelineResult> {
  throwIfAborted(opts.signal);
  const code = opts.backend.sample(prompt, opts.sampleOptions, opts.signal);
  // Asked second, so a server (or limiter) that serves one request at a time generates the code first.
  const pending = opts.modelTests ? requestModelTests(context, opts.backend, opts.sampleOptions, opts.modelTests, opts.signal) : undefined;
  const rounds = Math.max(1, Math.floor(opts.rounds ?? 1));
  try {
    let samples: Sample[] = [];
    let ranked: RankedSample[] = [];
    let modelTests: ModelTestsReport | undefined;
    let round = 1;
    for (; ; round++) {
      const raw = round === 1 ? await code : await drawRound(prompt, round, rounds, opts);
      opts.onStage?.('sample', raw.length);
      // A later round's samples are numbered after the earlier rounds': indices stay unique tie-breaks.
      const batch = postprocess(round === 1 ? raw : raw.map((s) => ({ ...s, index: s.index + drawnBefore(round, opts) })), context);
      samples = [...samples, ...batch];
      opts.onStage?.('postprocess', samples.length);
      throwIfAborted(opts.signal);
      if (!modelTests && samples.length > 0) {
        modelTests = await pending?.settle(opts.modelTests!.graceMs);
      }
      const rankOptions = modelTests?.tests.length ? { ...opts.rankOptions, modelTests: modelTests.tests } : opts.rankOptions;
      ranked = await rankSamples(context, samples, { ...opts, rankOptions });
      if (round >= rounds || !wantsAnotherRound(ranked)) {
        break;
      }
    }
    opts.onStage?.('done', ranked.length);
    return { context, prompt, samples, ranked, rounds: round, ...(modelTests ? { modelTests } : {}) };
  } finally {
    pending?.abort(); // a code request that failed, or no samples to rank: the tests are not needed
  }
}

/** Samples asked for before `round` (each round asks for n). */
function drawnBefore(round: number, opts: PipelineOptions): number {
  return (round - 1) * opts.sampleOptions.n;
}

/** Another batch of n: nothing in the earlier rounds passed the docstring's examples. */
function drawRound(prompt: Prompt, round: number, rounds: number, opts: PipelineOptions): Promise<Sample[]> {
  throwIfAborted(opts.signal);
  opts.onRound?.(round, rounds);
  return opts.backend.sample(prompt, opts.sampleOptions, opts.signal);
}

/** Ranks post-processed samples, executing them only when the ranker executes and a sandbox is given. */
export async function rankSamples(
  context: CompletionContext,
  samples: Sample[],
  opts: Pick<PipelineOptions, 'rankOptions' | 'sandbox' | 'signal' | 'onStage'>,
): Promise<RankedSample[]> {
  if (samples.length === 0) {
    return [];
  }
  const executes = rankerFor(opts.rankOptions.mode).executes;
  const sandbox = opts.sandbox && executes ? await opts.sandbox(executionModule(context)) : undefined;
  throwIfAborted(opts.signal);
  opts.onStage?.('rank', samples.length);
  return rank(samples, context, { ...opts.rankOptions, sandbox }, opts.signal);
}

/** The file's imports and definitions, without the function being completed (the sample replaces it). */
export function executionModule(context: CompletionContext): string {
  const fn = context.fn;
  return moduleSourceForExecution(context.text, fn ? [{ start: fn.startOffset, end: fn.endOffset }] : []);
}
