/** CodeT's dual execution agreement: consensus sets of samples passing the same model-written tests. */
import { byDualScore, byMean, testsDecided } from './order';
import type { Ranker } from './ranker';

/** Best consensus set first (tests passed × √samples), then mean log-prob. */
export const codetRanker = {
  id: 'codet',
  label: 'CodeT',
  description: 'Samples that pass the most tests the model itself wrote, together with the most other samples (CodeT dual agreement).',
  executes: true,
  evaluated: true,
  order: (a, b) => byDualScore(a, b) || byMean(a, b),
  acted: testsDecided,
} as const satisfies Ranker;
