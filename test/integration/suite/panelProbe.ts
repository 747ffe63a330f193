/**
 * The test side of the candidates panel: listens to what the webview says (`onDidReceiveMessage`) and
 * tells when it has drawn the panel's current model. The production panel keeps no such counters.
 */
import * as vscode from 'vscode';
import type { RenderedReport } from '../../../src/core/view/messages';
import type { CandidatesView } from '../../../src/core/view/candidates';
import type { CandidatesPanel } from '../../../src/vscode/candidatesPanel';

/** Watches one panel's webview messages. */
export class PanelProbe implements vscode.Disposable {
  /** How many times the page loaded (said `ready`). */
  loads = 0;
  /** How many render reports arrived. */
  renders = 0;
  /** The last render report, cleared when the page loads again. */
  lastRendered: RenderedReport | undefined;
  private readonly subscription: vscode.Disposable;
  private waiters: Array<() => void> = [];

  constructor(private readonly panel: CandidatesPanel) {
    this.subscription = panel.onDidReceiveMessage((msg) => {
      if (msg.type === 'ready') {
        this.loads++;
        this.lastRendered = undefined;
      } else if (msg.type === 'rendered') {
        this.renders++;
        this.lastRendered = { indices: msg.indices, exampleRows: msg.exampleRows, codes: msg.codes, ...(msg.sections ? { sections: msg.sections } : {}) };
        if (this.drawsCurrent()) {
          const waiters = this.waiters;
          this.waiters = [];
          waiters.forEach((w) => w());
        }
      }
    });
  }

  /** Resolves when the webview has drawn the panel's current model (at once if it has), or rejects after `timeoutMs`. */
  whenRendered(timeoutMs = 30000): Promise<RenderedReport> {
    if (this.drawsCurrent()) {
      return Promise.resolve(this.lastRendered!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the webview to draw the model')), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(this.lastRendered!);
      });
    });
  }

  private drawsCurrent(): boolean {
    const model = this.panel.currentModel;
    return !!this.lastRendered && !!model && drawsModel(this.lastRendered, model);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Whether the report shows exactly this model's candidates and code. */
function drawsModel(report: RenderedReport, model: CandidatesView): boolean {
  const shown = model.emptyMessage ? [] : model.candidates;
  return report.indices.length === shown.length && shown.every((c, k) => report.indices[k] === c.index && report.codes[k] === c.displayCode);
}
