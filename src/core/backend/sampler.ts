/**
 * Gets n samples from servers that differ in what they accept: asks for all n in one request, tops up
 * with parallel requests when fewer come back (many servers ignore `n`), falls back to one sample per
 * request when `n` is refused (llama.cpp answers 400 above its slot count), drops `logprobs` when refused
 * (samples become unscored), and splits a batch that keeps failing with 5xx so one bad output does not
 * sink the rest. What it learns about the server is kept for the next call.
 */
import type { Sample } from '../types';
import { BackendError, type BackendNotice } from './backend';
import { errorMessage } from '../errorMessage';

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

/** Samples from one or more requests, and how many the server silently left out (to top up). */
interface Batch {
  samples: Sample[];
  shortfall: number;
}

export class Sampler {
  /** Most choices the server returns per request, once known. */
  maxN: number | undefined;
  /** False once the server refused `logprobs`. */
  logprobs = true;
  private readonly noticed = new Set<BackendNotice['kind']>();

  constructor(private readonly onNotice?: (notice: BackendNotice) => void) {}

  /**
   * Up to n samples, indexed 0.. in request order. Requests that fail while others succeed are dropped
   * (with a notice); samples the server silently left out are asked for again, for a bounded number of rounds.
   */
  async sample(n: number, request: RequestFn, signal?: AbortSignal): Promise<Sample[]> {
    const samples: Sample[] = [];
    let missing = n;
    for (let round = 0; missing > 0 && round <= MAX_TOP_UP_ROUNDS; round++) {
      const batch = await this.parallel(chunks(missing, this.maxN ?? missing), request, signal);
      samples.push(...batch.samples);
      missing = batch.shortfall;
      if (batch.samples.length === 0) {
        break;
      }
    }
    if (samples.length === 0) {
      throw new BackendError('badResponse', 'The server answered without any completions.', { action: 'showLog' });
    }
    if (samples.length < n) {
      this.notice('fewerSamples', `The server returned ${samples.length} of the ${n} samples asked for.`);
    }
    return samples.slice(0, n).map((s, index) => ({ ...s, index }));
  }

  /** One request for k samples, adapting to what the server refuses. */
  private async requestAdaptive(k: number, request: RequestFn, signal?: AbortSignal): Promise<Batch> {
    let samples: Sample[];
    try {
      samples = await request({ n: k, logprobs: this.logprobs }, signal);
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
    if (samples.length > 0 && samples.length < k) {
      this.maxN = Math.min(this.maxN ?? samples.length, samples.length); // the server ignores or caps n
    }
    return { samples, shortfall: Math.max(0, k - samples.length) };
  }

  private async afterBadRequest(e: BackendError, k: number, request: RequestFn, signal?: AbortSignal): Promise<Batch> {
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
      return { samples, shortfall: Math.max(0, k - samples.length) };
    }
    throw e;
  }

  /** A batch failed with 5xx after its retries: ask for each sample alone (no retries), keep what succeeds. */
  private async splitAfterServerError(e: BackendError, k: number, request: RequestFn, signal?: AbortSignal): Promise<Batch> {
    const settled = await Promise.allSettled(chunks(k, 1).map(() => request({ n: 1, logprobs: this.logprobs, serverRetries: 0 }, signal)));
    throwIfCancelled(settled, signal);
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (ok.length === 0) {
      throw e;
    }
    if (ok.length < k) {
      this.notice('partialFailure', `${k - ok.length} of ${k} samples failed on the server (${e.message}); showing the rest.`);
    }
    return { samples: ok.flat(), shortfall: ok.filter((s) => s.length === 0).length };
  }

  /** Requests of these sizes in parallel (the HTTP layer limits concurrency); fails only if all fail. */
  private async parallel(sizes: number[], request: RequestFn, signal?: AbortSignal): Promise<Batch> {
    const settled = await Promise.allSettled(sizes.map((k) => this.requestAdaptive(k, request, signal)));
    throwIfCancelled(settled, signal);
    const failed = settled.filter((s) => s.status === 'rejected');
    if (failed.length === settled.length && failed[0]) {
      throw failed[0].reason;
    }
    if (failed[0]) {
      const reason = errorMessage(failed[0].reason);
      this.notice('partialFailure', `${failed.length} of ${settled.length} requests failed (${reason}); showing the rest.`);
    }
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    return { samples: ok.flatMap((b) => b.samples), shortfall: ok.reduce((sum, b) => sum + b.shortfall, 0) };
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
export function statedMaxN(message: string): number | undefined {
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
