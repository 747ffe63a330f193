/**
 * Gets n samples from servers that differ in what they accept: asks for all n in one request, tops up
 * with parallel requests when fewer come back (many servers ignore `n`), falls back to one sample per
 * request when `n` is refused (llama.cpp answers 400 above its slot count), drops `logprobs` when refused
 * (samples become unscored), and splits a batch that keeps failing with 5xx so one bad output does not
 * sink the rest. What it learns about the server is kept for the next call.
 */
import type { Sample } from '../types';
import { BackendError, type BackendNotice } from './backend';

/** One HTTP request's worth of samples. */
export interface RequestPlan {
  n: number;
  logprobs: boolean;
  /** Retries after 5xx for this request (default: the backend's setting). */
  serverRetries?: number;
}

export type RequestFn = (plan: RequestPlan, signal?: AbortSignal) => Promise<Sample[]>;

/** Top-up rounds after the first request; bounds the requests for a server that keeps returning fewer. */
const MAX_TOP_UP_ROUNDS = 3;
const CONTEXT_TOO_LONG = /context length|context window|too long|maximum context/i;

export class Sampler {
  /** Most choices the server returns per request, once known. */
  maxN: number | undefined;
  /** False once the server refused `logprobs`. */
  logprobs = true;
  private readonly noticed = new Set<BackendNotice['kind']>();

  constructor(private readonly onNotice?: (notice: BackendNotice) => void) {}

  /** Up to n samples, indexed 0.. in request order. */
  async sample(n: number, request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    const firstAsk = Math.min(n, this.maxN ?? n);
    const batches: Sample[][] = [await this.requestAdaptive(firstAsk, request, signal)];
    const firstGot = batches[0]?.length ?? 0;
    if (firstGot < firstAsk && firstGot > 0) {
      this.maxN = firstGot;
    }
    let total = firstGot;
    for (let round = 0; total < n && total > 0 && round < MAX_TOP_UP_ROUNDS; round++) {
      const more = await this.parallel(chunks(n - total, this.maxN ?? n - total), request, signal);
      if (more.length === 0) {
        break;
      }
      batches.push(more);
      total += more.length;
    }
    const samples = batches.flat().slice(0, n).map((s, index) => ({ ...s, index }));
    if (samples.length === 0) {
      throw new BackendError('badResponse', 'The server answered without any completions.', { action: 'showLog' });
    }
    if (samples.length < n) {
      this.notice('fewerSamples', `The server returned ${samples.length} of the ${n} samples asked for.`);
    }
    return samples;
  }

  /** One request for k samples, adapting to what the server refuses. */
  private async requestAdaptive(k: number, request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    try {
      return await request({ n: k, logprobs: this.logprobs }, signal);
    } catch (e) {
      if (!(e instanceof BackendError)) {
        throw e;
      }
      if (e.kind === 'badRequest') {
        return this.afterBadRequest(e, k, request, signal);
      }
      if (e.kind === 'server' && k > 1) {
        return this.splitAfterServerError(e, k, request, signal);
      }
      throw e;
    }
  }

  private async afterBadRequest(e: BackendError, k: number, request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    if (CONTEXT_TOO_LONG.test(e.message)) {
      throw e;
    }
    if (this.logprobs && /logprob/i.test(e.message)) {
      this.disableLogprobs();
      return this.requestAdaptive(k, request, signal);
    }
    if (k > 1) {
      this.maxN = Math.min(statedMaxN(e.message) ?? 1, k - 1);
      this.notice('nUnsupported', `The server refused n=${k}; asking for ${this.maxN} per request instead.`);
      return this.parallel(chunks(k, this.maxN), request, signal);
    }
    if (this.logprobs) {
      const samples = await request({ n: k, logprobs: false }, signal).catch(() => {
        throw e;
      });
      this.disableLogprobs();
      return samples;
    }
    throw e;
  }

  /** A batch failed with 5xx after its retries: ask for each sample alone, keep what succeeds. */
  private async splitAfterServerError(e: BackendError, k: number, request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    const settled = await Promise.allSettled(chunks(k, 1).map(() => request({ n: 1, logprobs: this.logprobs, serverRetries: 0 }, signal)));
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    throwIfCancelled(settled, signal);
    if (ok.length === 0) {
      throw e;
    }
    if (ok.length < k) {
      this.notice('partialFailure', `${k - ok.length} of ${k} samples failed on the server (${e.message}); showing the rest.`);
    }
    return ok;
  }

  /** Requests in parallel (the HTTP layer limits concurrency); keeps successes, fails only if all fail. */
  private async parallel(sizes: number[], request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    const settled = await Promise.allSettled(sizes.map((k) => this.requestAdaptive(k, request, signal)));
    throwIfCancelled(settled, signal);
    const failed = settled.filter((s) => s.status === 'rejected');
    if (failed.length === settled.length && failed[0]) {
      throw failed[0].reason;
    }
    if (failed[0]) {
      const reason = failed[0].reason instanceof Error ? failed[0].reason.message : String(failed[0].reason);
      this.notice('partialFailure', `${failed.length} of ${settled.length} requests failed (${reason}); showing the rest.`);
    }
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  }

  private disableLogprobs(): void {
    this.logprobs = false;
    this.notice('logprobsUnsupported', 'The server does not return log-probabilities; samples are unscored and ranked without them.');
  }

  /** Tells the caller once per kind. */
  notice(kind: BackendNotice['kind'], message: string): void {
    if (!this.noticed.has(kind)) {
      this.noticed.add(kind);
      this.onNotice?.({ kind, message });
    }
  }
}

/** `total` split into request sizes of at most `size`. */
export function chunks(total: number, size: number): number[] {
  const out: number[] = [];
  const step = Math.max(1, size);
  for (let left = total; left > 0; left -= step) {
    out.push(Math.min(step, left));
  }
  return out;
}

/** The N in a message like "n must be at most 4". */
function statedMaxN(message: string): number | undefined {
  if (!/\bn\b|choices|slots/i.test(message)) {
    return undefined;
  }
  const m = /(?:at most|<=|maximum(?: of)?|up to)\s*(\d+)/i.exec(message);
  const n = m?.[1] ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function throwIfCancelled(settled: PromiseSettledResult<unknown>[], signal?: AbortSignal): void {
  const cancelled = settled.find((s) => s.status === 'rejected' && s.reason instanceof BackendError && s.reason.kind === 'cancelled');
  if (cancelled || signal?.aborted) {
    throw new BackendError('cancelled', 'The request was cancelled.');
  }
}
