/**
 * The only reader of VS Code's configuration: turns `passk.*` into typed, clamped `PasskSettings`
 * (core/settings.ts), re-reads on change and tells listeners, so every setting applies live.
 */
import * as vscode from 'vscode';
import { readSettings, rejectedSettings, type PasskSettings, type RejectedSetting } from '../core/settings';

/** Which settings file a choice goes to. */
export type SettingsScope = 'user' | 'workspace';

const SECTION = 'passk';

/** Live settings: `current` is always up to date; `onDidChange` fires after a `passk.*` change. */
export class Settings implements vscode.Disposable {
  private value: PasskSettings;
  private readonly emitter = new vscode.EventEmitter<PasskSettings>();
  private readonly listener: vscode.Disposable;
  /** Fires with the new settings after any `passk.*` setting changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.value = Settings.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        this.value = Settings.read();
        this.emitter.fire(this.value);
      }
    });
  }

  /** The settings now. */
  get current(): PasskSettings {
    return this.value;
  }

  /** Writes one `passk.<key>` value (user settings unless a workspace folder has its own value). */
  async update(key: string, value: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const info = config.inspect(key);
    const target =
      info?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : info?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }

  /** Where a value is set: the user's settings or this workspace's. */
  static targetOf(scope: SettingsScope): vscode.ConfigurationTarget {
    return scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  }

  /**
   * Writes `passk.<key>` values into one scope and removes them from the other, so the scope the user
   * chose is the one that applies (a workspace value would hide a user value). Undefined removes a key.
   */
  async updateIn(scope: SettingsScope, values: Record<string, unknown>): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const other = scope === 'workspace' ? 'user' : 'workspace';
    for (const [key, value] of Object.entries(values)) {
      await config.update(key, value, Settings.targetOf(scope));
      const info = config.inspect(key);
      const hidden = other === 'workspace' ? info?.workspaceValue : undefined;
      if (hidden !== undefined) {
        await config.update(key, undefined, Settings.targetOf(other));
      }
    }
  }

  /** True when the user (or the workspace) set `passk.<key>` themselves. */
  isSet(key: string): boolean {
    const info = vscode.workspace.getConfiguration(SECTION).inspect(key);
    return info?.globalValue !== undefined || info?.workspaceValue !== undefined || info?.workspaceFolderValue !== undefined;
  }

  /** The values `readSettings` could not use (a typo in an enum, a wrong type), with what it used instead. */
  static rejected(): RejectedSetting[] {
    const config = vscode.workspace.getConfiguration(SECTION);
    return rejectedSettings((key) => config.get(key));
  }

  /** Opens the Settings editor on Passk's settings. */
  static async open(query = `@ext:passk.passk`): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', query);
  }

  private static read(): PasskSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
