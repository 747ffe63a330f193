import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { closeAll, openPython, passk, screenshot, sleep, useServer, waitFor } from './helpers';
import { CLAMP_BODIES, CLAMP_TEXT } from './clampFixture';
import { PanelProbe } from './panelProbe';

describe('candidates panel and status menu', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ responder: () => ({ choices: CLAMP_BODIES }) });
    await useServer(server.url, { 'sampling.n': 4, 'ranking.mode': 'auto' });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('ranks by the docstring examples in a trusted folder (the sandbox runs them)', async () => {
    const api = await passk();
    assert.strictEqual(api.executionAllowed(), true);
    await openPython('clamp.py', CLAMP_TEXT);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) > 0, 'suggestions', 30000);
    const ranked = api.lastAnswer()!.result!.ranked;
    const top = ranked[0]!;
    assert.strictEqual(top.failed ?? 0, 0, 'the top sample passes every example');
    assert.strictEqual(top.passed, 2);
    assert.ok(ranked.some((r) => (r.failed ?? 0) > 0), 'some samples fail an example');
    await screenshot('ghost-text-doctest');
  });

  it('Show Candidates opens the panel and lists every sample', async () => {
    const api = await passk();
    await openPython('clamp.py', CLAMP_TEXT);
    const panel = api.candidatesPanel();
    const probe = new PanelProbe(panel);
    await vscode.commands.executeCommand('passk.showCandidates');
    const rendered = await probe.whenRendered();
    probe.dispose();
    const ranked = panel.currentModel!.candidates;
    assert.strictEqual(rendered.indices.length, ranked.length);
    assert.ok(ranked.length >= 3, `${ranked.length} distinct samples listed`);
    assert.ok(rendered.exampleRows >= 2 * ranked.length, 'each sample shows its example results');
    await screenshot('candidates-panel');
    panel.close();
  });

  it('clicking the status bar item opens the menu', async () => {
    const api = await passk();
    await openPython('menu.py', CLAMP_TEXT);
    const labels = api.menu().map((e) => e.label);
    for (const want of ['Select Backend', 'Change Ranking', 'Set API Key', 'Show Candidates', 'Show Log', 'for This File']) {
      assert.ok(labels.some((l) => l.includes(want)), `menu has ${want}`);
    }
    void vscode.commands.executeCommand('passk.showMenu');
    await sleep(800);
    await screenshot('status-menu');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
});
