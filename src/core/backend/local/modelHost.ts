/**
 * Owns the loaded model and its context: loads once (in the background, with progress), keeps them
 * while used, and releases them after an idle time or on `release()`.
 */
import { classifyLoadError, cancelledError } from './errors';
import { checkModelFile } from './modelFile';
import { getCpuLlama, type LlamaContext, type LlamaModel } from './runtime';

/** How the host loads and keeps a model. */
export interface ModelHostOptions {
  modelPath?: string;
  threads: number;
  /** Release the model after this long without a request; 0 keeps it loaded. */
  idleReleaseMs: number;
  /** RAM the model must fit in (bytes). */
  memoryBytes: number;
  onLoadProgress?: (fraction: number) => void;
  log: (line: string) => void;
}

/** The loaded model and the context it last ran in (kept for reuse). */
interface Held {
  model: LlamaModel;
  context?: LlamaContext;
}

const CONTEXT_ALIGN = 256; // tokens; llama.cpp rounds context sizes to this anyway

/** Loads, keeps and releases one model file. */
export class ModelHost {
  private held?: Promise<Held>;
  private idleTimer?: NodeJS.Timeout;
  private lastNativeError?: string;

  constructor(private readonly o: ModelHostOptions) {}

  /** Starts loading (once) and waits for it, or until `signal` fires (the load goes on). */
  async model(signal?: AbortSignal): Promise<LlamaModel> {
    return (await this.acquire(signal)).model;
  }

  private acquire(signal?: AbortSignal): Promise<Held> {
    this.cancelIdleRelease();
    this.held ??= this.load();
    const held = this.held;
    void held.catch(() => {
      if (this.held === held) {
        this.held = undefined; // a failed load is retried next time (the file may have been fixed)
      }
    });
    return raceAbort(held, signal);
  }

  /** A context with at least `sequences` sequences of at least `contextSize` tokens, reused when big enough. */
  async context(sequences: number, contextSize: number, signal?: AbortSignal): Promise<LlamaContext> {
    const held = await this.acquire(signal);
    const model = held.model;
    const size = Math.min(model.trainContextSize, Math.ceil(contextSize / CONTEXT_ALIGN) * CONTEXT_ALIGN);
    const current = held.context;
    if (current && !current.disposed && current.totalSequences >= sequences && current.contextSize >= size) {
      return current;
    }
    await current?.dispose();
    held.context = undefined;
    held.context = await model.createContext({ sequences, contextSize: size, threads: this.o.threads }).catch((e: unknown) => {
      throw classifyLoadError(e, this.o.modelPath ?? '', this.lastNativeError);
    });
    return held.context;
  }

  /** True while a model is loaded or loading. */
  get loaded(): boolean {
    return this.held !== undefined;
  }

  /** Arms the idle timer (after each request). */
  scheduleIdleRelease(): void {
    this.cancelIdleRelease();
    if (this.o.idleReleaseMs > 0 && this.held) {
      this.idleTimer = setTimeout(() => void this.release(), this.o.idleReleaseMs);
      this.idleTimer.unref(); // never keeps the CLI alive
    }
  }

  /** Frees the context and the model now; the next request loads again. */
  async release(): Promise<void> {
    this.cancelIdleRelease();
    const held = this.held;
    this.held = undefined;
    if (!held) {
      return;
    }
    const h = await held.catch(() => undefined);
    if (h) {
      await h.context?.dispose();
      await h.model.dispose();
      this.o.log(`local: released ${this.o.modelPath}`);
    }
  }

  private cancelIdleRelease(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private async load(): Promise<Held> {
    const started = Date.now();
    const file = await checkModelFile(this.o.modelPath, this.o.memoryBytes);
    const llama = await getCpuLlama(this.o.log, (line) => (this.lastNativeError = line));
    this.lastNativeError = undefined;
    const progress = monotonicProgress(this.o.onLoadProgress);
    progress.report(0);
    const model = await llama
      .loadModel({ modelPath: file.path, gpuLayers: 0, onLoadProgress: progress.report })
      .catch((e: unknown) => {
        throw classifyLoadError(e, file.path, this.lastNativeError);
      });
    progress.end();
    this.o.log(`local: loaded ${file.path} (${(file.sizeBytes / 2 ** 20).toFixed(1)} MiB) in ${Date.now() - started} ms, ${this.o.threads} thread(s)`);
    return { model };
  }
}

/** node-llama-cpp may report progress after the load resolved, and not in order: pass on rising values only, ending at 1. */
function monotonicProgress(onProgress?: (fraction: number) => void): { report: (p: number) => void; end: () => void } {
  let last = -1;
  const report = (p: number): void => {
    if (p > last && last < 1) {
      last = Math.min(1, p);
      onProgress?.(last);
    }
  };
  return { report, end: () => report(1) };
}

/** Waits for `p`, or rejects with a cancelled error when `signal` fires first (p keeps running). */
export function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return p;
  }
  if (signal.aborted) {
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

