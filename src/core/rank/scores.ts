import type { Sample } from '../types';

/** Log-probs of the tokens that lie inside the sample's kept text (post-processing may have cut it). */
function keptLogprobs(sample: Sample): number[] | undefined {
  const kept = sample.tokens?.filter((t) => t.offset < sample.text.length && Number.isFinite(t.logprob));
  return kept && kept.length > 0 ? kept.map((t) => t.logprob) : undefined;
}

/**
 * Mean log-probability of the kept tokens: the Codex paper's best pick without tests.
 * Undefined for an unscored sample (no log-probs).
 */
export function meanLogprob(sample: Sample): number | undefined {
  const lps = keptLogprobs(sample);
  return lps ? lps.reduce((a, b) => a + b, 0) / lps.length : undefined;
}

/** Sum of the kept tokens' log-probabilities (favours short samples; for comparison only). */
export function sumLogprob(sample: Sample): number | undefined {
  const lps = keptLogprobs(sample);
  return lps ? lps.reduce((a, b) => a + b, 0) : undefined;
}

/** Compares two optional scores, higher first, unscored after scored. */
export function byScoreDesc(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) {
    return a === undefined ? (b === undefined ? 0 : 1) : -1;
  }
  return b - a;
}
