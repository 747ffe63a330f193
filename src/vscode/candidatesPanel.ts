/**
 * The candidates panel: a webview listing every ranked sample for the function at the cursor, with its
 * rank, mean log-prob, votes, docstring-example results, agreement group and highlighted code, a legend of
 * those words, and Insert / Copy buttons.
 *
 * Use (the VS Code layer; the extension makes one and keeps it):
 *
 *   const panel = new CandidatesPanel(context.extensionUri, { log: (m) => log.info(m), onDidInsert: () => cache.clear() });
 *   panel.show({ result, target: { uri: doc.uri, version } });  // opens it, or reveals and updates it
 *   panel.update({ result: newer, target });                      // refreshes it if open, without revealing
 *   panel.dispose();                                              // with the extension
 *
 * - Insert replaces `target.range` (offsets into `result.context.text`; default: the empty range at
 *   `result.context.offset`) with the sample's text through a WorkspaceEdit. When the document's text differs
 *   from `result.context.text`, the range is re-located (edits wholly before or after it are fine);
 *   an edit touching it makes Insert refuse with a message instead of writing. After an Insert, the inserted
 *   text becomes the target, so inserting another candidate replaces it.
 * - A kept ranking (`data.kept`, after the user accepted a suggestion) is shown without Insert: it explains
 *   the choice, the function already has its body.
 * - The webview (src/webview/panel.ts) gets plain data (`CandidatesView`, src/core/view/candidates.ts) and
 *   writes it into text nodes only; its messages are validated (`parsePanelMessage`) and also fired on
 *   `onDidReceiveMessage`, which is how a test sees what the webview drew.
 */
import * as vscode from 'vscode';
import type { PipelineResult } from '../core/pipeline';
import type { RankedSample } from '../core/types';
import { buildCandidatesView, type CandidatesView } from '../core/view/candidates';
import { makeNonce, panelHtml } from '../core/view/html';
import { parsePanelMessage, type FromPanel, type ToPanel } from '../core/view/messages';
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
  /** Set for a ranking kept from before the user accepted a suggestion (shown without Insert). */
  kept?: { acceptedRank?: number };
}

/** Optional hooks for the caller. */
export interface CandidatesPanelOptions {
  /** Called after a candidate was inserted into the document. */
  onDidInsert?: (ranked: RankedSample, index: number) => void;
  /** Where the panel logs what it did (never model text). */
  log?: (message: string) => void;
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

  private panel: vscode.WebviewPanel | undefined;
  private data: CandidatesData | undefined;
  private target: LiveTarget | undefined;
  private model: CandidatesView | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly messageEmitter = new vscode.EventEmitter<FromPanel>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();

  /** Every well-formed message from the webview, after the panel handled it. */
  readonly onDidReceiveMessage = this.messageEmitter.event;
  /** Fires when the webview panel closes (the user closed it, or `close`). */
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly options: CandidatesPanelOptions = {},
  ) {}

  /** True while the webview panel is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The model last sent to the webview. */
  get currentModel(): CandidatesView | undefined {
    return this.model;
  }

  /**
   * Shows `data`: opens the panel beside the editor (taking the focus, so the keyboard reaches the
   * candidates), or reveals and updates the open one without taking the focus.
   */
  show(data: CandidatesData): void {
    if (this.panel) {
      this.update(data);
      this.panel.reveal(undefined, true);
      return;
    }
    this.setData(data);
    this.open();
  }

  /** Shows new candidates in the open panel (a new run, or the same function after an edit); nothing when closed. */
  update(data: CandidatesData): void {
    if (this.panel) {
      this.setData(data);
      this.postModel();
    }
  }

  /** Closes the webview panel (a later `show` opens a new one). */
  close(): void {
    this.panel?.dispose();
  }

  /** Handles one message from the webview; malformed messages are ignored. */
  async handleMessage(raw: unknown): Promise<InsertOutcome | undefined> {
    const msg = parsePanelMessage(raw);
    let outcome: InsertOutcome | undefined;
    switch (msg?.type) {
      case 'ready':
        this.postModel(); // a (re)loaded page shows nothing until it gets the model again
        break;
      case 'insert':
        outcome = await this.insert(msg.index);
        break;
      case 'copy':
        await this.copy(msg.index);
        break;
      default:
        break;
    }
    if (msg) {
      this.messageEmitter.fire(msg);
    }
    return outcome;
  }

  private open(): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      CandidatesPanel.viewType,
      this.model ? `Passk: ${this.model.title}` : 'Passk Candidates',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [media, dist],
      },
    );
    this.panel = panel;
    const webview = panel.webview;
    this.panelDisposables = [
      panel.onDidDispose(() => this.onPanelClosed()),
      webview.onDidReceiveMessage((raw: unknown) => {
        this.handleMessage(raw).catch((e: unknown) => this.log(`message failed: ${errorMessage(e)}`));
      }),
    ];
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')).toString(),
      nonce: makeNonce(),
    });
  }

  private onPanelClosed(): void {
    this.panel = undefined;
    this.panelDisposables.forEach((d) => d.dispose());
    this.panelDisposables = [];
    this.closeEmitter.fire();
  }

  /** Inserts candidate `index` (position in `result.ranked`) at the target. */
  async insert(index: number): Promise<InsertOutcome> {
    const outcome = await this.tryInsert(index);
    if (outcome.ok) {
      this.post({ type: 'status', kind: 'info', text: `Inserted #${this.rankOf(index)}.` });
    } else {
      this.post({ type: 'status', kind: 'error', text: outcome.reason });
      void vscode.window.showWarningMessage(`Passk: ${outcome.reason}`);
    }
    const from = this.data?.target?.version === undefined ? '' : ` (candidates from version ${this.data.target.version})`;
    this.log(`insert #${index}: ${outcome.ok ? 'done' : outcome.reason}${from}`);
    return outcome;
  }

  /** Closes the panel for good (the extension deactivates). */
  dispose(): void {
    this.close();
    this.messageEmitter.dispose();
    this.closeEmitter.dispose();
  }

  private setData(data: CandidatesData): void {
    this.data = data;
    this.target = data.kept ? undefined : data.target && liveTarget(data.target, data.result);
    this.model = buildCandidatesView(data.result, {
      canInsert: this.target !== undefined,
      ...(data.kept ? { kept: data.kept } : {}),
    });
    if (this.panel) {
      this.panel.title = `Passk: ${this.model.title}`;
    }
  }

  private postModel(): void {
    if (this.model) {
      this.post({ type: 'model', model: this.model });
    }
  }

  private post(message: ToPanel): void {
    void this.panel?.webview.postMessage(message);
  }

  private async tryInsert(index: number): Promise<InsertOutcome> {
    const ranked = this.data?.result.ranked[index];
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
    const ranked = this.data?.result.ranked[index];
    if (!ranked) {
      return;
    }
    await vscode.env.clipboard.writeText(ranked.sample.text);
    this.post({ type: 'status', kind: 'info', text: `Copied #${this.rankOf(index)}.` });
    this.log(`copy #${index}`);
  }

  private rankOf(index: number): number {
    return (this.data?.result.ranked[index]?.rank ?? index) + 1;
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
