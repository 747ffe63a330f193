/**
 * The only reader of VS Code's configuration: turns `passk.*` into typed, clamped `PasskSettings`
 * (core/settings.ts), re-reads on change and tells listeners, so every setting applies live.
 */
import * as vscode from 'vscode';
import { readSettings, type PasskSettings } from '../core/settings';

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
