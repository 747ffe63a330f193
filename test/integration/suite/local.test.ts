/**
 * The `local` provider in the real VS Code: a GGUF file run in the extension host by node-llama-cpp,
 * with no server anywhere (the base URL points at a closed port). The test model's text is noise, so
 * the test checks where the suggestions come from and that accepting inserts the top one, not what
 * they say.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, acceptUntil, closeAll, openPython, passk, setSettings, waitFor } from './helpers';

// Mid-statement: at the start of a body this random-weights model only writes spaces, which post-processing
// rightly drops; after `x = ` it writes visible (if meaningless) text.
const HEAD = 'def add(a, b):\n    """Add two numbers."""\n    x = ';
const MODEL = 'tiny-deepseekcoder-f16-tied-e32-l1.gguf';
const LOAD_AND_SAMPLE_MS = 90_000; // loading the native runtime and the model takes a few seconds

const LOCAL_KEYS = ['backend.preset', 'backend.baseUrl', 'backend.model', 'backend.api', 'backend.modelPath', 'sampling.n', 'sampling.maxTokens'];

describe('local GGUF provider in a real VS Code', function () {
  this.timeout(LOAD_AND_SAMPLE_MS + 30_000);

  before(async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    await setSettings({
      'backend.preset': 'custom',
      'backend.baseUrl': 'http://127.0.0.1:9/v1', // closed: only the in-process model can answer
      'backend.model': '',
      'backend.api': 'local',
      'backend.modelPath': path.join(extensionPath, 'test', 'fixtures', 'models', MODEL),
      'sampling.n': 2,
      'sampling.maxTokens': 16,
      'ranking.mode': 'meanLogprob',
      'inline.debounceMs': 50,
      'inline.adaptiveDebounce': false,
      enabled: true,
    });
  });
  after(async () => {
    await closeAll();
    await setSettings(Object.fromEntries(LOCAL_KEYS.map((k) => [k, undefined]))); // later suites set their own server
  });

  it('completes a function from the GGUF model; accepting inserts exactly the top item', async () => {
    const api = await passk();
    const errorsBefore = api.notifiedErrors();
    const editor = await openPython('local_model.py', HEAD);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const answer = await waitFor(
      () => {
        const a = api.lastAnswer();
        return api.providerCalls() > calls && a?.source === 'pipeline' && a.texts.length > 0 ? a : undefined;
      },
      'suggestions from the local model',
      LOAD_AND_SAMPLE_MS,
    );
    assert.strictEqual(api.notifiedErrors(), errorsBefore, 'no error was reported');
    const result = answer.result;
    assert.ok(result, 'the answer carries the pipeline result');
    assert.ok(result.samples.length >= 1 && result.samples.length <= 2, `n=2 samples, got ${result.samples.length}`);
    for (const s of result.samples) {
      assert.ok(s.tokens && s.tokens.length > 0, 'the local model gives per-token log-probs');
      assert.ok(s.tokens.length <= 16, 'maxTokens=16 holds');
    }
    assert.ok(answer.texts.every((t) => t.trim().length > 0), 'every suggestion is non-empty');
    assert.deepStrictEqual(answer.texts, result.ranked.map((r) => r.sample.text), 'the items are the ranked samples, best first');
    const means = result.ranked.map((r) => r.meanLogprob ?? Number.NaN);
    assert.ok(means.every((m, i) => Number.isFinite(m) && (i === 0 || m <= means[i - 1]!)), `ranked by mean log-prob: ${means.join(', ')}`);
    await acceptUntil(editor.document, `${HEAD}${answer.texts[0]}`, 15_000);
  });
});
