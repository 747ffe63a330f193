/**
 * Ranking: from n post-processed samples, the best first and the rest in order for cycling. Duplicates
 * are merged into votes; then mean log-prob, doctests run in the sandbox, or execution agreement decide.
 * Every RankedSample carries its reasons. Deterministic: ties end at the backend's sample index.
 */
import type { CompletionContext, RankedSample, RankingMode, Sample } from '../types';
import { agreementGroups } from './agreement';
import { dedupe } from './dedupe';
import { behaviourOf, docstringExamples, producedOutput, runCandidates, type ExecutionOutcome, type RankingSandbox } from './execute';
import type { ModelTest } from '../modelTests/extract';
import { recordDualAgreement, runModelTests, type TestRunner } from './modelTestRun';
import { normalizer } from './normalize';
import { byMean } from './rankers/order';
import { rankerFor, type RankEntry, type RankOrder } from './rankers';
import { meanLogprob, sumLogprob } from './scores';
import { throwIfAborted } from '../abort';
import { errorMessage } from '../errorMessage';

export type { RankingSandbox } from './execute';
export { meanLogprob, sumLogprob } from './scores';
export { dedupe } from './dedupe';
export { normalizeByTokens } from './normalize';
export { extractInlineExamples } from './examples';
export { programForSample } from './program';

/** How to rank. */
export interface RankOptions {
  mode: RankingMode;
  /** The sandbox that runs samples; undefined = execution not allowed (untrusted workspace, switched off). */
  sandbox?: RankingSandbox & TestRunner;
  /** Model-written tests (CodeT) for the rankers that read them (codet, auto); none = they are left out. */
  modelTests?: readonly ModelTest[];
  /** Wall-clock budget per sample's examples (default: the sandbox's limit). */
  timeoutMs?: number;
}

type Entry = RankEntry;

/** Ranks samples; rejects only on abort (a failing sandbox falls back to mean log-prob, with the reason). */
export async function rank(samples: Sample[], ctx: CompletionContext, opts: RankOptions, signal?: AbortSignal): Promise<RankedSample[]> {
  throwIfAborted(signal);
  const normalize = await normalizer();
  const entries: Entry[] = dedupe(samples, normalize).map((g) => describe(g.representative, g.members.length));
  const order = await orderFor(entries, ctx, opts, signal);
  return [...entries].sort(order).map((e, rank) => ({ ...e, rank }));
}

function describe(sample: Sample, votes: number): Entry {
  const mean = meanLogprob(sample);
  const reasons = [mean === undefined ? 'unscored (no log-probs)' : `mean log-prob ${mean.toFixed(3)}`];
  if (votes > 1) {
    reasons.push(`${votes} identical samples (${votes - 1} merged)`);
  }
  return { sample, votes, meanLogprob: mean, sumLogprob: sumLogprob(sample), reasons };
}

/** The ranker's order; an executing ranker whose examples could not run falls back to mean log-prob. */
async function orderFor(entries: Entry[], ctx: CompletionContext, opts: RankOptions, signal?: AbortSignal): Promise<RankOrder> {
  const ranker = rankerFor(opts.mode);
  if (!ranker.executes) {
    return ranker.order;
  }
  const ranExamples = ranker.id !== 'codet' && (await execute(entries, ctx, opts, signal)) !== undefined;
  const ranTests = READS_MODEL_TESTS.has(ranker.id) && (await executeModelTests(entries, ctx, opts, signal));
  return ranExamples || ranTests ? ranker.order : byMean;
}

/** The rankers that read model-written tests; the others do not pay for running them. */
const READS_MODEL_TESTS: ReadonlySet<RankingMode> = new Set(['codet', 'auto']);

