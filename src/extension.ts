/**
 * Passk's entry point: builds the VS Code layer's objects, wires them by hand and pushes every
 * disposable to the extension context. Nothing else happens here.
 */
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { createLog } from './vscode/log';
import { Settings } from './vscode/settings';

/** What the extension returns from `activate`, for the integration tests. */
export interface PasskApi {
  /** How many times the inline provider was asked for items. */
  providerCalls(): number;
}

/** Called by VS Code when a Python file opens. */
export function activate(context: vscode.ExtensionContext): PasskApi {
  const log = createLog();
  const settings = new Settings();
  let calls = 0;
  const provider: vscode.InlineCompletionItemProvider = {
    provideInlineCompletionItems() {
      calls++;
      return [];
    },
  };
  context.subscriptions.push(
    log,
    settings,
    vscode.languages.registerInlineCompletionItemProvider(
      [{ language: 'python' }, { notebookType: '*', language: 'python' }],
      provider,
    ),
    ...registerCommands({
      'passk.trigger': () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'),
      'passk.toggle': () => settings.update('enabled', !settings.current.enabled),
      'passk.toggleForFile': () => undefined,
      'passk.selectBackend': () => undefined,
      'passk.setApiKey': () => undefined,
      'passk.selectRanking': () => undefined,
      'passk.showCandidates': () => undefined,
      'passk.showLog': () => log.show(),
      'passk.showMenu': () => undefined,
    }),
  );
  log.info(`Passk activated (VS Code ${vscode.version})`);
  return { providerCalls: () => calls };
}

/** Nothing to do: every resource is in `context.subscriptions`. */
export function deactivate(): void {}
