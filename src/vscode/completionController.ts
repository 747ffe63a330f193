/**
 * Connects the inline provider to the rest of the editor: which documents Passk serves, what the
 * status bar shows while it works, how errors are reported, and which result the candidates panel
 * shows. Owns the `CompletionEngine`.
 */
import * as vscode from 'vscode';
import type { PasskSettings } from '../core/settings';
import type { PipelineResult } from '../core/pipeline';
import { CompletionEngine, type DocumentSnapshot, type EngineAnswer, type PipelineProgress } from './engine/completionEngine';
import type { ErrorReporter } from './errors';
import { InlineProvider } from './inlineProvider';
import type { PipelineService } from './pipelineRunner';
import type { Settings } from './settings';
import type { ShownSample, StatusBar, StatusState } from './statusBar';
import { matchingGlob, type FileToggles, type Snooze } from './toggles';

/** What the controller needs. */
export interface ControllerDeps {
  settings: Settings;
  service: PipelineService;
  status: StatusBar;
  errors: ErrorReporter;
  toggles: FileToggles;
  snooze: Snooze;
  trusted(): boolean;
  /** Called with each new pipeline result (the candidates panel follows it). */
  onResult?(document: vscode.TextDocument, result: PipelineResult): void;
}

/** A version counter folded into the cache scope, so a settings change never reuses old answers. */
let generation = 0;

/** A ranking kept for its function, so the panel can still show why a sample was chosen after it was accepted. */
export interface KeptRanking {
  result: PipelineResult;
  version: number;
  /** `rank` of the sample the user accepted, once they did. */
  acceptedRank?: number;
}

/** Rankings kept per document, most recent last; a bound keeps long sessions small. */
const KEPT_PER_DOCUMENT = 20;

/** The inline provider, its engine, and the status they show. */
export class CompletionController implements vscode.Disposable {
  readonly engine: CompletionEngine;
  readonly provider: InlineProvider;
  private busy: StatusState | undefined;
  /** The adaptive round being drawn or ranked (from the second on), for the status bar. */
  private round: { round: number; rounds: number } | undefined;
  private last: { source: string; texts: string[]; result?: PipelineResult } | undefined;
  /** The suggestions the editor cycles through, best first, and which one it shows. */
  private shown: { items: EngineAnswer['items']; index: number } | undefined;
  /** Per document key: function key → its last ranking. */
  private readonly kept = new Map<string, Map<string, KeptRanking>>();

  constructor(private readonly deps: ControllerDeps) {
    const s = deps.settings.current;
    this.engine = new CompletionEngine({
      run: deps.service.run,
      maxEntries: s.cache.maxEntries,
      debounceMs: s.inline.debounceMs,
      adaptiveDebounce: s.inline.adaptiveDebounce,
      scope: `g${generation}`,
      onProgress: (p) => this.onProgress(p),
    });
    this.provider = new InlineProvider({
      engine: this.engine,
      isEnabledFor: (doc) => this.isEnabledFor(doc),
      onAnswer: (doc, snapshot, answer) => this.onAnswer(doc, snapshot, answer),
      onError: (e, explicit) => this.onError(e, explicit),
      acceptCommand: ACCEPT_COMMAND,
    });
  }

  /** True when Passk serves this document. */
  isEnabledFor(document: vscode.TextDocument): boolean {
    return this.offReason(document) === undefined;
  }

  /** Why Passk does not serve this document now, or undefined when it does. */
  private offReason(document: vscode.TextDocument | undefined): StatusState | undefined {
    const s = this.deps.settings.current;
    if (!s.enabled) {
      return { kind: 'disabled', scope: 'everywhere' };
    }
    const until = this.deps.snooze.until;
    if (until !== undefined) {
      return { kind: 'snoozed', untilMs: until };
    }
    if (!document) {
      return undefined;
    }
    if (this.deps.toggles.isDisabled(document.uri)) {
      return { kind: 'disabled', scope: 'file' };
    }
    const glob = s.disabledFor.length > 0 ? matchingGlob(document, s.disabledFor) : undefined;
    return glob === undefined ? undefined : { kind: 'disabled', scope: 'glob', pattern: glob };
  }

