/**
 * Where Passk is switched off: everywhere (`passk.enabled`) or for single files (kept in the
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
