/**
 * The `local` provider: samples from a GGUF model file in this process through node-llama-cpp.
 * node-llama-cpp is imported only when the first request (or `preload`) needs it.
 */
import * as os from 'os';
import type { Prompt, Sample } from '../../types';
import type { Backend, BackendConfig, BackendDeps, SampleOptions } from '../backend';
import { BackendError } from '../backend';
import { cancelledError, LocalBackendError } from './errors';
import { generateSamples } from './generate';
import { ModelHost, raceAbort } from './modelHost';
import { promptTokens } from './promptTokens';
import type { Token } from './runtime';
import { defaultThreads } from './threads';
import { throwIfAborted } from '../../abort';
import { errorMessage } from '../../errorMessage';

/** Extra knobs of the local provider; all optional (settings or CLI flags fill them). */
export interface LocalBackendDeps extends BackendDeps {
  /** Model load progress, 0..1 (e.g. for a status bar). */
  onLoadProgress?: (fraction: number) => void;
  /** Release the model after this long without a request; 0 keeps it. Default 5 minutes. */
  idleReleaseMs?: number;
  /** llama.cpp threads. Default `defaultThreads()` (1 on 2 cores). */
  threads?: number;
  /** RAM a model must fit in, bytes. Default `os.totalmem()`. */
  memoryBytes?: number;
  /** Candidates kept before top-p. Default 40 (as llama.cpp's server). */
  topK?: number;
}

/** A `Backend` that holds a model in memory. */
export interface LocalBackend extends Backend {
  /** Loads the model now (in the background of the caller), so the first completion is fast. */
  preload(signal?: AbortSignal): Promise<void>;
  /** Frees the model now (settings changed); the next request loads it again. */
  release(): Promise<void>;
  /** True while the model is loaded or loading. */
  readonly loaded: boolean;
}

export const DEFAULT_IDLE_RELEASE_MS = 5 * 60_000;
const DEFAULT_TOP_K = 40;

/**
 * Builds the local GGUF provider from `config.modelPath` (for `createBackend`'s `localFactory`).
 * Nothing is loaded until the first `sample` or `preload`.
 */
export function createLocalBackend(config: BackendConfig, deps: LocalBackendDeps = {}): LocalBackend {
  const log = deps.log ?? ((): void => undefined);
  const host = new ModelHost({
    modelPath: config.modelPath,
    threads: deps.threads ?? defaultThreads(),
    idleReleaseMs: deps.idleReleaseMs ?? DEFAULT_IDLE_RELEASE_MS,
    memoryBytes: deps.memoryBytes ?? os.totalmem(),
    onLoadProgress: deps.onLoadProgress,
    log,
  });
  const topK = deps.topK ?? DEFAULT_TOP_K;
  let queue: Promise<unknown> = Promise.resolve();

  /** One request at a time: they share the context. A cancelled waiter leaves the queue at once. */
  function serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    id: `local:${config.modelPath ?? ''}`,
    get loaded() {
      return host.loaded;
    },
    async preload(signal) {
      await host.model(signal);
      host.scheduleIdleRelease();
    },
    release: () => serialized(() => host.release()), // after the running request (cancel it first to be quick)
    sample(prompt, opts, signal) {
      const run = serialized(async () => {
        try {
          throwIfAborted(signal);
          const started = Date.now();
          const samples = await sampleN(host, prompt, opts, topK, signal);
          const tokens = samples.reduce((sum, s) => sum + (s.tokens?.length ?? 0), 0);
          log(`local: ${samples.length} samples, ${tokens} tokens in ${Date.now() - started} ms`);
          return samples;
        } catch (e) {
          throw asBackendError(e, signal);
        } finally {
          host.scheduleIdleRelease();
        }
      });
      return raceAbort(run, signal); // a cancelled request does not wait for the one before it
    },
  };
}

async function sampleN(host: ModelHost, prompt: Prompt, opts: SampleOptions, topK: number, signal?: AbortSignal): Promise<Sample[]> {
  const model = await host.model(signal);
  const n = Math.max(1, opts.n);
  // At most half the model's context, so a prompt always keeps room.
  const maxTokens = Math.min(Math.max(0, opts.maxTokens), Math.floor(model.trainContextSize / 2));
  const tokens = fitPrompt(promptTokens(model, prompt), model.trainContextSize - maxTokens - 1);
  const context = await host.context(n, tokens.length + maxTokens + 1, signal);
  throwIfAborted(signal);
  const baseSeed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const perSample = Array.from({ length: n }, (_, i) => ({
    temperature: opts.temperature,
    topP: opts.topP,
    topK,
    maxTokens,
    seed: (baseSeed + i) >>> 0,
    stop: prompt.stop,
    signal,
  }));
  const seqs = Array.from({ length: n }, () => context.getSequence());
  const samples = await generateSamples(model, seqs, tokens, perSample)
    .then((g) => g.map((s) => s.sample))
    .finally(() => Promise.all(seqs.map((s) => s.dispose())));
  throwIfAborted(signal);
  return samples;
}

/** Keeps the last `limit` tokens (the text nearest the cursor) when the prompt is longer than the context allows. */
function fitPrompt(tokens: Token[], limit: number): Token[] {
  return tokens.length > limit && limit > 0 ? tokens.slice(tokens.length - limit) : tokens;
}

function asBackendError(e: unknown, signal?: AbortSignal): BackendError {
  if (signal?.aborted) {
    return cancelledError();
  }
  if (e instanceof BackendError) {
    return e;
  }
  const text = errorMessage(e);
  return new LocalBackendError('generation', `The local model failed while generating: ${text}`);
}
