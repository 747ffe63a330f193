import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createBackend, isCancelled, type SampleOptions } from '../../../src/core/backend';
import { createLocalBackend, LocalBackendError, type LocalBackend } from '../../../src/core/backend/local';
import type { Prompt, Sample } from '../../../src/core/types';
import { localConfig, SPREAD_PROMPT, TINY_MODEL } from './helpers';

const PROMPT: Prompt = { kind: 'codex', text: SPREAD_PROMPT, stop: [] };
/** High temperature: the tiny model's noise only diverges between seeds when sampled hot. */
const HOT: SampleOptions = { n: 4, temperature: 4, topP: 1, maxTokens: 24, seed: 11 };

function withoutLogprobs(samples: Sample[]): unknown {
  return samples.map((s) => ({ ...s, tokens: s.tokens?.map((t) => ({ text: t.text, offset: t.offset })) }));
}

function assertAligned(s: Sample): void {
  assert.ok(s.tokens, 'sample has log-probs');
  assert.strictEqual(s.tokens.map((t) => t.text).join(''), s.text);
  let offset = 0;
  for (const t of s.tokens) {
    assert.strictEqual(t.offset, offset);
    assert.ok(Number.isFinite(t.logprob) && t.logprob <= 0, `log-prob ${t.logprob} is a log-probability`);
    offset += t.text.length;
  }
}

describe('local GGUF backend (real tiny model)', function () {
  this.timeout(120_000);
  let backend: LocalBackend;
  const progress: number[] = [];

  before(async () => {
    backend = createLocalBackend(localConfig(TINY_MODEL), { onLoadProgress: (p) => progress.push(p), idleReleaseMs: 0 });
    await backend.preload();
  });
  after(() => backend.release());

  it('reports load progress rising to 1', () => {
    assert.ok(progress.length >= 2);
    assert.strictEqual(progress[progress.length - 1], 1);
    assert.deepStrictEqual([...progress].sort((a, b) => a - b), progress);
  });

  it('returns n distinct samples for n seeds, each with aligned per-token log-probs', async () => {
    const samples = await backend.sample(PROMPT, HOT);
    assert.strictEqual(samples.length, 4);
    assert.deepStrictEqual(samples.map((s) => s.index), [0, 1, 2, 3]);
    assert.strictEqual(new Set(samples.map((s) => s.text)).size, 4, JSON.stringify(samples.map((s) => s.text)));
    samples.forEach(assertAligned);
  });

  it('gives the same samples for the same seed, and different ones for another seed', async () => {
    const a = await backend.sample(PROMPT, HOT);
    const b = await backend.sample(PROMPT, HOT);
    const c = await backend.sample(PROMPT, { ...HOT, seed: 12 });
    // Same text and tokens; log-probs agree to float rounding (batches of other sequences change the sums' order).
    assert.deepStrictEqual(withoutLogprobs(b), withoutLogprobs(a));
    b.forEach((s, i) => s.tokens!.forEach((t, j) => assert.ok(Math.abs(t.logprob - a[i]!.tokens![j]!.logprob) < 1e-4)));
    assert.notDeepStrictEqual(c.map((s) => s.text), a.map((s) => s.text));
  });

  it('stops after maxTokens tokens with finish reason length', async () => {
    const [s] = await backend.sample(PROMPT, { ...HOT, n: 1, maxTokens: 7 });
    assert.strictEqual(s?.finishReason, 'length');
    assert.strictEqual(s?.tokens?.length, 7);
  });

  it('cuts at the first stop sequence and keeps the log-probs aligned', async () => {
    const [free] = await backend.sample(PROMPT, { ...HOT, n: 1, maxTokens: 24 });
    assert.ok(free?.tokens && free.tokens.length > 10);
    const stopToken = free.tokens[8]!;
    const stop = free.text.slice(stopToken.offset, stopToken.offset + 2);
    const expected = free.text.slice(0, free.text.indexOf(stop));
    const [cut] = await backend.sample({ ...PROMPT, stop: ['\u0000never', stop] }, { ...HOT, n: 1, maxTokens: 24 });
    assert.strictEqual(cut?.text, expected);
    assert.strictEqual(cut?.finishReason, 'stop');
    assertAligned(cut!);
    assert.deepStrictEqual(
      cut!.tokens!.map((t) => t.logprob),
      free.tokens.slice(0, cut!.tokens!.length).map((t) => t.logprob),
    );
  });

  it('samples greedily at temperature 0 (all n equal)', async () => {
    const samples = await backend.sample(PROMPT, { ...HOT, temperature: 0, n: 3 });
    assert.strictEqual(new Set(samples.map((s) => s.text)).size, 1);
    samples.forEach(assertAligned);
  });

  it('rejects with a cancelled BackendError when the signal fires mid-generation, and works afterwards', async () => {
    const controller = new AbortController();
    const running = backend.sample(PROMPT, { ...HOT, maxTokens: 2000 }, controller.signal);
    setImmediate(() => controller.abort());
    await assert.rejects(running, (e: unknown) => e instanceof LocalBackendError && e.kind === 'cancelled' && isCancelled(e));
    const after = await backend.sample(PROMPT, { ...HOT, n: 2, maxTokens: 4 });
    assert.strictEqual(after.length, 2);
  });

  it('rejects at once when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(backend.sample(PROMPT, HOT, controller.signal), (e: unknown) => isCancelled(e));
  });

  it('fills in the middle with the DeepSeek FIM tokens of the model', async () => {
    const fim: Prompt = { kind: 'fim', text: 'def f(x):\n    ', suffix: '\n    return y\n', stop: [], template: 'deepseek' };
    const samples = await backend.sample(fim, { ...HOT, n: 2, maxTokens: 6 });
    assert.strictEqual(samples.length, 2);
    samples.forEach(assertAligned);
  });

  it("uses the model's own FIM tokens when the prompt's template is another family's", async () => {
    const qwen: Prompt = {
      kind: 'fim',
      text: '<|fim_prefix|>def f(x):\n    <|fim_suffix|>\n    return y\n<|fim_middle|>',
      prefix: 'def f(x):\n    ',
      suffix: '\n    return y\n',
      stop: [],
      template: 'qwen',
    };
    const deepseek: Prompt = { ...qwen, text: '<｜fim▁begin｜>def f(x):\n    <｜fim▁hole｜>\n    return y\n<｜fim▁end｜>', template: 'deepseek' };
    const opts = { ...HOT, n: 2, maxTokens: 6 };
    assert.deepStrictEqual(await backend.sample(qwen, opts), await backend.sample(deepseek, opts));
  });

  it('refuses a FIM prompt in foreign tokens when it has no bare prefix to rewrap', async () => {
    const fim: Prompt = { kind: 'fim', text: '<|fim_prefix|>def f(x):<|fim_suffix|>\n<|fim_middle|>', stop: [], template: 'qwen' };
    await assert.rejects(
      backend.sample(fim, HOT),
      (e: unknown) => e instanceof LocalBackendError && e.reason === 'fimUnsupported' && /<\|fim_prefix\|>/.test(e.message),
    );
  });
});

