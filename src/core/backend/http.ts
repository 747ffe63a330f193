/**
 * The one place that talks HTTP to an OpenAI-compatible server (through the `openai` package with its own
 * retries off): a whole-request timeout, the caller's AbortSignal, a concurrency limit, and our retry
 * policy — 429 waits for Retry-After up to a cap with backoff, 5xx and dropped connections retry a bounded
 * number of times, everything else fails at once. Every failure comes out as a `BackendError`.
 */
import OpenAI from 'openai';
import { APIError } from 'openai';
import { BackendError, type BackendConfig, type BackendDeps } from './backend';
import { classifyError, redact, retryAfterMs, type ErrorContext } from './errors';
import { Limiter } from './limiter';
import { sleep } from '../abort';

/** Which endpoint to call. */
export type EndpointKind = 'completions' | 'chat';

const DEFAULT_SERVER_RETRIES = 2;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
const DEFAULT_RATE_LIMIT_ATTEMPTS = 3;
const SERVER_BACKOFF_MS = 250;
const RATE_LIMIT_BACKOFF_MS = 1_000;
/** A dummy key: the `openai` constructor needs one; local servers ignore it. */
const NO_KEY = 'passk-no-key';

interface AttemptFailure {
  error: BackendError;
  retryAfterMs?: number;
}

/** Per-request override of the retry policy. */
export interface PostOptions {
  serverRetries?: number;
}

/** One server's HTTP client, concurrency limit and rate-limit state, shared by every call to that backend. */
export class BackendHttp {
  private readonly client: OpenAI;
  private readonly limiter: Limiter;
  /** After a 429, no request to this server before this time (epoch ms), whichever call makes it. */
  private rateLimitedUntilMs = 0;

  constructor(
    /** The backend's config: server, model, key, limits. */
    readonly config: BackendConfig,
    private readonly deps: BackendDeps,
  ) {
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: config.apiKey || NO_KEY,
      maxRetries: 0,
      // Our own timer (below) covers the body too; this one is only a backstop.
      timeout: config.timeoutMs + 1_000,
      fetch: deps.fetch,
    });
    this.limiter = new Limiter(config.maxConcurrency);
  }

  /** POSTs `body` to the endpoint with the retry policy; resolves with the parsed reply. */
  async post(endpoint: EndpointKind, body: Record<string, unknown>, signal?: AbortSignal, options: PostOptions = {}): Promise<unknown> {
    const maxServerRetries = options.serverRetries ?? this.config.maxServerRetries ?? DEFAULT_SERVER_RETRIES;
    let serverRetries = 0;
    let rateLimitAttempts = 0;
    for (;;) {
      await this.waitOutRateLimit(signal);
      const outcome = await this.attempt(endpoint, body, signal);
      if (!('error' in outcome)) {
        return outcome.value;
      }
      const { error, retryAfterMs: asked } = outcome;
      let waitMs: number;
      if (error.kind === 'rateLimit') {
        rateLimitAttempts++;
        this.rateLimitedUntilMs = Math.max(this.rateLimitedUntilMs, Date.now() + (asked ?? 0));
        waitMs = this.rateLimitWait(error, asked, rateLimitAttempts);
      } else if ((error.kind === 'server' || error.kind === 'dropped') && serverRetries < maxServerRetries) {
        serverRetries++;
        waitMs = Math.min(asked ?? SERVER_BACKOFF_MS * 2 ** (serverRetries - 1), this.maxRetryAfterMs());
      } else {
        throw error;
      }
      this.log(`${endpoint}: ${error.kind}: ${error.message} Retrying in ${Math.round(waitMs)} ms.`);
      await sleep(waitMs, signal).catch(() => {
        throw new BackendError('cancelled', 'The request was cancelled.');
      });
    }
  }

  /**
   * Honours a Retry-After for every call on this backend, so parallel and later requests do not hammer a
   * server that asked for a pause: waits when the rest is short, fails at once when it is longer than the cap.
   */
  private async waitOutRateLimit(signal?: AbortSignal): Promise<void> {
    const leftMs = this.rateLimitedUntilMs - Date.now();
    if (leftMs <= 0) {
      return;
    }
    if (leftMs > this.maxRetryAfterMs()) {
      const message = `${this.config.baseUrl} asked for a pause (429); ${Math.ceil(leftMs / 1000)} s left. Try again later.`;
      throw new BackendError('rateLimit', message, { action: 'showLog', status: 429 });
    }
    await sleep(leftMs, signal).catch(() => {
      throw new BackendError('cancelled', 'The request was cancelled.');
    });
  }

  /** Milliseconds to wait before the next try after a 429, or throws when we should stop asking. */
  private rateLimitWait(error: BackendError, asked: number | undefined, attempts: number): number {
    const cap = this.maxRetryAfterMs();
    if (asked !== undefined && asked > cap) {
      throw new BackendError('rateLimit', `${error.message} The server asks to wait ${Math.ceil(asked / 1000)} s; try again later.`, { action: 'showLog', status: 429 });
    }
    if (attempts >= (this.config.maxRateLimitAttempts ?? DEFAULT_RATE_LIMIT_ATTEMPTS)) {
      throw new BackendError('rateLimit', `${error.message} Gave up after ${attempts} attempts.`, { action: 'showLog', status: 429 });
    }
    return Math.min(asked ?? RATE_LIMIT_BACKOFF_MS * 2 ** (attempts - 1), cap);
  }

  private maxRetryAfterMs(): number {
    return this.config.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  }

  /** One HTTP request under the concurrency limit and the whole-request timer. */
  private async attempt(endpoint: EndpointKind, body: Record<string, unknown>, signal?: AbortSignal): Promise<{ value: unknown } | AttemptFailure> {
    const timer = new AbortController();
    try {
      return await this.limiter.run(async () => {
        const timeout = setTimeout(() => timer.abort(), this.config.timeoutMs);
        const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
        try {
          const value = await this.call(endpoint, body, combined);
          return { value };
        } finally {
          clearTimeout(timeout);
        }
      }, signal);
    } catch (e) {
      const ctx = this.errorContext(signal?.aborted ?? false, timer.signal.aborted);
      return { error: classifyError(e, ctx), retryAfterMs: e instanceof APIError ? retryAfterMs(e.headers) : undefined };
    }
  }

  /** The model ids `GET /models` lists (one attempt, the whole-request timeout); rejects with a `BackendError`. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.config.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const ids: string[] = [];
      for await (const model of this.client.models.list({ signal: combined })) {
        ids.push(model.id);
      }
      return ids;
    } catch (e) {
      throw classifyError(e, this.errorContext(signal?.aborted ?? false, timer.signal.aborted));
    } finally {
      clearTimeout(timeout);
    }
  }

  private call(endpoint: EndpointKind, body: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    // The body is built by the providers from typed options; the package's param types add nothing here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const params = body as any;
    return endpoint === 'completions'
      ? this.client.completions.create(params, { signal })
      : this.client.chat.completions.create(params, { signal });
  }

  private errorContext(cancelled: boolean, timedOut: boolean): ErrorContext {
    const { baseUrl, model, apiKey, timeoutMs } = this.config;
    return { baseUrl, model, apiKey, timeoutMs, cancelled, timedOut };
  }

  private log(line: string): void {
    this.deps.log?.(redact(`backend ${line}`, this.config.apiKey));
  }
}
