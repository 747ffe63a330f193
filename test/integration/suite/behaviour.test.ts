/**
 * Ranking by behaviour and adaptive rounds, in the real editor against the OpenAI-protocol test server and
 * the real sandbox: the ghost text a user accepts, the candidates panel as the webview drew it (read back
 * through the panel probe), and the status bar during a second round.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type RecordedRequest, type Reply, type TestServer } from '../../server/openaiServer';
import { acceptUntil, closeAll, openPython, passk, screenshot, sleep, useServer, waitFor } from './helpers';
import { PanelProbe } from './panelProbe';

/** No examples in the docstring: only behaviour on generated inputs can tell the samples apart. */
const DOUBLE = 'def double_all(xs: list[int]) -> list[int]:\n    """Return a new list with every number of xs doubled."""\n    ';

/**
 * The backend's first and likeliest sample is wrong; three differently written samples agree (the largest
 * behaviour cluster); a fifth is wrong in its own way. Texts follow the prompt's last line (its indentation).
 */
function doubleBodies(req: RecordedRequest): Reply {
  const indent = req.promptText.endsWith('\n') ? '    ' : '';
  return {
    choices: [
      { text: `${indent}return xs\n`, logprobs: -0.05 },
      { text: `${indent}return [x * 3 for x in xs]\n`, logprobs: -0.3 },
      { text: `${indent}return [x * 2 for x in xs]\n`, logprobs: -0.6 },
      { text: `${indent}return [x + x for x in xs]\n`, logprobs: -0.7 },
      { text: `${indent}return list(map(lambda x: 2 * x, xs))\n`, logprobs: -0.8 },
    ],
  };
}

const CLAMP = 'def clamp(x, lo, hi):\n    """Limit x to the range from lo to hi.\n\n    >>> clamp(5, 0, 3)\n    3\n    >>> clamp(-1, 0, 3)\n    0\n    """\n    ';

describe('behaviour ranking and adaptive rounds in the editor', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ responder: doubleBodies });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });
  afterEach(closeAll);

  it('no examples: the ghost text is the largest behaviour cluster\'s sample, and the panel shows the clusters and inputs', async () => {
    await useServer(server.url, { 'sampling.n': 5, 'ranking.mode': 'auto' });
    server.setResponder(doubleBodies);
    const api = await passk();
    assert.strictEqual(api.executionAllowed(), true);
    const editor = await openPython('double_all.py', DOUBLE);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) > 0, 'suggestions', 30000);
    const ranked = api.lastAnswer()!.result!.ranked;
    assert.strictEqual(ranked[0]!.sample.text.trim(), 'return [x * 2 for x in xs]', ranked.map((r) => r.reasons.join('; ')).join('\n'));
    assert.strictEqual(ranked[0]!.clusterSize, 3);
    assert.notStrictEqual(ranked[0]!.sample.index, 0, 'not the backend\'s first sample');

    await acceptUntil(editor.document, `${DOUBLE}return [x * 2 for x in xs]`);

    // The panel after the accept shows the ranking the ghost text came from.
    const panel = api.candidatesPanel();
    const probe = new PanelProbe(panel);
    await vscode.commands.executeCommand('passk.showCandidates');
    const rendered = await probe.whenRendered();
    probe.dispose();
    const sections = rendered.sections ?? [];
    const clusters = sections.find((s) => s.startsWith('Behaviour clusters'));
    assert.ok(clusters, `a clusters section among: ${sections.map((s) => s.split('\n')[0]).join(', ')}`);
    assert.match(clusters, /\ncluster \d+ \| 3 samples \| #1, #2, #3 \| /, clusters);
    const inputs = sections.find((s) => s.startsWith('Generated inputs'));
    assert.ok(inputs && /\| #1 \| #2 \| #3 \| #4 \| #5/.test(inputs), inputs);
    assert.ok(sections.some((s) => s.startsWith('Why #1 was chosen\ndecided by: ')), sections.join('\n---\n'));
    await screenshot('candidates-panel-clusters');
    panel.close();
  });

  it('rounds: no sample of round 1 passes the examples, so a second batch is drawn (status "round 2/3"); its passing sample is the ghost text', async () => {
    await useServer(server.url, { 'sampling.n': 2, 'ranking.mode': 'auto', 'ranking.rounds': 3 });
    let k = 0;
    server.setResponder(async (req) => {
      const indent = req.promptText.endsWith('\n') ? '    ' : '';
      if (k++ === 0) {
        return { choices: [{ text: `${indent}return max(lo, x)\n`, logprobs: -0.1 }, { text: `${indent}return x\n`, logprobs: -0.2 }] };
      }
      await sleep(1500); // long enough to read the status bar during round 2
      return { choices: [{ text: `${indent}return min(hi, max(lo, x))\n`, logprobs: -0.9 }, { text: `${indent}return x\n`, logprobs: -0.2 }] };
    });
    server.reset();
    const api = await passk();
    const editor = await openPython('clamp_rounds.py', CLAMP);
    const calls = api.providerCalls();
    // Not awaited: the trigger command may wait for the provider's answer, i.e. for both rounds.
    const triggered = vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const status = await waitFor(() => (api.status().text.includes('round 2/3') ? api.status().text : undefined), 'the status bar in round 2', 30000);
    assert.match(status, /Passk: round 2\/3/);
    await triggered;
    await waitFor(() => api.providerCalls() > calls && (api.lastAnswer()?.texts.length ?? 0) > 0, 'suggestions', 30000);
    const result = api.lastAnswer()!.result!;
    assert.strictEqual(result.rounds, 2);
    assert.strictEqual(server.count('completions'), 2, 'round 2 has a passing sample: no third');
    assert.strictEqual(result.ranked[0]!.sample.text.trim(), 'return min(hi, max(lo, x))');
    await acceptUntil(editor.document, `${CLAMP}return min(hi, max(lo, x))`);
  });
});
