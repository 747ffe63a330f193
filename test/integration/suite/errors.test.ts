import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { closeAll, openPython, passk, sleep, useServer, waitFor } from './helpers';

const TEXT = 'def sub(a, b):\n    """Subtract b from a."""\n    ';

describe('backend errors', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ apiKey: 'the-right-key', defaultText: '    return a - b\n' });
    await useServer(server.url, { 'backend.preset': 'custom' });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('a 401 shows the error state, notifies once, and leaves the text untouched', async () => {
    const api = await passk();
    const editor = await openPython('unauthorized.py', TEXT);
    const notified = api.notifiedErrors();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.status().state.kind === 'error', 'the error status');
    const state = api.status().state;
    assert.strictEqual(state.kind === 'error' && state.reason, 'API key rejected');
    assert.match(api.status().text, /API key rejected/);
    assert.strictEqual(api.notifiedErrors(), notified + 1);
    assert.strictEqual(server.count('completions'), 1);

    // the same error again: no second notification; accepting does nothing
    await vscode.commands.executeCommand('type', { text: 'r' });
    await waitFor(() => server.count('completions') >= 2, 'a second request');
    await sleep(300);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    assert.strictEqual(api.notifiedErrors(), notified + 1);
    assert.strictEqual(editor.document.getText(), `${TEXT}r`);
  });
});
