import * as assert from 'assert';
import { generateSample, type GenerateOptions } from '../../../src/core/backend/local/generate';
import { promptTokens } from '../../../src/core/backend/local/promptTokens';
import type { LlamaContext, LlamaModel, Token } from '../../../src/core/backend/local/runtime';
import { loadTinyModel, SPREAD_PROMPT } from './helpers';

const OPTS: GenerateOptions = { temperature: 1.5, topP: 0.95, topK: 40, maxTokens: 16, seed: 3, stop: [] };

/** ln p(token) under the model's raw distribution at each generated position, read from the full softmax. */
async function rescore(context: LlamaContext, prompt: Token[], generated: Token[]): Promise<number[]> {
  const seq = context.getSequence();
  try {
    const scored = [prompt[prompt.length - 1]!, ...generated.slice(0, -1)].map(
      (t) => [t, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1 } } }] as [Token, object],
    );
    const out = await seq.controlledEvaluate([...prompt.slice(0, -1), ...scored]);
    return generated.map((t, i) => Math.log(out[prompt.length - 1 + i]?.next.probabilities?.get(t) ?? NaN));
  } finally {
    await seq.dispose();
  }
}

/** ln of node-llama-cpp's own `confidence` when sampling with the same options and seed. */
async function samplingConfidences(context: LlamaContext, prompt: Token[], count: number): Promise<{ tokens: Token[]; logConf: number[] }> {
  const seq = context.getSequence();
  const tokens: Token[] = [];
  const logConf: number[] = [];
  try {
    const options = { temperature: OPTS.temperature, topK: OPTS.topK, topP: OPTS.topP, seed: OPTS.seed };
    for await (const step of seq.evaluateWithMetadata(prompt, { confidence: true }, options)) {
      tokens.push(step.token);
      logConf.push(Math.log(step.confidence));
      if (tokens.length >= count) {
        break;
      }
    }
  } finally {
    await seq.dispose();
  }
  return { tokens, logConf };
}

describe('local GGUF backend: raw log-probs (real tiny model)', function () {
  this.timeout(120_000);
  let model: LlamaModel;
  let context: LlamaContext;
  let prompt: Token[];

  before(async () => {
    model = await loadTinyModel();
    context = await model.createContext({ sequences: 1, contextSize: 256, threads: 1 });
    prompt = promptTokens(model, { kind: 'codex', text: SPREAD_PROMPT, stop: [] });
  });
  after(() => context.dispose());

  it('match a rescoring of the same tokens, although sampling was at temperature 1.5 with top-p', async () => {
    const seq = context.getSequence();
    const { sample, tokenIds } = await generateSample(model, seq, prompt, OPTS, 0).finally(() => seq.dispose());
    assert.strictEqual(tokenIds.length, OPTS.maxTokens);
    const rescored = await rescore(context, prompt, tokenIds);
    const reported = sample.tokens!.map((t) => t.logprob);
    reported.forEach((lp, i) => assert.ok(Math.abs(lp - rescored[i]!) < 1e-4, `token ${i}: reported ${lp}, rescored ${rescored[i]}`));

    // The sampler's own confidence (after temperature/top-p) is not the raw probability: the check has teeth.
    const sampled = await samplingConfidences(context, prompt, OPTS.maxTokens);
    assert.deepStrictEqual(sampled.tokens, tokenIds, 'same seed, same tokens');
    const gaps = sampled.logConf.map((lc, i) => Math.abs(lc - rescored[i]!));
    assert.ok(Math.max(...gaps) > 0.05, `confidence equals raw everywhere: ${gaps.join(', ')}`);
  });

  it('are the raw probabilities when sampling greedily', async () => {
    const seq = context.getSequence();
    const { sample, tokenIds } = await generateSample(model, seq, prompt, { ...OPTS, temperature: 0, maxTokens: 6 }, 0).finally(() =>
      seq.dispose(),
    );
    const rescored = await rescore(context, prompt, tokenIds);
    sample.tokens!.forEach((t, i) => assert.ok(Math.abs(t.logprob - rescored[i]!) < 1e-4));
  });
});
