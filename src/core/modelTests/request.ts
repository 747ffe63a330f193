/**
 * The extra backend request for model-written tests (CodeT), run in parallel with the code samples on the
 * same backend (so through its concurrency limiter). It never holds back the ghost text: when the code
 * samples are in, ranking waits at most a short grace period for the tests, then goes on without them and
 * cancels the request. It is cancelled with the completion too.
 */
import type { Backend, SampleOptions } from '../backend/backend';
import { extractInlineExamples, paramNames } from '../rank/examples';
import type { CompletionContext } from '../types';
import { extractTests, type ModelTest } from './extract';
import { asContinuation, buildTestPrompt } from './prompt';

/** When the extra request is made (`passk.ranking.modelTests`). */
export type ModelTestsPolicy = 'off' | 'whenNoExamples' | 'always';

/** The extra request's settings. */
export interface ModelTestsOptions {
  when: ModelTestsPolicy;
  /** Continuations asked for (each may hold several asserts). */
  n: number;
  maxTokens: number;
  /** How long ranking waits for the tests once the code samples are in. */
  graceMs: number;
  style: 'codex' | 'fim' | 'chat';
  /** Distinct tests kept at most (the most often written first). */
  maxTests?: number;
}

/**
 * How long ranking waits for late tests after the code samples are in. Both requests start together and
 * the test request is capped at fewer tokens, so it usually ends first; this covers the case where the
 * server ran them one after the other for a little while (see README, "Model-written tests").
 */
export const MODEL_TESTS_GRACE_MS = 250;

/** What became of the extra request, for the log and the panel. */
export interface ModelTestsReport {
  status: 'used' | 'late' | 'failed';
  tests: ModelTest[];
  /** Tokens the request generated (counted from the answer's tokens; characters/4 where the server gave none). */
  tokens: number;
  message?: string;
}

/**
 * The log's line for one completion's test request: what became of it and the extra tokens it cost
 * (a late request was cancelled before it answered, so what it generated is not known).
 */
export function modelTestsLogLine(report: ModelTestsReport): string {
  const cost = report.status === 'late' ? 'extra tokens unknown (cancelled before it answered)' : `${report.tokens} extra tokens`;
  return `model-written tests: ${report.status}, ${report.tests.length} kept, ${cost}${report.message ? ` (${report.message})` : ''}`;
}

/** A request in flight. */
export interface PendingModelTests {
  /** The tests, waiting at most `graceMs` more; a late request is cancelled and reported `late`. */
  settle(graceMs: number): Promise<ModelTestsReport>;
  /** Cancels the request if it is still running. */
  abort(): void;
}

/** Whether the settings ask for tests for this function. */
export function wantsModelTests(ctx: CompletionContext, when: ModelTestsPolicy): boolean {
  if (when === 'off' || !ctx.fn?.docstring) {
    return false;
  }
  return when === 'always' || !hasExamples(ctx);
}

/** `>>>` examples or inline `f(x) == y` forms: tests written by the docstring's author come first. */
function hasExamples(ctx: CompletionContext): boolean {
  const doc = ctx.fn?.docstring?.text ?? '';
  return /^\s*>>>/m.test(doc) || extractInlineExamples(doc, ctx.fn!.name, ctx.text, paramNames(ctx.fn!)).length > 0;
}

/** Starts the test request when the settings and the function call for one; undefined otherwise. */
export function requestModelTests(
  ctx: CompletionContext,
  backend: Backend,
  sampling: SampleOptions,
  opts: ModelTestsOptions,
  signal?: AbortSignal,
): PendingModelTests | undefined {
  const built = wantsModelTests(ctx, opts.when) ? buildTestPrompt(ctx, opts.style) : undefined;
  if (!built || signal?.aborted) {
    return undefined;
  }
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const fnName = ctx.fn!.name;
  const answer: Promise<ModelTestsReport> = backend
    .sample(built.prompt, { ...sampling, n: opts.n, maxTokens: opts.maxTokens }, controller.signal)
    .then(async (samples) => {
      const tokens = samples.reduce((sum, s) => sum + (s.tokens?.length ?? Math.ceil(s.text.length / 4)), 0);
      const tests = await extractTests(samples.map((s) => asContinuation(s.text, built.continuesAssert)), fnName, { maxTests: opts.maxTests });
      return { status: 'used' as const, tests, tokens };
    })
    .catch((e: unknown) => ({ status: 'failed' as const, tests: [], tokens: 0, message: e instanceof Error ? e.message : String(e) }))
    .finally(() => signal?.removeEventListener('abort', onAbort));
  return {
    settle: async (graceMs) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<ModelTestsReport>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'late', tests: [], tokens: 0, message: `no answer within ${graceMs} ms of the code samples` }), graceMs);
      });
      try {
        const report = await Promise.race([answer, late]);
        if (report.status === 'late') {
          controller.abort();
        }
        return report;
      } finally {
        clearTimeout(timer);
      }
    },
    abort: () => controller.abort(),
  };
}
