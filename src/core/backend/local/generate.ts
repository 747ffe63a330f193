/**
 * n samples on n context sequences: sampled with the caller's temperature/top-p and one seed per
 * sample, cut at stop sequences and max tokens, stopped by the AbortSignal between tokens.
 *
 * Reproducibility: llama.cpp's logits change in the last bits with the composition of the batch they
 * were computed in, and at high temperature that is enough to flip a sampled token. So the sequences
 * advance in lockstep (every step's batch holds exactly the still-running sequences, in order), and
 * the same seed gives the same samples.
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

/** A sample with the ids of its tokens (`tokenIds[i]` is `sample.tokens[i]`). */
export interface GeneratedSample {
  sample: Sample;
  tokenIds: Token[];
}

/** What one generation step reports (confidence when greedy, the sampled distribution otherwise). */
interface Step {
  token: Token;
  confidence?: number;
  probabilities?: Map<Token, number>;
}

/** Generates one sample on `seq` (which must be empty). */
export async function generateSample(
  model: LlamaModel,
  seq: LlamaContextSequence,
  prompt: readonly Token[],
  o: GenerateOptions,
  index: number,
): Promise<GeneratedSample> {
  const [one] = await generateSamples(model, [seq], prompt, [o], index);
  return one!;
}

/** Generates `seqs.length` samples in lockstep, sample i on `seqs[i]` with `opts[i]`; indexes start at `firstIndex`. */
export async function generateSamples(
  model: LlamaModel,
  seqs: readonly LlamaContextSequence[],
  prompt: readonly Token[],
  opts: readonly GenerateOptions[],
  firstIndex = 0,
): Promise<GeneratedSample[]> {
  const runs = seqs.map((seq, i) => new SampleRun(model, seq, prompt, opts[i]!));
  let running = runs;
  while (running.length > 0) {
    await Promise.all(running.map((r) => r.step()));
    running = running.filter((r) => r.finishReason === undefined);
  }
  return Promise.all(runs.map((r, i) => r.result(firstIndex + i)));
}

/** One sample being generated, one token per `step()`. */
class SampleRun {
  finishReason?: Sample['finishReason'];
  private readonly builder: TokenTextBuilder;
  private readonly greedy: boolean;
  private readonly steps: AsyncGenerator<unknown, void, void | Token | Token[]>;
  private checked = 0;

  constructor(
    model: LlamaModel,
    private readonly seq: LlamaContextSequence,
    private readonly prompt: readonly Token[],
    private readonly o: GenerateOptions,
  ) {
    this.greedy = o.temperature <= 0;
    this.builder = new TokenTextBuilder((tokens, last) => model.detokenize(tokens as Token[], false, last as Token[]), prompt.slice(-8));
    const options = this.greedy ? { temperature: 0 } : { temperature: o.temperature, topK: o.topK, topP: o.topP, seed: o.seed };
    const metadata = this.greedy ? ({ confidence: true } as const) : ({ probabilities: true } as const);
    this.steps = seq.evaluateWithMetadata([...prompt], metadata, options);
  }

  /** Samples the next token; sets `finishReason` when this sample is done. */
  async step(): Promise<void> {
    this.finishReason = this.o.maxTokens <= 0 ? 'length' : await this.nextToken();
    if (this.finishReason !== undefined) {
      await this.steps.return();
    }
  }

  private async nextToken(): Promise<Sample['finishReason'] | undefined> {
    const next = await this.steps.next();
    if (next.done) {
      return 'stop'; // end-of-generation token
    }
    const step = next.value as Step;
    this.builder.push(step.token, this.greedy ? Math.log(step.confidence ?? NaN) : logRatio(step, this.o.temperature));
    if (this.o.signal?.aborted) {
      return 'cancelled';
    }
    const text = this.builder.text;
    if (findStop(text, this.o.stop, this.checked) >= 0) {
      return 'stop';
    }
    this.checked = text.length;
    return this.builder.tokenIds.length >= this.o.maxTokens ? 'length' : undefined;
  }

  /** The finished sample: cut at the first stop sequence, log-probs made raw. */
  async result(index: number): Promise<GeneratedSample> {
    this.builder.finish();
    const ids = [...this.builder.tokenIds] as Token[];
    const finishReason = this.finishReason ?? 'unknown';
    if (finishReason === 'cancelled') {
      // Not rescored: nobody ranks a cancelled sample.
      return { sample: { text: this.builder.text, tokens: undefined, finishReason, index }, tokenIds: ids };
    }
    let text = this.builder.text;
    let tokens = this.builder.tokens;
    const stopAt = findStop(text, this.o.stop);
    if (stopAt >= 0) {
      text = text.slice(0, stopAt);
      tokens = cutTokens(tokens, stopAt);
    }
    if (!this.greedy && tokens.length > 0) {
      const rawTop = await rawArgmaxLogprobs(this.seq, this.prompt, ids, tokens.length);
      tokens = tokens.map((t, i) => ({ ...t, logprob: Math.min(0, t.logprob + (rawTop[i] ?? NaN)) }));
    }
    const sample: Sample = { text, tokens, finishReason: stopAt >= 0 ? 'stop' : finishReason, index };
    return { sample, tokenIds: ids.slice(0, tokens.length) };
  }
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
  const greedyNext = { generateNext: { confidence: true, token: true, options: { temperature: 0 } } };
  const inputs = [last, ...generated.slice(0, count - 1)].map((token) => [token, greedyNext] as [Token, typeof greedyNext]);
  const out = await seq.controlledEvaluate(inputs);
  return inputs.map((_, i) => Math.log(out[i]?.next.confidence ?? NaN));
}
