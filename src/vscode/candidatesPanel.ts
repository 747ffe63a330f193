/**
 * The candidates panel: a webview listing every ranked sample for the function at the cursor, with its
 * rank, mean log-prob, votes, docstring-example results, agreement group and highlighted code, and
 * Insert / Copy buttons.
 *
 * Use (the VS Code layer, e.g. the "Passk: Show Candidates" command):
 *
 *   const panel = CandidatesPanel.show(context.extensionUri, {
 *     result,                                              // the PipelineResult for the cursor
 *     target: { uri: doc.uri, version: request.version },  // where Insert writes; omit to disable Insert
 *   }, { log: (m) => log.info(m), onDidInsert: (ranked) => cache.clear() });
 *   panel.update({ result: newer, target });               // later runs for the same panel
 *   panel.dispose();                                       // or the user closes it
 *
 * - One panel at a time: `show` reveals and updates the open one (`CandidatesPanel.current`) without taking
 *   the focus; to refresh an open panel on each new result, call `CandidatesPanel.current?.update(data)`.
 * - Insert replaces `target.range` (offsets into `result.context.text`; default: the empty range at
 *   `result.context.offset`) with the sample's text through a WorkspaceEdit. When the document's text differs
 *   from `result.context.text`, the range is re-located (edits wholly before or after it are fine);
 *   an edit touching it makes Insert refuse with a message instead of writing. After an Insert, the inserted
 *   text becomes the target, so inserting another candidate replaces it.
 * - The webview gets plain data (`CandidatesView`, src/core/view/candidates.ts) and writes it into text
 *   nodes only; its messages are validated (`parsePanelMessage`).
 * - Test hooks: `lastModel` (what was last posted), `lastRendered` / `whenRendered()` (what the webview
 *   reports it drew), and `handleMessage()` (the webview→extension handler).
 */
import * as vscode from 'vscode';
import type { PipelineResult } from '../core/pipeline';
import type { RankedSample } from '../core/types';
import { buildCandidatesView, type CandidatesView } from '../core/view/candidates';
import { makeNonce, panelHtml } from '../core/view/html';
import { parsePanelMessage, type RenderedReport, type ToPanel } from '../core/view/messages';
import type { OffsetRange } from '../core/types';
import { relocateRange } from '../core/view/relocate';
import { errorMessage } from '../core/errorMessage';

/** Where Insert writes. */
export interface InsertTarget {
  uri: vscode.Uri;
  /**
   * `document.version` of the text the candidates were computed on (`result.context.text`). Informational (logged):
   * Insert compares the document's text with `result.context.text`, so a wrong version cannot misplace it.
   */
  version?: number;
  /** Offsets into `result.context.text` to replace; default: the empty range at `result.context.offset`. */
  range?: OffsetRange;
}

/** What the panel shows. */
export interface CandidatesData {
  result: PipelineResult;
  /** Omit when there is no editor position: the Insert buttons are then disabled. */
  target?: InsertTarget;
}

/** Optional hooks for the caller. */
export interface CandidatesPanelOptions {
  /** Called after a candidate was inserted into the document. */
  onDidInsert?: (ranked: RankedSample, index: number) => void;
  /** Where the panel logs what it did (never model text). */
  log?: (message: string) => void;
  /**
   * Keep the focus where it is. Default: a new panel takes the focus (so the keyboard can reach the
   * candidates); an open panel is revealed without taking it. To refresh an open panel without revealing
   * it, call `CandidatesPanel.current?.update(data)` instead.
   */
  preserveFocus?: boolean;
}

/** The result of an Insert. */
export type InsertOutcome = { ok: true; range: vscode.Range } | { ok: false; reason: string };

/** Where Insert currently writes: the target, following the document through our own edits. */
interface LiveTarget {
  uri: vscode.Uri;
  /** The document's text when the candidates were computed, or right after our last Insert. */
  text: string;
  range: OffsetRange;
}