/** Runs the model-written tests and records dual agreement; false when there were none or they could not run. */
async function executeModelTests(entries: Entry[], ctx: CompletionContext, opts: RankOptions, signal?: AbortSignal): Promise<boolean> {
  const tests = opts.modelTests ?? [];
  if (tests.length === 0 || !opts.sandbox || !ctx.fn) {
    if (opts.mode === 'codet') {
      entries.forEach((e) => e.reasons.push(`${tests.length === 0 ? 'no model-written tests' : 'execution not allowed here'}: ranked by mean log-prob`));
    }
    return false;
  }
  try {
    recordDualAgreement(entries, tests, await runModelTests(ctx, entries, tests, opts.sandbox, opts.timeoutMs, signal));
    return true;
  } catch (e) {
    throwIfAborted(signal);
    entries.forEach((entry) => entry.reasons.push(`could not run the model-written tests (${errorMessage(e)})`));
    return false;
  }
}

/** Runs the examples and records passed/failed, example results and agreement on each entry. */
async function execute(entries: Entry[], ctx: CompletionContext, opts: RankOptions, signal?: AbortSignal): Promise<ExecutionOutcome | undefined> {
  const fallBack = (why: string): undefined => {
    entries.forEach((e) => e.reasons.push(`${why}: ranked by mean log-prob`));
    return undefined;
  };
  if (!opts.sandbox || !ctx.fn) {
    return fallBack(!opts.sandbox ? 'execution not allowed here' : 'not inside a function');
  }
  let outcome: ExecutionOutcome;
  try {
    const specs = await docstringExamples(ctx, opts.sandbox, signal);
    if (specs.length === 0) {
      return fallBack('no examples in the docstring');
    }
    outcome = await runCandidates(ctx, entries.map((e) => e.sample), specs, opts.sandbox, opts.timeoutMs, signal);
  } catch (e) {
    throwIfAborted(signal);
    // A broken interpreter must not cost the user their completions.
    return fallBack(`could not run the examples (${errorMessage(e)})`);
  }
  throwIfAborted(signal);
  recordExamples(entries, outcome);
  recordAgreement(entries, outcome);
  return outcome;
}

function recordExamples(entries: Entry[], outcome: ExecutionOutcome): void {
  const usable = outcome.specs.length - outcome.unusable.size;
  entries.forEach((e, i) => {
    const results = outcome.results[i] ?? [];
    e.examples = results;
    const counted = results.filter((_, k) => !outcome.unusable.has(k));
    e.passed = counted.filter((r) => r.status === 'passed').length;
    e.failed = counted.length - e.passed;
    e.reasons.unshift(`passed ${e.passed}/${usable} examples`);
    const first = counted.find((r) => r.status !== 'passed');
    if (first) {
      e.reasons.push(firstFailure(first));
    }
  });
}

function firstFailure(r: { source: string; expected?: string; got?: string; status: string; message?: string }): string {
  if (r.status === 'failed') {
    return `first failure: ${r.source} expected ${r.expected ?? ''}, got ${r.got ?? ''}`;
  }
  return `first failure: ${r.source}: ${r.status}${r.message ? ` (${r.message})` : ''}`;
}

function recordAgreement(entries: Entry[], outcome: ExecutionOutcome): void {
  const behaviours = entries.map((e, i) => ({
    outputs: (outcome.results[i] ?? []).map(behaviourOf),
    votes: e.votes,
    meanLogprob: e.meanLogprob,
  }));
  const groups = agreementGroups(behaviours);
  entries.forEach((e, i) => {
    const g = groups[i]!;
    // Samples that only crash agree on nothing useful: they get no agreement credit.
    const score = producedOutput(outcome.results[i] ?? []) ? g.score : 0;
    e.agreementGroup = g.group;
    e.agreementScore = score;
    const members = entries.filter((_, j) => groups[j]!.group === g.group).reduce((n, o) => n + o.votes, 0);
    e.reasons.push(`agreement group ${g.group}: ${members} sample${members === 1 ? '' : 's'} behave alike (score ${score.toFixed(3)})`);
  });
}
