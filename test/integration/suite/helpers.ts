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
 * (no wait when the harness is not saving screenshots).
 */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.PASSK_SCREENSHOT_SIGNAL_DIR;
  if (!dir) {
    return;
  }
  await sleep(600); // let the renderer paint
  console.log(`SCREENSHOT ${name}`);
  await waitFor(() => fs.existsSync(path.join(dir, `${name}.done`)), `screenshot ${name}`, 20000);
}

/** Closes every editor (and reverts untitled changes) between tests. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
