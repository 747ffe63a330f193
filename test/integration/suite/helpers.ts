/**
 * Shared helpers of the integration suite (runs inside VS Code's extension host).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PasskApi } from '../../../src/extension';

/** The extension's id (publisher.name). */
export const EXTENSION_ID = 'passk.passk';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every 50 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(fn: () => T | undefined | false | null, what: string, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(50);
  }
}

/** Activates Passk (if not yet) and returns its test API. */
export async function passk(): Promise<PasskApi> {
  const ext = vscode.extensions.getExtension<PasskApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  return ext.activate();
}

/** The workspace folder the harness opened. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri.fsPath;
}

/** Writes `content` to a file in the workspace, opens it and shows it; the cursor goes to `offset`. */
export async function openPython(
  name: string,
  content: string,
  offset = content.length,
): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), name);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc);
  const pos = doc.positionAt(offset);
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

/**
 * Asks the harness for a screenshot named `name` and waits until it is taken
 * (no wait when the harness is not saving screenshots). Notifications are cleared first unless kept.
 */
export async function screenshot(name: string, options: { keepNotifications?: boolean } = {}): Promise<void> {
  const dir = process.env.PASSK_SCREENSHOT_SIGNAL_DIR;
  if (!dir) {
    return;
  }
  if (!options.keepNotifications) {
    await vscode.commands.executeCommand('notifications.clearAll');
  }
  await sleep(600); // let the renderer paint
  console.log(`SCREENSHOT ${name}`);
  await waitFor(() => fs.existsSync(path.join(dir, `${name}.done`)), `screenshot ${name}`, 20000);
}

/** Closes every editor (and reverts untitled changes) between tests. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Sets `passk.<key>` values in the user settings (undefined removes one) and waits for them to apply. */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('passk');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
  await sleep(50);
}

/** Points Passk at a test server with deterministic settings. */
export async function useServer(url: string, extra: Record<string, unknown> = {}): Promise<void> {
  await setSettings({
    'backend.preset': 'custom',
    'backend.baseUrl': url,
    'backend.model': 'test-model',
    'backend.api': 'completions',
    'backend.timeoutMs': 10000,
    'sampling.n': 3,
    'ranking.mode': 'meanLogprob',
    'inline.debounceMs': 50,
    'inline.adaptiveDebounce': false,
    // no extra request for model-written tests: the tests count requests (a test that wants it says so)
    'ranking.modelTests': 'off',
    // one batch of samples: a test whose samples all fail the examples would otherwise draw more rounds
    'ranking.rounds': 1,
    enabled: true,
    ...extra,
  });
}

/** Accepts the shown ghost text until the document reads `expected` (the widget may need a moment). */
export async function acceptUntil(doc: vscode.TextDocument, expected: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (doc.getText() !== expected && Date.now() < end) {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await sleep(150);
  }
  assert.strictEqual(doc.getText(), expected);
}

/** Waits until the provider's last answer has `count` texts (from any source) and returns them. */
export async function waitForAnswer(api: PasskApi, count: number, since: number): Promise<string[]> {
  await waitFor(() => api.providerCalls() > since && (api.lastAnswer()?.texts.length ?? 0) >= count, `${count} suggestions`);
  return api.lastAnswer()!.texts;
}