  /**
   * Moves the badge to the next (+1) or previous (-1) suggestion, as Alt+] / Alt+[ move the ghost text;
   * the command bound to those keys calls this and then the editor's own cycling command.
   */
  cycle(delta: number): void {
    if (this.shown && this.shown.items.length > 0) {
      const count = this.shown.items.length;
      this.shown.index = (((this.shown.index + delta) % count) + count) % count;
      this.refreshStatus();
    }
  }

  /** The user accepted a suggestion: the latest kept ranking holding that sample remembers its rank. */
  accepted(documentKey: string, sampleText: string): void {
    const rankings = [...(this.kept.get(documentKey)?.values() ?? [])].reverse();
    for (const kept of rankings) {
      const r = kept.result.ranked.find((x) => x.sample.text === sampleText);
      if (r) {
        kept.acceptedRank = r.rank;
        return;
      }
    }
  }

  /** The last ranking kept for the function that `result` is about (its context names the function). */
  keptRankingFor(documentKey: string, result: PipelineResult | undefined): KeptRanking | undefined {
    const byFunction = this.kept.get(documentKey);
    if (!byFunction) {
      return undefined;
    }
    const key = result ? functionKey(result) : undefined;
    if (key !== undefined) {
      return byFunction.get(key);
    }
    // No function at the cursor (e.g. below it): the one last accepted in this document.
    return [...byFunction.values()].reverse().find((k) => k.acceptedRank !== undefined);
  }

  /** Settings, API key, interpreter or trust changed: drop cached answers and the old backend. */
  reset(s: PasskSettings = this.deps.settings.current): void {
    generation++;
    this.deps.service.invalidate();
    this.engine.reconfigure({
      maxEntries: s.cache.maxEntries,
      debounceMs: s.inline.debounceMs,
      adaptiveDebounce: s.inline.adaptiveDebounce,
      scope: `g${generation}`,
    });
    this.shown = undefined;
    this.refreshStatus();
  }

  /** Runs the pipeline for the cursor now (no debounce), for the candidates panel. */
  async completeNow(editor: vscode.TextEditor, token?: vscode.CancellationToken): Promise<{ result: PipelineResult; version: number } | undefined> {
    const doc = editor.document;
    const snapshot: DocumentSnapshot = {
      key: doc.uri.toString(),
      version: doc.version,
      languageId: doc.languageId,
      text: doc.getText(),
      offset: doc.offsetAt(editor.selection.active),
    };
    const controller = new AbortController();
    const sub = token?.onCancellationRequested(() => controller.abort());
    try {
      const answer = await this.engine.complete(snapshot, controller.signal, true);
      this.onAnswer(doc, snapshot, answer);
      if (answer.result) {
        return { result: answer.result, version: snapshot.version };
      }
      return this.engine.latestResult(snapshot.key);
    } catch (e) {
      this.onError(e, true);
      return undefined;
    } finally {
      sub?.dispose();
    }
  }

  /** Recomputes the status bar from the current state. */
  refreshStatus(): void {
    this.deps.status.set(this.statusNow());
  }

  private statusNow(): StatusState {
    const off = this.offReason(vscode.window.activeTextEditor?.document);
    if (off) {
      return off;
    }
    if (this.busy) {
      return this.busy;
    }
    const error = this.deps.errors.current;
    if (error) {
      return { kind: 'error', reason: error.reason, message: error.message };
    }
    const shown = this.shownSample();
    if (!this.deps.trusted()) {
      return { kind: 'restricted', shown };
    }
    return { kind: 'idle', shown };
  }

  private shownSample(): ShownSample | undefined {
    const item = this.shown?.items[this.shown.index];
    if (!this.shown || !item) {
      return undefined;
    }
    const r = item.ranked;
    const counted = r.examples?.filter((e) => e.expected !== undefined);
    const passed = counted?.filter((e) => e.status === 'passed').length;
    return {
      position: this.shown.index + 1,
      count: this.shown.items.length,
      ...(counted && counted.length > 0 ? { passed, failed: counted.length - (passed ?? 0) } : {}),
      meanLogprob: r.meanLogprob,
      votes: r.votes,
      reasons: r.reasons,
    };
  }

