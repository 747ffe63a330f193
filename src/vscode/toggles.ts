/**
 * Where Passk is switched off: everywhere (`passk.enabled`), by glob (`passk.disabledFor`), for a while
 * (snooze), or for single files (kept in the
 * workspace's state, so the choice survives a reload).
 */
import * as vscode from 'vscode';

const STATE_KEY = 'passk.disabledFiles';

/** The files the user turned Passk off for. */
export class FileToggles {
  private readonly disabled: Set<string>;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after a file was switched on or off. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {
    this.disabled = new Set(state.get<string[]>(STATE_KEY, []));
  }

  /** True when Passk is off for this document. */
  isDisabled(uri: vscode.Uri): boolean {
    return this.disabled.has(uri.toString());
  }

  /** Switches the file off or on; returns true when it is now off. */
  async toggle(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const nowDisabled = !this.disabled.delete(key);
    if (nowDisabled) {
      this.disabled.add(key);
    }
    await this.state.update(STATE_KEY, [...this.disabled]);
    this.emitter.fire();
    return nowDisabled;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The first `passk.disabledFor` glob this document matches, or undefined. */
export function matchingGlob(document: vscode.TextDocument, globs: readonly string[]): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return globs.find((glob) => {
    // A pattern without a slash names files anywhere (`conftest.py`); one with a slash is relative to the folder.
    const patterns: vscode.GlobPattern[] = glob.includes('/') ? [] : [`**/${glob}`];
    if (folder) {
      patterns.push(new vscode.RelativePattern(folder, glob));
    } else if (glob.includes('/')) {
      patterns.push(glob);
    }
    return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  });
}

const SNOOZE_KEY = 'passk.snoozedUntil';

/** A pause of every completion until a time (kept in the global state, so a reload keeps it). */
export class Snooze implements vscode.Disposable {
  private untilMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when a snooze starts, ends early or runs out. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {
    this.untilMs = state.get<number>(SNOOZE_KEY, 0);
    this.arm();
  }

  /** When the snooze ends (epoch ms), or undefined when completions are not paused. */
  get until(): number | undefined {
    return this.untilMs > Date.now() ? this.untilMs : undefined;
  }

  /** Pauses completions for `minutes`; 0 resumes now. */
  async set(minutes: number): Promise<void> {
    this.untilMs = minutes > 0 ? Date.now() + minutes * 60_000 : 0;
    await this.state.update(SNOOZE_KEY, this.untilMs);
    this.arm();
    this.emitter.fire();
  }

  /** A timer for the end, so the status bar changes back without a keystroke. */
  private arm(): void {
    clearTimeout(this.timer);
    const leftMs = this.untilMs - Date.now();
    if (leftMs > 0) {
      this.timer = setTimeout(() => this.emitter.fire(), Math.min(leftMs + 50, 2 ** 31 - 1));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
