/**
 * What a new user meets, in a real VS Code: errors of commands they ran always show, the error state stands
 * while the server is down, the backend flow tests the server and says the verdict, the status badge
 * follows Alt+], the panel still explains a choice after accept, snooze and passk.disabledFor.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionVerdict } from '../../../src/core/backend';
import type { BackendFlowOutcome } from '../../../src/vscode/backendFlow';
import type { CandidatesData } from '../../../src/vscode/candidatesPanel';
import { freePort, startTestServer, type TestServer } from '../../server/openaiServer';
import { closeAll, openPython, passk, screenshot, setSettings, sleep, useServer, waitFor } from './helpers';
import { CLAMP_BODIES, CLAMP_TEXT } from './clampFixture';
import { PanelProbe } from './panelProbe';

async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/v1`;
}

const SUB = 'import os\n\n\ndef sub(a, b):\n    """Subtract b from a."""\n    ';

describe('errors a user sees', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ defaultText: 'return a - b\n' });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('before a backend is chosen, the first error names the default preset and offers Select Backend', async () => {
    const api = await passk();
    await setSettings({ 'backend.preset': undefined, 'backend.baseUrl': undefined, 'backend.model': undefined, 'backend.api': undefined, enabled: true });
    await openPython('first_run.py', SUB);
    const notified = api.notifiedErrors();
    await vscode.commands.executeCommand('passk.trigger');
    await waitFor(() => api.notifiedErrors() > notified, 'the error notification', 20000);
    assert.match(api.lastErrorNotification() ?? '', /No backend chosen yet, so Passk used the default Ollama preset \(http:\/\/127\.0\.0\.1:11434\/v1\)/);
  });

  it('commands always show their error, automatic completions once; the error state stands until a request succeeds', async () => {
    const api = await passk();
    await useServer(await deadUrl(), { 'docstring.n': 1 });
    const editor = await openPython('server_down.py', SUB);
    const before = api.notifiedErrors();
    // typing triggers automatic completions (the first keystroke after opening may not: type until one ran)
    for (const ch of ['r', 'e', 't']) {
      await vscode.commands.executeCommand('type', { text: ch });
      const failed = await waitFor(() => api.status().state.kind === 'error', 'the error status', 3000).catch(() => false);
      if (failed) {
        break;
      }
    }
    await waitFor(() => api.status().state.kind === 'error', 'the error status');
    await waitFor(() => api.notifiedErrors() === before + 1, 'one notification');
    const state = api.status().state;
    assert.strictEqual(state.kind === 'error' && state.reason, 'cannot connect');

    // the same error from typing again: no second toast
    const typed = api.providerCalls();
    await vscode.commands.executeCommand('type', { text: 'e' });
    await waitFor(() => api.providerCalls() > typed, 'another automatic request');
    await sleep(500);
    assert.strictEqual(api.notifiedErrors(), before + 1);

    // a place with nothing to complete makes no request: the error state stays
    const line0 = new vscode.Position(0, 'import os'.length);
    editor.selection = new vscode.Selection(line0, line0);
    const quiet = api.providerCalls();
    await vscode.commands.executeCommand('type', { text: ' ' });
    await waitFor(() => api.providerCalls() > quiet && api.lastAnswer()?.source === 'pipeline', 'the provider at module level');
    await sleep(300);
    assert.strictEqual(api.status().state.kind, 'error', 'still in the error state');
    assert.match(api.status().tooltip, /stays until a request succeeds/);
    await screenshot('error-state-held');

    // each command the user runs shows its error, although it was shown once already
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    for (const [command, args] of [['passk.trigger', undefined], ['passk.generateDocstring', { existing: 'replace' }], ['passk.showCandidates', undefined]] as const) {
      const shown = api.notifiedErrors();
      await vscode.commands.executeCommand(command, args);
      await waitFor(() => api.notifiedErrors() === shown + 1, `the error toast of ${command}`, 20000);
    }

    // a working server in the settings does not clear the error by itself; its first answer does
    await useServer(server.url);
    await sleep(200);
    assert.strictEqual(api.status().state.kind, 'error');
    const answered = server.count('completions');
    await vscode.commands.executeCommand('passk.showCandidates');
    await waitFor(() => server.count('completions') > answered, 'a request to the working server');
    await waitFor(() => api.status().state.kind === 'idle', `the error state to end after a successful request (${JSON.stringify(api.status().state)})`);
    api.candidatesPanel().close();
  });
});

describe('Select Backend and Test Backend', () => {
  const servers: TestServer[] = [];
  const start = async (options: Parameters<typeof startTestServer>[0]): Promise<TestServer> => {
    const s = await startTestServer({ defaultText: 'return a - b\n', ...options });
    servers.push(s);
    return s;
  };
  after(async () => {
    const config = vscode.workspace.getConfiguration('passk');
    for (const key of ['backend.preset', 'backend.baseUrl', 'backend.model', 'backend.api']) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await closeAll();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('asks for the model from the server’s list, writes the chosen scope and says the verdict', async () => {
    const api = await passk();
    const server = await start({ models: ['test-model', 'other-model'] });
    await openPython('backend_flow.py', SUB);
    const running = vscode.commands.executeCommand<BackendFlowOutcome | undefined>('passk.selectBackend', {
      preset: 'custom',
      baseUrl: server.url,
      scope: 'workspace',
    });
    await waitFor(() => server.requests.some((r) => r.endpoint === 'models'), 'the flow to ask the server for its models');
    await sleep(800); // the quick pick opens
    await screenshot('select-backend-models');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const outcome = await running;
    assert.ok(outcome, 'the flow finished');
    assert.deepStrictEqual(outcome.offeredModels, ['test-model', 'other-model']);
    assert.strictEqual(outcome.scope, 'workspace');
    const inspect = (key: string) => vscode.workspace.getConfiguration('passk').inspect(key);
    assert.strictEqual(inspect('backend.preset')?.workspaceValue, 'custom');
    assert.strictEqual(inspect('backend.baseUrl')?.workspaceValue, server.url);
    assert.strictEqual(inspect('backend.model')?.workspaceValue, 'test-model');
    const v = outcome.verdict;
    assert.deepStrictEqual([v.ok, v.reachable, v.modelKnown, v.logprobs, v.samplesPerRequest], [true, true, true, true, 2]);
    assert.match(outcome.message, /^Passk: Custom \(workspace settings\) works\. .*answered\. Model "test-model" is listed by the server\. Log-probabilities: returned/);
    assert.strictEqual(server.count('completions'), 1, 'one sampling request for the test');
    await sleep(600);
    await screenshot('backend-verdict', { keepNotifications: true });
    assert.strictEqual(api.status().state.kind === 'error', false);
  });

  it('Test Backend on a server without log-probs, and on one that caps n', async () => {
    const noLogprobs = await start({ logprobs: 'reject' });
    await setWorkspaceBackend(noLogprobs.url);
    const a = await vscode.commands.executeCommand<{ verdict: ConnectionVerdict; message: string }>('passk.testBackend');
    assert.strictEqual(a.verdict.ok, true);
    assert.strictEqual(a.verdict.logprobs, false);
    assert.match(a.message, /works, with limits\. .*Log-probabilities: not returned\. Samples are unscored/);
    await sleep(600);
    await screenshot('backend-verdict-no-logprobs', { keepNotifications: true });

    const capped = await start({ maxN: 1 });
    await setWorkspaceBackend(capped.url);
    const b = await vscode.commands.executeCommand<{ verdict: ConnectionVerdict; message: string }>('passk.testBackend');
    assert.strictEqual(b.verdict.samplesPerRequest, 1);
    assert.strictEqual(b.verdict.logprobs, true);
    assert.match(b.message, /n: asked for 2 samples in one request and got 1\. Passk asks for the rest in parallel requests/);

    const dead = await deadUrl();
    await setWorkspaceBackend(dead);
    const c = await vscode.commands.executeCommand<{ verdict: ConnectionVerdict; message: string }>('passk.testBackend');
    assert.strictEqual(c.verdict.reachable, false);
    assert.match(c.message, /does not work yet\. Cannot connect to/);
  });
});

async function setWorkspaceBackend(url: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('passk');
  await config.update('backend.preset', 'custom', vscode.ConfigurationTarget.Workspace);
  await config.update('backend.baseUrl', url, vscode.ConfigurationTarget.Workspace);
  await config.update('backend.model', 'test-model', vscode.ConfigurationTarget.Workspace);
  await sleep(100);
}

describe('the badge and the panel follow what is shown', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ responder: () => ({ choices: CLAMP_BODIES }) });
    await useServer(server.url, { 'sampling.n': 4, 'ranking.mode': 'auto' });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('the status badge and its tooltip describe the suggestion shown, and follow Alt+] / Alt+[', async () => {
    const api = await passk();
    await openPython('badge.py', CLAMP_TEXT);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) === 4, 'four suggestions', 30000);
    await waitFor(() => /#1\/4/.test(api.status().text), 'the badge on the first suggestion');
    assert.match(api.status().text, /Passk #1\/4 · 2\/2 examples$/);
    assert.match(api.status().tooltip, /Suggestion #1 of 4.*\n\n- Docstring examples: 2 of 2 give the expected output\./);
    await vscode.commands.executeCommand('passk.showNext');
    await vscode.commands.executeCommand('passk.showNext');
    await waitFor(() => /#3\/4/.test(api.status().text), 'the badge on the third suggestion');
    assert.match(api.status().text, /Passk #3\/4 · 1\/2 examples$/);
    assert.match(api.status().tooltip, /Docstring examples: 1 of 2 give the expected output/);
    await sleep(300);
    await screenshot('badge-after-cycling');
    await vscode.commands.executeCommand('passk.showPrevious');
    await waitFor(() => /#2\/4/.test(api.status().text), 'the badge back on the second');
  });

  it('after accepting, Show Candidates shows the ranking the accepted sample came from, with the legend', async () => {
    const api = await passk();
    const editor = await openPython('accepted.py', CLAMP_TEXT);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) === 4, 'four suggestions', 30000);
    const top = api.lastAnswer()!.texts[0]!;
    const end = Date.now() + 8000;
    while (!editor.document.getText().endsWith(top) && Date.now() < end) {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      await sleep(150);
    }
    assert.ok(editor.document.getText().endsWith(top), 'the top suggestion was accepted');
    const panel = api.candidatesPanel();
    const probe = new PanelProbe(panel);
    const data = await vscode.commands.executeCommand<CandidatesData | undefined>('passk.showCandidates');
    const last = api.lastAnswer();
    assert.ok(data, `Show Candidates found something to show (last answer: ${last?.source}, ${JSON.stringify(last?.result?.context.decision)}, fn ${last?.result?.context.fn?.name}, ${last?.result?.ranked.length} ranked, ${last?.result?.samples.length} samples)`);
    assert.ok(data.kept, 'the kept ranking');
    const rendered = await probe.whenRendered();
    probe.dispose();
    const model = panel.currentModel!;
    assert.strictEqual(rendered.indices.length, 4, 'every sample of the kept ranking is listed');
    assert.match(model.notice ?? '', /^You accepted #1; the function has its body now/);
    assert.strictEqual(model.canInsert, false);
    assert.deepStrictEqual(model.legend.map((l) => l.term).slice(0, 3), ['#1, #2, …', 'mean log-prob', 'examples']);
    await screenshot('candidates-panel-legend');
    panel.close();
  });
});

describe('snooze and passk.disabledFor', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ defaultText: 'return a - b\n' });
    await useServer(server.url);
  });
  after(async () => {
    await vscode.commands.executeCommand('passk.snooze', 0);
    await setSettings({ disabledFor: undefined });
    await closeAll();
    await server.close();
  });

  it('a snooze pauses every completion until resumed', async () => {
    const api = await passk();
    await openPython('snooze.py', SUB);
    await vscode.commands.executeCommand('passk.snooze', 15);
    await waitFor(() => api.status().state.kind === 'snoozed', 'the snoozed status');
    assert.match(api.status().text, /snoozed until \d\d:\d\d/);
    assert.ok(api.menu().some((e) => e.label.includes('Resume Completions')));
    const requests = server.count('completions');
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('type', { text: 'r' });
    await waitFor(() => api.providerCalls() > calls, 'the provider to be asked');
    await sleep(400);
    assert.strictEqual(server.count('completions'), requests, 'no request while snoozed');
    await vscode.commands.executeCommand('passk.snooze', 0);
    await waitFor(() => api.status().state.kind !== 'snoozed', 'the snooze to end');
    await vscode.commands.executeCommand('passk.trigger');
    await waitFor(() => server.count('completions') > requests, 'a request after resuming');
  });

  it('a passk.disabledFor glob turns Passk off for matching files only', async () => {
    const api = await passk();
    await setSettings({ disabledFor: ['skip_*.py'] });
    await openPython('skip_me.py', SUB);
    await waitFor(() => api.status().state.kind === 'disabled', 'the disabled status');
    const state = api.status().state;
    assert.ok(state.kind === 'disabled' && state.scope === 'glob' && state.pattern === 'skip_*.py', JSON.stringify(state));
    const requests = server.count('completions');
    await vscode.commands.executeCommand('passk.trigger');
    await sleep(500);
    assert.strictEqual(server.count('completions'), requests, 'no request in a matching file');
    await openPython('keep_me.py', SUB);
    await waitFor(() => api.status().state.kind !== 'disabled', 'Passk on again in another file');
  });
});
