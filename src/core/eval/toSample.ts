import type { Sample, TokenLogprob } from '../types';
import type { EvalSample } from './samples';

/**
 * Turns a samples-file entry into the pipeline's `Sample`. Token texts that spell the completion become
 * aligned tokens, so post-processing keeps exactly the kept tokens' scores. Bare log-prob numbers (no
 * texts) or a lone `mean_logprob` cannot be aligned: they become zero-width tokens at offset 0 that every
 * cut keeps, so the score covers the whole raw completion.
 */
export function toSample(s: EvalSample): Sample {
  return { text: s.completion, tokens: tokensOf(s), finishReason: 'unknown', index: s.index };
}

function tokensOf(s: EvalSample): TokenLogprob[] | undefined {
  if (s.logprobs && s.tokens && s.tokens.length === s.logprobs.length) {
    const aligned = align(s.completion, s.tokens, s.logprobs);
    if (aligned) {
      return aligned;
    }
  }
  if (s.logprobs && s.logprobs.length > 0) {
    return s.logprobs.map((logprob) => ({ text: '', offset: 0, logprob }));
  }
  if (s.meanLogprob !== undefined) {
    return [{ text: '', offset: 0, logprob: s.meanLogprob }];
  }
  return undefined;
}

/** Tokens with offsets when their texts spell the completion (extra tokens past its end are dropped). */
function align(completion: string, texts: string[], logprobs: number[]): TokenLogprob[] | undefined {
  const out: TokenLogprob[] = [];
  let at = 0;
  for (const [i, text] of texts.entries()) {
    if (at >= completion.length) {
      break;
    }
    const kept = text.slice(0, completion.length - at);
    if (completion.slice(at, at + kept.length) !== kept) {
      return undefined;
    }
    out.push({ text: kept, offset: at, logprob: logprobs[i] ?? 0 });
    at += kept.length;
  }
  return at === completion.length ? out : undefined;
}