  private onProgress(p: PipelineProgress): void {
    if (p.stage === 'sampling') {
      this.round = p.round ? { round: p.round, rounds: p.rounds ?? p.round } : undefined;
      this.busy = { kind: 'sampling', n: p.n, ...this.round };
    } else if (p.stage === 'ranking') {
      this.busy = { kind: 'ranking', samples: p.samples, ...this.round };
    } else {
      this.round = undefined;
      this.busy = undefined;
    }
    this.refreshStatus();
  }

  /** The last answer given to the editor: its source and texts, best first (the tests read it). */
  get lastAnswer(): { source: string; texts: string[]; result?: PipelineResult } | undefined {
    return this.last;
  }

  private onAnswer(document: vscode.TextDocument, snapshot: DocumentSnapshot, answer: EngineAnswer): void {
    this.busy = undefined;
    // The editor shows one suggestion per distinct text (toItems), so the badge counts the same way.
    const items = answer.items.filter((i, k, all) => all.findIndex((j) => j.text === i.text) === k);
    const texts = items.map((i) => i.text);
    this.last = { source: answer.source, texts: answer.items.map((i) => i.text), result: answer.result };
    // Cycling asks the provider again for the same suggestions: keep the badge where it is then.
    const same = this.shown && this.shown.items.length === texts.length && this.shown.items.every((i, k) => i.text === texts[k]);
    if (!same && (items.length > 0 || answer.source === 'pipeline')) {
      this.shown = items.length > 0 ? { items, index: 0 } : undefined;
    }
    const result = answer.result;
    if (answer.source === 'pipeline' && result) {
      if (result.prompt !== undefined) {
        // the backend answered: only a real request ends the error state; "nothing to complete here" sends none
        this.deps.errors.succeeded();
      }
      if (result.ranked.length > 0) {
        this.keep(snapshot, result);
        this.deps.onResult?.(document, result);
      }
    } else if (answer.source === 'cache' && items.length > 0) {
      this.keepCached(snapshot, items);
    }
    this.refreshStatus();
  }

  /**
   * A cached answer has no pipeline result of its own (the cache is shared by every document with the
   * same context): keep, for this document too, the ranking it came from.
   */
  private keepCached(snapshot: DocumentSnapshot, items: EngineAnswer['items']): void {
    for (const byFunction of this.kept.values()) {
      for (const kept of byFunction.values()) {
        const ranked = kept.result.ranked;
        if (ranked.length === items.length && items.every((i) => ranked.includes(i.ranked))) {
          this.keep(snapshot, kept.result);
          return;
        }
      }
    }
  }

  private keep(snapshot: DocumentSnapshot, result: PipelineResult): void {
    const key = functionKey(result);
    if (key === undefined) {
      return;
    }
    const byFunction = this.kept.get(snapshot.key) ?? new Map<string, KeptRanking>();
    byFunction.delete(key); // re-inserted last: the map's order is recency
    byFunction.set(key, { result, version: snapshot.version });
    for (const old of byFunction.keys()) {
      if (byFunction.size <= KEPT_PER_DOCUMENT) {
        break;
      }
      byFunction.delete(old);
    }
    this.kept.set(snapshot.key, byFunction);
  }

  /** Forgets a closed document's answers and kept rankings. */
  forget(documentKey: string): void {
    this.engine.forget(documentKey);
    this.kept.delete(documentKey);
  }

  private onError(e: unknown, explicit: boolean): void {
    this.busy = undefined;
    this.deps.errors.report(e, 'completion', { explicit });
    this.refreshStatus();
  }

  dispose(): void {
    this.engine.reconfigure({ maxEntries: 1, debounceMs: 0, adaptiveDebounce: false, scope: 'disposed' });
  }
}

/** The command each inline item runs when accepted: (document key, sample text). */
export const ACCEPT_COMMAND = 'passk.accepted';

/** Names a function within its document: its nesting and name (its position moves as the user types). */
export function functionKey(result: PipelineResult): string | undefined {
  const fn = result.context.fn;
  return fn ? [...fn.nesting, fn.name].join('.') : undefined;
}