describe('local GGUF backend: bad model files', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-local-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function failure(modelPath: string | undefined, memoryBytes?: number): Promise<LocalBackendError> {
    const backend = createLocalBackend(localConfig(modelPath), { memoryBytes });
    try {
      await backend.sample(PROMPT, HOT);
    } catch (e) {
      assert.ok(e instanceof LocalBackendError, String(e));
      return e;
    } finally {
      await backend.release();
    }
    throw new Error('sample did not fail');
  }

  it('names a missing file', async () => {
    const file = path.join(dir, 'nope.gguf');
    const e = await failure(file);
    assert.strictEqual(e.reason, 'missingFile');
    assert.strictEqual(e.kind, 'notFound');
    assert.strictEqual(e.action, 'openSettings');
    assert.ok(e.message.includes(file));
  });

  it('says when no model is set', async () => {
    const e = await failure(undefined);
    assert.strictEqual(e.reason, 'noModelPath');
  });

  it('says a file that is not GGUF is not GGUF', async () => {
    const file = path.join(dir, 'model.gguf');
    fs.writeFileSync(file, '<html>Not found</html>');
    const e = await failure(file);
    assert.strictEqual(e.reason, 'notGguf');
    assert.match(e.message, /not a GGUF model file/);
  });

  it('says a truncated GGUF file is incomplete or corrupted', async () => {
    const file = path.join(dir, 'truncated.gguf');
    fs.writeFileSync(file, fs.readFileSync(TINY_MODEL).subarray(0, 1_500_000));
    const e = await failure(file);
    assert.strictEqual(e.reason, 'corrupt');
    assert.match(e.message, /incomplete or corrupted/);
  });

  it('says a model larger than memory does not fit', async () => {
    const e = await failure(TINY_MODEL, 1_000_000);
    assert.strictEqual(e.reason, 'tooLarge');
    assert.match(e.message, /larger than this machine's memory/);
  });
});

describe('local GGUF backend: lifetime', function () {
  this.timeout(60_000);

  it('is what createBackend builds for provider local when given the factory', async () => {
    const backend = createBackend(localConfig(TINY_MODEL), { localFactory: createLocalBackend });
    assert.strictEqual(backend.id, `local:${TINY_MODEL}`);
    const [s] = await backend.sample(PROMPT, { ...HOT, n: 1, maxTokens: 3 });
    assert.strictEqual(s?.tokens?.length, 3);
    await (backend as LocalBackend).release();
  });

  it('loads nothing until asked, and releases the model after the idle time', async () => {
    const backend = createLocalBackend(localConfig(TINY_MODEL), { idleReleaseMs: 20 });
    assert.strictEqual(backend.loaded, false);
    await backend.sample(PROMPT, { ...HOT, n: 1, maxTokens: 2 });
    assert.strictEqual(backend.loaded, true);
    for (let i = 0; i < 200 && backend.loaded; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.strictEqual(backend.loaded, false);
    const [again] = await backend.sample(PROMPT, { ...HOT, n: 1, maxTokens: 2 });
    assert.strictEqual(again?.tokens?.length, 2);
    await backend.release();
  });
});
