/**
 * The backend stage's contract: a prompt in, n samples (text + per-token log-probs) out.
 * Providers (completions, chat, local GGUF) implement `Backend`; every failure leaves a provider as a
 * `BackendError` whose `message` a user can act on and which never contains the API key.
 */
import type { Prompt, Sample } from '../types';
import { isAbortError } from '../abort';

/** Sampling parameters for one `Backend.sample` call. */
export interface SampleOptions {
  /** How many samples to return. */
  n: number;
  temperature: number;
  topP: number;
  /** Upper bound on generated tokens per sample. */
  maxTokens: number;
  /** Passed to servers that take one, for reproducible sampling. */
  seed?: number;
}

/** Something that turns a prompt into samples. */
export interface Backend {
  /** Stable identity for caches and logs, e.g. `completions:http://127.0.0.1:8080/v1:qwen`. Never holds the key. */
  readonly id: string;
  /**
   * Returns up to `opts.n` samples (exactly n unless the server failed part-way and some were kept).
   * Samples without log-probs have `tokens: undefined` (unscored).
   * Rejects with `BackendError` only; a fired `signal` rejects with kind `cancelled`.
   */
  sample(prompt: Prompt, opts: SampleOptions, signal?: AbortSignal): Promise<Sample[]>;
}

/** Which protocol a backend speaks. */
export type ProviderKind = 'completions' | 'chat' | 'local';

/** Everything needed to build a backend; filled from settings, a preset, or CLI flags. */
export interface BackendConfig {
  provider: ProviderKind;
  /** OpenAI-compatible base URL, ending in `/v1`, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  model: string;
  /** Secret; only ever sent in the Authorization header. Local servers need none. */
  apiKey?: string;
  /** Whole-request limit (connect, wait, body), per HTTP request. */
  timeoutMs: number;
  /** Most HTTP requests in flight at once for this backend (top-up requests share it). */
  maxConcurrency: number;
  /** Retries after a 5xx or a dropped connection, per request. Default 2. */
  maxServerRetries?: number;
  /** Longest wait honoured for a 429's Retry-After; longer asks fail at once. Default 10 000 ms. */
  maxRetryAfterMs?: number;
  /** Attempts in total for a 429 before giving up. Default 3. */
  maxRateLimitAttempts?: number;
  /** Chat only: system prompt used when the Prompt's messages have none. */
  systemPrompt?: string;
  /** Local only: path to the GGUF model file. */
  modelPath?: string;
}

/** What went wrong, in categories the UI can act on. */
export type BackendErrorKind =
  | 'connection'
  | 'auth'
  | 'notFound'
  | 'badRequest'
  | 'rateLimit'
  | 'server'
  | 'badResponse'
  | 'timeout'
  | 'cancelled'
  | 'dropped';

/** The action that helps the user fix a `BackendError`. */
export type BackendErrorAction = 'openSettings' | 'setApiKey' | 'showLog' | 'startServer';

/** The only error a backend throws. `message` is for the user and never contains the API key. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly kind: BackendErrorKind;
  readonly action?: BackendErrorAction;
  /** HTTP status when the server answered. */
  readonly status?: number;

  constructor(kind: BackendErrorKind, message: string, options: { action?: BackendErrorAction; status?: number } = {}) {
    super(message);
    this.kind = kind;
    this.action = options.action;
    this.status = options.status;
  }
}

/** True for a caller's cancellation (never shown to the user): a `cancelled` BackendError or a DOM AbortError. */
export function isCancelled(e: unknown): boolean {
  if (e instanceof BackendError) {
    return e.kind === 'cancelled';
  }
  return isAbortError(e);
}

/** Something the user should hear about once, although the call succeeded (e.g. samples are unscored). */
export interface BackendNotice {
  kind: 'logprobsUnsupported' | 'nUnsupported' | 'fewerSamples' | 'partialFailure';
  message: string;
}

/** Side doors into a backend: injected by the caller, all optional. */
export interface BackendDeps {
  /** Called once per distinct notice kind per backend. */
  onNotice?: (notice: BackendNotice) => void;
  /** Debug log lines (already stripped of the API key). */
  log?: (line: string) => void;
  /** Builds the `local` provider (registered by the local GGUF module). */
  localFactory?: (config: BackendConfig, deps: BackendDeps) => Backend;
  /** Replaces global fetch (tests, proxies). */
  fetch?: typeof fetch;
}
