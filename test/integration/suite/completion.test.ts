import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type RecordedRequest, type TestServer } from '../../server/openaiServer';
import { acceptUntil, closeAll, openPython, passk, screenshot, setSettings, sleep, useServer, waitFor, waitForAnswer } from './helpers';

const HEAD = 'def add(a, b):\n    """Add two numbers."""\n    ';

/**
 * Three bodies for any prompt, in backend order worst-first: ranking by mean log-prob must reorder them.
 * The texts follow the prompt's last line so they read the same whether or not it ends in the indentation.
 */
function threeBodies(req: RecordedRequest) {
  const indent = req.promptText.endsWith('\n') ? '    ' : '';
  return {
    choices: [
      { text: `${indent}return b + a\n`, logprobs: -0.9 },
      { text: `${indent}return a + b\n`, logprobs: -0.1 },
      { text: `${indent}return sum((a, b))\n`, logprobs: -0.5 },
    ],
  };
}

describe('inline completions against the OpenAI-protocol test server', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ responder: threeBodies });
    await useServer(server.url);
  });
  after(async () => {
    await closeAll();
    await server.close();
  });
  afterEach(closeAll);

  it('shows ghost text for a function with a docstring; accepting inserts the top-ranked sample exactly', async () => {
    const api = await passk();
    const editor = await openPython('ghost.py', HEAD);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const texts = await waitForAnswer(api, 3, calls);
    assert.deepStrictEqual(texts, ['return a + b', 'return sum((a, b))', 'return b + a']);
    assert.strictEqual(server.count('completions'), 1);
    assert.strictEqual(server.requests.at(-1)?.n, 3);
    await screenshot('ghost-text');
    await acceptUntil(editor.document, `${HEAD}return a + b`);
  });

  it('cycling shows the second-ranked sample', async () => {
    const api = await passk();
    const editor = await openPython('cycle.py', HEAD);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitForAnswer(api, 3, calls);
    await sleep(300);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.showNext');
    await sleep(300);
    await acceptUntil(editor.document, `${HEAD}return sum((a, b))`);
  });

  it('typing through the suggestion makes no request', async () => {
    const api = await passk();
    const editor = await openPython('typing.py', HEAD);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitForAnswer(api, 3, calls);
    const requests = server.count('completions');
    const typedThrough = api.stats().typingThrough;
    for (const ch of 'retur') {
      await vscode.commands.executeCommand('type', { text: ch });
      await sleep(120);
    }
    await sleep(300);
    assert.strictEqual(server.count('completions'), requests, 'no request while typing through');
    assert.ok(api.stats().typingThrough > typedThrough, 'answered from the cached samples');
    await acceptUntil(editor.document, `${HEAD}return a + b`);
    assert.strictEqual(server.count('completions'), requests);
  });

  it('the same context again is answered from the cache; a settings change clears it and applies live', async () => {
    const api = await passk();
    await openPython('cache.py', HEAD);
    let calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitForAnswer(api, 3, calls);
    const before = server.count('completions');
    await closeAll();
    await openPython('cache.py', HEAD);
    calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitForAnswer(api, 3, calls);
    assert.strictEqual(server.count('completions'), before, 'cache hit');
    assert.strictEqual(api.lastAnswer()?.source, 'cache');

    // a settings change clears the cache: the same context in a new editor asks the server again
    await setSettings({ 'sampling.n': 2 });
    await closeAll();
    await openPython('cache-after-settings.py', HEAD);
    calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => server.count('completions') > before, 'a new request after the settings change');
    assert.strictEqual(server.requests.at(-1)?.n, 2, 'the new n is used without a reload');
    await waitForAnswer(api, 1, calls);
    await setSettings({ 'sampling.n': 3 });
  });

  it('fast typing aborts stale requests (the server sees them close)', async () => {
    const api = await passk();
    server.configure({ latencyMs: 2000 });
    try {
      await openPython('fast.py', 'def mul(a, b):\n    """Multiply."""\n    ');
      server.reset();
      for (const ch of 'x = a') {
        const calls = api.providerCalls();
        await vscode.commands.executeCommand('type', { text: ch });
        await waitFor(() => api.providerCalls() > calls, 'a provider call');
        await sleep(250); // longer than the 50 ms debounce: each keystroke starts a request
      }
      await server.waitForAborts(2, 5000);
      assert.ok(api.stats().cancelled >= 2, `engine cancelled ${api.stats().cancelled}`);
    } finally {
      server.configure({ latencyMs: 0 });
    }
  });

  it('Passk can be switched off for one file', async () => {
    const api = await passk();
    await openPython('off.py', HEAD);
    await vscode.commands.executeCommand('passk.toggleForFile');
    await waitFor(() => api.status().state.kind === 'disabled', 'disabled status');
    const before = server.count('completions');
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls, 'a provider call');
    await sleep(300);
    assert.strictEqual(server.count('completions'), before);
    await vscode.commands.executeCommand('passk.toggleForFile');
    await waitFor(() => api.status().state.kind !== 'disabled', 'enabled again');
  });
});
