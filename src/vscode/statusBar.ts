/**
 * The status bar item: what Passk is doing (idle with the shown suggestion's badge, sampling, ranking,
 * error, disabled, snoozed, restricted).
 * Clicking it opens Passk's menu (`passk.showMenu`).
 */
import * as vscode from 'vscode';

/** The suggestion the editor shows now (it follows Alt+] / Alt+[), as the badge describes it. */
export interface ShownSample {
  /** 1-based place among the suggestions, best first: the sample's rank. */
  position: number;
  count: number;
  /** Docstring examples (lines with an expected output) passed and failed; undefined when none ran. */
  passed?: number;
  failed?: number;
  meanLogprob?: number;
  /** Identical samples merged into this one, itself included. */
  votes: number;
  /** Why it ranks where it does, in the ranker's words. */
  reasons: string[];
}

/** What the item shows. */
export type StatusState =
  | { kind: 'idle'; shown?: ShownSample }
  /** `round`/`rounds` from the second round on: no sample of the earlier rounds passed the examples. */
  | { kind: 'sampling'; n: number; round?: number; rounds?: number }
  | { kind: 'ranking'; samples: number; round?: number; rounds?: number }
  | { kind: 'error'; reason: string; message?: string }
  | { kind: 'disabled'; scope: 'everywhere' | 'file' | 'glob'; pattern?: string }
  | { kind: 'snoozed'; untilMs: number }
  | { kind: 'restricted'; shown?: ShownSample };

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

  /** The item's tooltip now, without the menu hint (the tests read it). */
  get tooltip(): string {
    return present(this.current).tooltip;
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
      return s.shown
        ? { text: `$(sparkle) Passk ${badge(s.shown)}`, tooltip: describeShown(s.shown) }
        : { text: '$(sparkle) Passk', tooltip: 'Passk is ready: write a signature and a docstring, and the body appears as ghost text.' };
    case 'sampling':
      return s.round
        ? {
            text: `$(loading~spin) Passk: round ${s.round}/${s.rounds}`,
            tooltip: `No sample so far passes the docstring's examples: asking the backend for ${s.n} more (round ${s.round} of at most ${s.rounds}, passk.ranking.rounds).`,
          }
        : { text: `$(loading~spin) Passk: sampling ${s.n}`, tooltip: `Asking the backend for ${s.n} samples.` };
    case 'ranking':
      return {
        text: `$(loading~spin) Passk: ranking ${s.samples}${s.round ? ` · round ${s.round}/${s.rounds}` : ''}`,
        tooltip: `Ranking ${s.samples} samples${s.round ? ` (round ${s.round} of at most ${s.rounds})` : ''}.`,
      };
    case 'error':
      return {
        text: `$(error) Passk: ${s.reason}`,
        tooltip: `The last request failed: ${s.message ?? s.reason}\n\nThis stays until a request succeeds. See Passk's log, or run Passk: Test Backend.`,
        error: true,
      };
    case 'disabled':
      return { text: '$(circle-slash) Passk', tooltip: disabledTooltip(s.scope, s.pattern) };
    case 'snoozed':
      return {
        text: `$(clock) Passk: snoozed until ${clock(s.untilMs)}`,
        tooltip: `Completions are paused until ${clock(s.untilMs)}. Resume from Passk's menu.`,
      };
    case 'restricted': {
      const why = 'Restricted Mode: this folder is not trusted, so Passk runs no code; samples are ranked by log-probability only.';
      return s.shown
        ? { text: `$(shield) Passk ${badge(s.shown)}`, tooltip: `${describeShown(s.shown)}\n\n${why}` }
        : { text: '$(shield) Passk', tooltip: why };
    }
  }
}

/** `#2/4 · 1/2 examples`: which suggestion is shown, and how it did on the docstring examples. */
export function badge(shown: ShownSample): string {
  const place = `#${shown.position}/${shown.count}`;
  const total = (shown.passed ?? 0) + (shown.failed ?? 0);
  return total > 0 ? `${place} · ${shown.passed ?? 0}/${total} examples` : place;
}

/** The badge in words: which suggestion, its examples, its log-prob, its votes, why it ranks there. */
export function describeShown(shown: ShownSample): string {
  const lines = [`**Suggestion #${shown.position} of ${shown.count}**, best first (Alt+] next, Alt+[ previous).`, ''];
  const total = (shown.passed ?? 0) + (shown.failed ?? 0);
  lines.push(
    total > 0
      ? `- Docstring examples: ${shown.passed ?? 0} of ${total} give the expected output.`
      : '- Docstring examples: none were run for this sample.',
  );
  lines.push(
    shown.meanLogprob === undefined || !Number.isFinite(shown.meanLogprob)
      ? '- Mean log-prob: unscored (the backend gave no log-probabilities).'
      : `- Mean log-prob: ${shown.meanLogprob.toFixed(3)} (higher is what the model found likelier).`,
  );
  if (shown.votes > 1) {
    lines.push(`- ${shown.votes} of the samples were this same text.`);
  }
  if (shown.reasons.length > 0) {
    lines.push(`- Why here: ${shown.reasons.join('; ')}.`);
  }
  return lines.join('\n');
}

function disabledTooltip(scope: 'everywhere' | 'file' | 'glob', pattern?: string): string {
  if (scope === 'glob') {
    return `Passk is off for this file: it matches \`${pattern ?? ''}\` in passk.disabledFor.`;
  }
  return scope === 'file' ? 'Passk is off for this file.' : 'Passk is off everywhere.';
}

/** `14:05`, local time. */
function clock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