/** The candidates webview panel. See the file header for how to use it. */
export class CandidatesPanel implements vscode.Disposable {
  /** The webview panel's view type. */
  static readonly viewType = 'passk.candidates';
  /** The open panel, if any. */
  static current: CandidatesPanel | undefined;

  private data: CandidatesData;
  private target: LiveTarget | undefined;
  private model: CandidatesView | undefined;
  private rendered: RenderedReport | undefined;
  private renders = 0;
  private loads = 0;
  private renderWaiters: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  private disposed = false;

  /** Fires once, when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;

  /** Opens the panel (or reveals and updates the open one) showing `data`. */
  static show(extensionUri: vscode.Uri, data: CandidatesData, options: CandidatesPanelOptions = {}): CandidatesPanel {
    const open = CandidatesPanel.current;
    if (open) {
      open.options = options;
      open.update(data);
      // An open panel is brought forward without taking the focus: callers that refresh it on each new
      // result must not pull the cursor out of the editor while the user types.
      open.panel.reveal(undefined, options.preserveFocus ?? true);
      return open;
    }
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      CandidatesPanel.viewType,
      'Passk Candidates',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [media],
      },
    );
    CandidatesPanel.current = new CandidatesPanel(panel, media, data, options);
    return CandidatesPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly media: vscode.Uri,
    data: CandidatesData,
    private options: CandidatesPanelOptions,
  ) {
    this.data = data;
    this.setData(data);
    const webview = panel.webview;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => {
        this.handleMessage(raw).catch((e: unknown) => this.log(`message failed: ${errorMessage(e)}`));
      }),
    );
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'panel.css')).toString(),
      nonce: makeNonce(),
    });
  }

  /** Shows new candidates (a new run, or the same function after an edit). */
  update(data: CandidatesData): void {
    this.setData(data);
    this.postModel();
  }

  /** The model last sent to the webview (test hook). */
  get lastModel(): CandidatesView | undefined {
    return this.model;
  }

  /** What the webview last reported drawing, or undefined before its first render (test hook). */
  get lastRendered(): RenderedReport | undefined {
    return this.rendered;
  }

  /** How many times the webview page has loaded (said `ready`) (test hook). */
  get loadCount(): number {
    return this.loads;
  }

  /** How many render reports the webview has sent (it reloads, and redraws, each time it is shown again). */
  get renderCount(): number {
    return this.renders;
  }

  /** Resolves when the webview has drawn `lastModel` (at once if it already has), with its report. */
  whenRendered(): Promise<RenderedReport> {
    const current = this.rendered;
    if (current && this.model && drawsModel(current, this.model)) {
      return Promise.resolve(current);
    }
    return new Promise((resolve) => this.renderWaiters.push(() => resolve(this.rendered as RenderedReport)));
  }

  /** Handles one message from the webview; malformed messages are ignored. Public for tests. */
  async handleMessage(raw: unknown): Promise<InsertOutcome | undefined> {
    const msg = parsePanelMessage(raw);
    switch (msg?.type) {
      case 'ready':
        // a (re)loaded page shows nothing until it draws the model again
        this.rendered = undefined;
        this.loads++;
        this.postModel();
        return undefined;
      case 'rendered':
        this.onRendered(msg);
        return undefined;
      case 'insert':
        return this.insert(msg.index);
      case 'copy':
        await this.copy(msg.index);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Inserts candidate `index` (position in `result.ranked`) at the target. */
  async insert(index: number): Promise<InsertOutcome> {
    const outcome = await this.tryInsert(index);
    if (outcome.ok) {
      this.post({ type: 'status', kind: 'info', text: `Inserted candidate #${this.rankOf(index)}.` });
    } else {
      this.post({ type: 'status', kind: 'error', text: outcome.reason });
      void vscode.window.showWarningMessage(`Passk: ${outcome.reason}`);
    }
    const from = this.data.target?.version === undefined ? '' : ` (candidates from version ${this.data.target.version})`;
    this.log(`insert #${index}: ${outcome.ok ? 'done' : outcome.reason}${from}`);
    return outcome;
  }

  /** Closes the panel. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (CandidatesPanel.current === this) {
      CandidatesPanel.current = undefined;
    }
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  private setData(data: CandidatesData): void {
    this.data = data;
    this.target = data.target && liveTarget(data.target, data.result);
    this.model = buildCandidatesView(data.result, { canInsert: this.target !== undefined });
    this.panel.title = `Passk: ${this.model.title}`;
  }

  private postModel(): void {
    if (this.model) {
      this.post({ type: 'model', model: this.model });
    }
  }

  private post(message: ToPanel): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private onRendered(report: RenderedReport): void {
    this.rendered = report;
    this.renders++;
    if (this.model && drawsModel(report, this.model)) {
      const waiters = this.renderWaiters;
      this.renderWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async tryInsert(index: number): Promise<InsertOutcome> {
    const ranked = this.data.result.ranked[index];
    const target = this.target;
    if (!ranked) {
      return { ok: false, reason: 'That candidate no longer exists; show the candidates again.' };
    }
    if (!target) {
      return { ok: false, reason: 'There is no editor position to insert into.' };
    }
    const doc = await openDocument(target.uri);
    if (!doc) {
      return { ok: false, reason: 'The document is no longer open.' };
    }
    // Compare the text itself rather than trusting the version: a caller that passes a later version than the
    // text was computed on must not make Insert write at stale offsets.
    const now = doc.getText();
    const range = relocateRange(target.text, now, target.range);
    if (!range) {
      return { ok: false, reason: 'The text changed where the candidate would go; show the candidates again.' };
    }
    return this.applyInsert(doc, range, ranked, index, now.length);
  }

  private async applyInsert(
    doc: vscode.TextDocument,
    range: OffsetRange,
    ranked: RankedSample,
    index: number,
    lengthBefore: number,
  ): Promise<InsertOutcome> {
    const edit = new vscode.WorkspaceEdit();
    const replaced = new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
    edit.replace(doc.uri, replaced, ranked.sample.text);
    if (!(await vscode.workspace.applyEdit(edit))) {
      return { ok: false, reason: 'VS Code refused the edit.' };
    }
    // The document may normalise line endings, so measure the inserted text in the document itself.
    const end = range.end + (doc.getText().length - lengthBefore);
    this.target = { uri: doc.uri, text: doc.getText(), range: { start: range.start, end } };
    const inserted = new vscode.Range(doc.positionAt(range.start), doc.positionAt(end));
    revealInVisibleEditor(doc, inserted);
    this.options.onDidInsert?.(ranked, index);
    return { ok: true, range: inserted };
  }

  private async copy(index: number): Promise<void> {
    const ranked = this.data.result.ranked[index];
    if (!ranked) {
      return;
    }
    await vscode.env.clipboard.writeText(ranked.sample.text);
    this.post({ type: 'status', kind: 'info', text: `Copied candidate #${this.rankOf(index)}.` });
    this.log(`copy #${index}`);
  }

  private rankOf(index: number): number {
    return (this.data.result.ranked[index]?.rank ?? index) + 1;
  }

  private log(message: string): void {
    this.options.log?.(`candidates panel: ${message}`);
  }
}

function liveTarget(target: InsertTarget, result: PipelineResult): LiveTarget | undefined {
  const text = result.context.text;
  const range = target.range ?? { start: result.context.offset, end: result.context.offset };
  if (range.start < 0 || range.end < range.start || range.end > text.length) {
    return undefined;
  }
  return { uri: target.uri, text, range };
}

/** Whether the webview's report shows exactly this model's candidates and code. */
function drawsModel(report: RenderedReport, model: CandidatesView): boolean {
  const shown = model.emptyMessage ? [] : model.candidates;
  return (
    report.indices.length === shown.length &&
    shown.every((c, k) => report.indices[k] === c.index && report.codes[k] === c.displayCode)
  );
}

async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    return open;
  }
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

function revealInVisibleEditor(doc: vscode.TextDocument, range: vscode.Range): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  editor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
