import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, openPython, passk, waitFor } from './helpers';

describe('activation', () => {
  after(closeAll);

  it('runs in a Node extension host of a real VS Code', () => {
    assert.strictEqual(typeof process.versions.node, 'string');
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('activates when a Python file opens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await openPython('activate.py', 'def add(a, b):\n    """Add."""\n    ');
    await waitFor(() => ext.isActive, 'activation on a Python file');
  });

  it('registers every command listed in package.json', async () => {
    await passk();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.json'), 'utf8'),
    ) as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 8);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'every contributed command has a handler',
    );
  });

  it('registers its inline completion provider for Python', async () => {
    const api = await passk();
    await openPython('provider.py', 'def add(a, b):\n    """Add two numbers."""\n    ');
    const before = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > before, 'a call to the inline provider');
  });
});
