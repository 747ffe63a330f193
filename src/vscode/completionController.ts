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
import type { StatusBar, StatusState } from './statusBar';
import type { FileToggles } from './toggles';

/** What the controller needs. */
export interface ControllerDeps {
  settings: Settings;
  service: PipelineService;
  status: StatusBar;
  errors: ErrorReporter;
  toggles: FileToggles;
  trusted(): boolean;
  /** Called with each new pipeline result (the candidates panel follows it). */
  onResult?(document: vscode.TextDocument, result: PipelineResult): void;
}

/** A version counter folded into the cache scope, so a settings change never reuses old answers. */
let generation = 0;

/** The inline provider, its engine, and the status they show. */
export class CompletionController implements vscode.Disposable {
  readonly engine: CompletionEngine;
  readonly provider: InlineProvider;
  private busy: StatusState | undefined;
  private errorReason: string | undefined;
  private detail: string | undefined;
  private last: { source: string; texts: string[]; result?: PipelineResult } | undefined;

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
      onError: (e) => this.onError(e),
    });
  }

  /** True when Passk serves this document. */
  isEnabledFor(document: vscode.TextDocument): boolean {
    return this.deps.settings.current.enabled && !this.deps.toggles.isDisabled(document.uri);
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
    this.errorReason = undefined;
    this.detail = undefined;
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
      this.onError(e);
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
    const editor = vscode.window.activeTextEditor;
    if (!this.deps.settings.current.enabled) {
      return { kind: 'disabled', scope: 'everywhere' };
    }
    if (editor && this.deps.toggles.isDisabled(editor.document.uri)) {
      return { kind: 'disabled', scope: 'file' };
    }
    if (this.busy) {
      return this.busy;
    }
    if (this.errorReason) {
      return { kind: 'error', reason: this.errorReason };
    }
    if (!this.deps.trusted()) {
      return { kind: 'restricted', detail: this.detail };
    }
    return { kind: 'idle', detail: this.detail };
  }

  private onProgress(p: PipelineProgress): void {
    if (p.stage === 'sampling') {
      this.busy = { kind: 'sampling', n: p.n };
    } else if (p.stage === 'ranking') {
      this.busy = { kind: 'ranking', samples: p.samples };
    } else {
      this.busy = undefined;
    }
    this.refreshStatus();
  }

  /** The last answer given to the editor: its source and texts, best first (the tests read it). */
  get lastAnswer(): { source: string; texts: string[]; result?: PipelineResult } | undefined {
    return this.last;
  }

  private onAnswer(document: vscode.TextDocument, _snapshot: DocumentSnapshot, answer: EngineAnswer): void {
    this.busy = undefined;
    this.last = { source: answer.source, texts: answer.items.map((i) => i.text), result: answer.result };
    if (answer.source === 'pipeline') {
      this.errorReason = undefined;
      this.detail = summary(answer);
      if (answer.result && answer.result.ranked.length > 0) {
        this.deps.onResult?.(document, answer.result);
      }
    }
    this.refreshStatus();
  }

  private onError(e: unknown): void {
    this.busy = undefined;
    const c = this.deps.errors.report(e, 'completion');
    if (c) {
      this.errorReason = c.reason;
    }
    this.refreshStatus();
  }

  dispose(): void {
    this.engine.reconfigure({ maxEntries: 1, debounceMs: 0, adaptiveDebounce: false, scope: 'disposed' });
  }
}

/** A few characters for the status bar about the best sample: examples passed, or the sample count. */
function summary(answer: EngineAnswer): string | undefined {
  const top = answer.items[0]?.ranked;
  if (!top) {
    return undefined;
  }
  const total = (top.passed ?? 0) + (top.failed ?? 0);
  if (total > 0) {
    return `${top.passed ?? 0}/${total} ✓`;
  }
  return `${answer.items.length} ranked`;
}
