import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { EXTENSION_ID, closeAll, openPython, passk, useServer, waitFor } from './helpers';

const TEXT = [
  'def double(x):',
  '    """Twice x.',
  '',
  '    >>> double(2)',
  '    4',
  '    """',
  '    ',
].join('\n');

describe('restricted mode (untrusted folder)', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({
      responder: () => ({
        choices: [
          { text: 'return x * 2\n', logprobs: -0.8 },
          { text: 'return x + 2\n', logprobs: -0.1 },
        ],
      }),
    });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('the folder is untrusted and Passk still activates', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the harness opens the folder untrusted');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await openPython('restricted.py', TEXT);
    await waitFor(() => ext.isActive, 'activation in Restricted Mode');
  });

  it('runs no sample: ranks by log-probability alone and shows the restricted state', async () => {
    const api = await passk();
    await useServer(server.url, { 'sampling.n': 2, 'ranking.mode': 'doctest', 'execution.enabled': true });
    assert.strictEqual(api.executionAllowed(), false);
    await openPython('restricted.py', TEXT);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) === 2, 'two suggestions');
    const ranked = api.lastAnswer()!.result!.ranked;
    // executed, `return x * 2` would pass the example and rank first; unexecuted, log-probs decide
    assert.strictEqual(ranked[0]!.sample.text.trim(), 'return x + 2');
    for (const r of ranked) {
      assert.ok(!r.examples || r.examples.every((e) => e.status === 'skipped'), 'no example was run');
      assert.ok(!r.passed && !r.failed);
    }
    assert.strictEqual(api.status().state.kind, 'restricted');
  });
});
