/** Test helper: split a text into model-like tokens with distinct log-probs. */
import type { Sample, TokenLogprob } from '../../../src/core/types';

/** Tokens of words, runs of spaces/tabs, and single newlines; logprob -(i+1)/100 for the i-th. */
export function tokenize(text: string): TokenLogprob[] {
  const out: TokenLogprob[] = [];
  const re = /\r?\n|[ \t]+|\w+|[^\w\s]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: m[0], offset: m.index, logprob: -(out.length + 1) / 100 });
  }
  return out;
}

/** A sample with tokens that tile its text. */
export function sampleOf(text: string, index = 0): Sample {
  return { text, tokens: tokenize(text), finishReason: 'stop', index };
}

/** Asserts-friendly check: tokens in order, inside the text, and spelling it exactly. */
export function tilingError(sample: Sample): string | undefined {
  let at = 0;
  for (const t of sample.tokens ?? []) {
    if (t.offset !== at) {
      return `token ${JSON.stringify(t.text)} at ${t.offset}, expected ${at}`;
    }
    if (sample.text.slice(at, at + t.text.length) !== t.text) {
      return `token ${JSON.stringify(t.text)} does not match text at ${at}`;
    }
    at += t.text.length;
  }
  return at === sample.text.length ? undefined : `tokens cover ${at} of ${sample.text.length} chars`;
}
