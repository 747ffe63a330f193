/**
 * The inline provider's logic without VS Code: for a document snapshot, answer from the cache or by
 * typing-through when possible, else wait the (adaptive) debounce, cancel the previous request and
 * run the pipeline. The VS Code provider and the typing bench both drive this class.
 */
import type { PipelineRequest, PipelineResult } from '../../core/pipeline';
import { forgetDocument } from '../../core/python/parser';
import type { RankedSample } from '../../core/types';
import { CompletionCache } from './completionCache';
import { AdaptiveDebounce } from './debounce';
import { sleep, throwIfAborted } from '../../core/abort';
import { isCancelled } from '../../core/backend/backend';

/** What the editor knows at the cursor. */
export interface DocumentSnapshot {
  /** The document's URI (the parse-tree cache key). */
  key: string;
  version: number;
  languageId: string;
  text: string;
  /** Cursor offset in `text` (UTF-16 units). */
  offset: number;
}

/** Stages the runner reports while it works, for the status bar. */
export type PipelineProgress =
  /** `round` (2, 3, …) of at most `rounds` when a further batch is drawn (no sample passed the examples). */
  | { stage: 'sampling'; n: number; round?: number; rounds?: number }
  | { stage: 'ranking'; samples: number }
  | { stage: 'done'; result: PipelineResult };

/** Runs the core pipeline for one request; rejects on error (aborts reject with a cancellation). */
export type PipelineRunner = (
  request: PipelineRequest,
  signal: AbortSignal,
  onProgress: (p: PipelineProgress) => void,
) => Promise<PipelineResult>;

/** One suggestion: text inserted at the cursor, and the ranked sample it comes from. */
export interface EngineItem {
  text: string;
  ranked: RankedSample;
}

/** Where an answer came from. */
export type AnswerSource = 'cache' | 'typingThrough' | 'pipeline' | 'cancelled';

/** The engine's answer to one keystroke or trigger. */
export interface EngineAnswer {
  items: EngineItem[];
  source: AnswerSource;
  /** The pipeline's full result when it ran (for the candidates panel). */
  result?: PipelineResult;
}

/** Counters the bench and the tests read. */
export interface EngineStats {
  calls: number;
  requests: number;
  cacheHits: number;
  typingThrough: number;
  /** Requests started and then cancelled (superseded or by the editor). */
  cancelled: number;
}

/** Options of {@link CompletionEngine}. */
export interface EngineOptions {
  run: PipelineRunner;
  maxEntries: number;
  debounceMs: number;
  adaptiveDebounce: boolean;
  /** Separates cache entries made under different settings (e.g. a hash of them). */
  scope?: string;
  now?: () => number;
  onProgress?: (p: PipelineProgress) => void;
}

/** Cache, typing-through, debounce and cancellation in front of the pipeline. */
export class CompletionEngine {
  readonly stats: EngineStats = { calls: 0, requests: 0, cacheHits: 0, typingThrough: 0, cancelled: 0 };
  private cache: CompletionCache;
  private readonly debounce: AdaptiveDebounce;
  private inflight: { key: string; controller: AbortController; promise: Promise<PipelineResult> } | undefined;
  private scope: string;
  /** The latest pipeline result per document, with the document version it was computed on. */
  private readonly latest = new Map<string, { result: PipelineResult; version: number }>();

  constructor(private readonly options: EngineOptions) {
    this.cache = new CompletionCache(options.maxEntries);
    this.debounce = new AdaptiveDebounce(options.debounceMs, options.adaptiveDebounce, options.now);
    this.scope = options.scope ?? '';
  }

  /** New settings: forget every cached answer and cancel the request in flight. */
  reconfigure(o: { maxEntries: number; debounceMs: number; adaptiveDebounce: boolean; scope: string }): void {
    this.cancelInflight();
    this.cache = new CompletionCache(o.maxEntries);
    this.latest.clear();
    this.debounce.configure(o.debounceMs, o.adaptiveDebounce);
    this.scope = o.scope;
  }

  /** Forgets every cached answer. */
  clear(): void {
    this.cache.clear();
    this.latest.clear();
  }

