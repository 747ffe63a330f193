/**
 * The status bar item: what Passk is doing (idle, sampling, ranking, error, disabled, restricted).
 * Clicking it opens Passk's menu (`passk.showMenu`).
 */
import * as vscode from 'vscode';

/** What the item shows. */
export type StatusState =
  | { kind: 'idle'; detail?: string }
  | { kind: 'sampling'; n: number }
  | { kind: 'ranking'; samples: number }
  | { kind: 'error'; reason: string }
  | { kind: 'disabled'; scope: 'everywhere' | 'file' }
  | { kind: 'restricted'; detail?: string };

/** The status bar item; `state` is what it shows now (the tests read it). */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private current: StatusState = { kind: 'idle' };

  constructor() {
    this.item = vscode.window.createStatusBarItem('passk.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Passk';
    this.item.command = 'passk.showMenu';
    this.render();
    this.item.show();
  }

  /** What is shown now. */
  get state(): StatusState {
    return this.current;
  }

  /** The item's text now (the tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** Shows a new state. */
  set(state: StatusState): void {
    this.current = state;
    this.render();
  }

  private render(): void {
    const view = present(this.current);
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(`${view.tooltip}\n\nClick for Passk's menu.`);
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** Text and tooltip for a state. */
export function present(s: StatusState): { text: string; tooltip: string; error?: boolean } {
  switch (s.kind) {
    case 'idle':
      return { text: `$(sparkle) Passk${s.detail ? ` ${s.detail}` : ''}`, tooltip: 'Passk is ready.' };
    case 'sampling':
      return { text: `$(loading~spin) Passk: sampling ${s.n}`, tooltip: `Asking the backend for ${s.n} samples.` };
    case 'ranking':
      return { text: `$(loading~spin) Passk: ranking ${s.samples}`, tooltip: `Ranking ${s.samples} samples.` };
    case 'error':
      return { text: `$(error) Passk: ${s.reason}`, tooltip: `The last completion failed: ${s.reason}. See Passk's log.`, error: true };
    case 'disabled':
      return {
        text: '$(circle-slash) Passk',
        tooltip: s.scope === 'file' ? 'Passk is off for this file.' : 'Passk is off everywhere.',
      };
    case 'restricted':
      return {
        text: `$(shield) Passk${s.detail ? ` ${s.detail}` : ''}`,
        tooltip: 'Restricted Mode: this folder is not trusted, so Passk runs no code; samples are ranked by log-probability only.',
      };
  }
}
