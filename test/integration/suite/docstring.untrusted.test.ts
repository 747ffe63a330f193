import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import type { DocstringRunReport } from '../../../src/vscode/docstring/command';
import { ensureDocstringCommand } from './docstringHelpers';
import { closeAll, openPython, useServer } from './helpers';

describe('Generate Docstring in an untrusted folder', () => {
  let server: TestServer;

  before(async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the harness opens the folder untrusted');
    // The model writes an example with a wrong expected value anyway.
    server = await startTestServer({ responder: (req) => ({ choices: Array(req.n).fill('Add two numbers.\n\n    >>> add(2, 2)\n    5\n    """') }) });
    await useServer(server.url, { enabled: false });
    await ensureDocstringCommand();
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('runs no example: none is asked for, and an unchecked one is dropped rather than shown', async () => {
    const text = 'def add(a, b):\n    return a + b\n';
    const editor = await openPython('untrusted_doc.py', text, text.indexOf('return'));
    const report = await vscode.commands.executeCommand<DocstringRunReport | undefined>('passk.generateDocstring', {
      existing: 'replace',
    });
    assert.strictEqual(report?.executed, false, 'no sandbox in Restricted Mode');
    assert.strictEqual(report?.results[0]?.exampleReport, undefined);
    assert.strictEqual(server.count('completions'), 1);
    assert.ok(!server.requests[0]!.promptText.includes('>>>'), 'the prompt asks for no examples');
    assert.strictEqual(editor.document.getText(), 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n');
  });
});
