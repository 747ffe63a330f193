import * as assert from 'assert';
import { generateSamples, type GenerateOptions } from '../../../src/core/backend/local/generate';
import { findFimTokens, promptTokens } from '../../../src/core/backend/local/promptTokens';
import type { LlamaModel, Token } from '../../../src/core/backend/local/runtime';
import { TokenTextBuilder } from '../../../src/core/backend/local/tokenText';
import { loadTinyModel, SPREAD_PROMPT } from './helpers';

describe('local provider with the real tokenizer and engine', function () {
  this.timeout(120_000);
  let model: LlamaModel;

  before(async () => {
    model = await loadTinyModel();
  });

  it('decodes UTF-8 split across DeepSeek-Coder tokens', () => {
    const text = 'héllo 世界 😀 ok';
    const ids = model.tokenize(text, false);
    const single = ids.map((id) => model.detokenize([id]));
    assert.ok(single.some((s) => s.includes('\uFFFD')), 'some token is not valid UTF-8 on its own');
    const b = new TokenTextBuilder((t, last) => model.detokenize(t as Token[], false, last as Token[]));
    ids.forEach((id) => b.push(id, 0));
    b.finish();
    assert.strictEqual(b.text, text);
    assert.strictEqual(b.tokens.map((t) => t.text).join(''), text);
    assert.ok(!b.tokens.some((t) => t.text.includes('\uFFFD')));
  });

  it('finds the FIM tokens in the vocabulary and builds prefix-hole-suffix-end', () => {
    const fim = findFimTokens(model)!;
    assert.deepStrictEqual(fim, { prefix: 32016, suffix: 32015, middle: 32017 });
    const fromParts = promptTokens(model, { kind: 'fim', text: 'a = ', suffix: '\nb = 2', stop: [] });
    const wrapped = promptTokens(model, { kind: 'fim', text: '<｜fim▁begin｜>a = <｜fim▁hole｜>\nb = 2<｜fim▁end｜>', stop: [], template: 'deepseek' });
    assert.deepStrictEqual(fromParts, wrapped);
    assert.strictEqual(fromParts.filter((t) => t === 32016 || t === 32015 || t === 32017).length, 3);
  });

  it('stops within a token of the signal firing', async () => {
    const controller = new AbortController();
    let decoded = 0;
    // Fire the signal as the 5th generated token is decoded (the builder decodes once per token).
    const watched = new Proxy(model, {
      get(target, key) {
        if (key === 'detokenize') {
          return (...args: Parameters<LlamaModel['detokenize']>) => {
            if (++decoded === 5) {
              controller.abort();
            }
            return target.detokenize(...args);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const context = await model.createContext({ sequences: 2, contextSize: 2048, threads: 1 });
    try {
      const seqs = [context.getSequence(), context.getSequence()];
      const o: GenerateOptions = { temperature: 4, topP: 1, topK: 40, maxTokens: 1000, seed: 1, stop: [], signal: controller.signal };
      const prompt = promptTokens(model, { kind: 'codex', text: SPREAD_PROMPT, stop: [] });
      const out = await generateSamples(watched, seqs, prompt, [o, { ...o, seed: 2 }]);
      assert.deepStrictEqual(out.map((g) => g.sample.finishReason), ['cancelled', 'cancelled']);
      out.forEach((g) => assert.ok(g.tokenIds.length <= 4, `${g.tokenIds.length} tokens after the signal fired at the 5th decode`));
      assert.strictEqual(out[0]!.sample.tokens, undefined);
    } finally {
      await context.dispose();
    }
  });
});
