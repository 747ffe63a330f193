/**
 * One sample on one context sequence: sampled with the caller's temperature/top-p/seed, cut at stop
 * sequences and max tokens, stopped by the AbortSignal between tokens.
 *
 * Raw log-probs: node-llama-cpp reports a token's probability *after* the sampling options
 * (temperature, top-k, top-p). Ranking wants the model's own probability, so each step keeps
 * r = (ln P(t) − ln P(m)) / T from the sampled distribution (t the sampled token, m the most likely;
 * the ratio survives truncation and renormalisation, and dividing by T undoes the temperature), and a
 * second, batched pass over the same tokens with a greedy sampler gives ln p(m) raw. Then
 * ln p(t) = ln p(m) + r exactly. Greedy sampling (T = 0) reads the raw probability directly.
 * Reading the full raw distribution per token instead costs ~60 ms/token for a 32k vocabulary.
 */
import type { Sample } from '../../types';
import { findStop } from './stops';
import { TokenTextBuilder, cutTokens } from './tokenText';
import type { LlamaContextSequence, LlamaModel, Token } from './runtime';

/** Sampling settings for one sequence. */
export interface GenerateOptions {
  temperature: number;
  topP: number;
  /** Candidates kept before top-p (llama.cpp's default 40). */
  topK: number;
  maxTokens: number;
  seed: number;
  stop: readonly string[];
  signal?: AbortSignal;
}

/** Generates one sample on `seq` (which must be empty) and returns it with raw log-probs. */
export async function generateSample(
  model: LlamaModel,
  seq: LlamaContextSequence,
  prompt: readonly Token[],
  o: GenerateOptions,
  index: number,
): Promise<Sample> {
  const greedy = o.temperature <= 0;
  const builder = new TokenTextBuilder((tokens, last) => model.detokenize(tokens as Token[], false, last as Token[]), prompt.slice(-8));
  const finishReason = await sampleTokens(seq, prompt, o, builder, greedy);
  builder.finish();
  let text = builder.text;
  let tokens = builder.tokens;
  const stopAt = findStop(text, o.stop);
  if (stopAt >= 0) {
    text = text.slice(0, stopAt);
    tokens = cutTokens(tokens, stopAt);
  }
  if (!greedy && tokens.length > 0) {
    const rawTop = await rawArgmaxLogprobs(seq, prompt, builder.tokenIds as Token[], tokens.length);
    tokens = tokens.map((t, i) => ({ ...t, logprob: t.logprob + (rawTop[i] ?? NaN) }));
  }
  return { text, tokens, finishReason: stopAt >= 0 ? 'stop' : finishReason, index };
}

async function sampleTokens(
  seq: LlamaContextSequence,
  prompt: readonly Token[],
  o: GenerateOptions,
  builder: TokenTextBuilder,
  greedy: boolean,
): Promise<Sample['finishReason']> {
  if (o.maxTokens <= 0) {
    return 'length';
  }
  const options = greedy
    ? { temperature: 0 }
    : { temperature: o.temperature, topK: o.topK, topP: o.topP, seed: o.seed };
  const metadata = greedy ? ({ confidence: true } as const) : ({ probabilities: true } as const);
  let checked = 0;
  for await (const out of seq.evaluateWithMetadata([...prompt], metadata, options)) {
    const step = out as Step;
    builder.push(step.token, greedy ? Math.log(confidenceOf(step)) : logRatio(step, o.temperature));
    if (o.signal?.aborted) {
      return 'cancelled';
    }
    const text = builder.text;
    if (findStop(text, o.stop, checked) >= 0) {
      return 'stop';
    }
    checked = text.length;
    if (builder.tokenIds.length >= o.maxTokens) {
      return 'length';
    }
  }
  return 'stop'; // end-of-generation token
}

/** What one generation step reports (confidence when greedy, the sampled distribution otherwise). */
interface Step {
  token: Token;
  confidence?: number;
  probabilities?: Map<Token, number>;
}

function confidenceOf(step: Step): number {
  return step.confidence ?? NaN;
}

/** (ln P(t) − ln P(argmax)) / T from the sampled distribution (sorted, most likely first). */
function logRatio(step: Step, temperature: number): number {
  const probs = step.probabilities;
  const top = probs?.values().next().value;
  const chosen = probs?.get(step.token);
  if (top === undefined || chosen === undefined) {
    return NaN;
  }
  return (Math.log(chosen) - Math.log(top)) / temperature;
}

/**
 * Raw ln p of the most likely next token at each of the first `count` generated positions: the
 * sequence is rewound to the prompt's last token and the generated tokens are evaluated again in one
 * batch with a greedy sampler (whose confidence is the unmodified softmax).
 */
async function rawArgmaxLogprobs(
  seq: LlamaContextSequence,
  prompt: readonly Token[],
  generated: readonly Token[],
  count: number,
): Promise<number[]> {
  const last = prompt[prompt.length - 1];
  if (last === undefined) {
    return [];
  }
  await seq.eraseContextTokenRanges([{ start: prompt.length - 1, end: seq.nextTokenIndex }]);
  const inputs = [last, ...generated.slice(0, count - 1)].map(
    (token) => [token, { generateNext: { confidence: true, token: true, options: { temperature: 0 } } }] as [Token, object],
  );
  const out = await seq.controlledEvaluate(inputs);
  return inputs.map((_, i) => Math.log(out[i]?.next.confidence ?? NaN));
}