  /** The latest pipeline result for a document (its key), for the candidates panel. */
  latestResult(documentKey: string): { result: PipelineResult; version: number } | undefined {
    return this.latest.get(documentKey);
  }

  /** Forgets what is known about a closed document, its parse tree included. */
  forget(documentKey: string): void {
    this.latest.delete(documentKey);
    forgetDocument(documentKey);
  }

  /** How many answers are cached. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /** Answers from the cache (exact or typing-through) without any request, or undefined. */
  lookup(doc: DocumentSnapshot): EngineAnswer | undefined {
    const hit = this.cache.lookup(this.scopeOf(doc), doc.text.slice(0, doc.offset), doc.text.slice(doc.offset));
    if (!hit) {
      return undefined;
    }
    return { items: hit.items, source: hit.kind === 'exact' ? 'cache' : 'typingThrough' };
  }

  /**
   * Answers one keystroke (`immediate: false`, debounced) or an explicit trigger (`immediate: true`).
   * Resolves with `source: 'cancelled'` when `signal` fires or a newer call supersedes this one;
   * rejects with the pipeline's error otherwise.
   */
  async complete(doc: DocumentSnapshot, signal: AbortSignal, immediate: boolean): Promise<EngineAnswer> {
    this.stats.calls++;
    const delayMs = this.debounce.keystroke();
    const cached = this.lookup(doc);
    if (cached) {
      this.count(cached.source);
      return cached;
    }
    const key = CompletionCache.key(this.scopeOf(doc), doc.text.slice(0, doc.offset), doc.text.slice(doc.offset));
    if (this.inflight?.key !== key) {
      this.cancelInflight(); // the context moved on: the older request is stale
    }
    try {
      if (!immediate && delayMs > 0 && this.inflight?.key !== key) {
        await sleep(delayMs, signal);
      }
      const result = await this.request(doc, key, signal);
      const items = result.ranked.map((r) => ({ text: r.sample.text, ranked: r }));
      return { items, source: 'pipeline', result };
    } catch (e) {
      if (signal.aborted || isCancelled(e)) {
        return { items: [], source: 'cancelled' };
      }
      throw e;
    }
  }

  /** Joins the request in flight for this context, or starts one. */
  private async request(doc: DocumentSnapshot, key: string, signal: AbortSignal): Promise<PipelineResult> {
    throwIfAborted(signal);
    if (this.inflight?.key !== key) {
      this.start(doc, key);
    }
    const flight = this.inflight!;
    // The shared request outlives one caller's cancellation only while another caller waits on it.
    const onAbort = (): void => {
      if (this.inflight === flight) {
        this.cancelInflight();
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await flight.promise;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private start(doc: DocumentSnapshot, key: string): void {
    const controller = new AbortController();
    const scope = this.scopeOf(doc);
    const prefix = doc.text.slice(0, doc.offset);
    const suffix = doc.text.slice(doc.offset);
    this.stats.requests++;
    const request: PipelineRequest = {
      text: doc.text,
      offset: doc.offset,
      languageId: doc.languageId,
      documentKey: doc.key,
      version: doc.version,
    };
    const onProgress = (p: PipelineProgress): void => this.options.onProgress?.(p);
    const promise = this.options.run(request, controller.signal, onProgress).then((result) => {
      if (!controller.signal.aborted) {
        this.cache.store(scope, prefix, suffix, result.ranked);
        if (result.ranked.length > 0) {
          this.latest.set(doc.key, { result, version: doc.version });
        }
      }
      return result;
    });
    promise.catch(() => undefined); // callers handle it; avoid an unhandled rejection when none waits
    const flight = { key, controller, promise };
    this.inflight = flight;
    void promise.finally(() => {
      if (this.inflight === flight) {
        this.inflight = undefined;
      }
    }).catch(() => undefined);
  }

  private cancelInflight(): void {
    if (this.inflight) {
      this.stats.cancelled++;
      this.inflight.controller.abort();
      this.inflight = undefined;
    }
  }

  private count(source: AnswerSource): void {
    if (source === 'cache') {
      this.stats.cacheHits++;
    } else if (source === 'typingThrough') {
      this.stats.typingThrough++;
    }
  }

  private scopeOf(doc: DocumentSnapshot): string {
    return `${this.scope}\0${doc.languageId}`;
  }
}
