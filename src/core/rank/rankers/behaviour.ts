/** AlphaCode/MBR-exec clustering on generated inputs, alone. */
import { byCluster, byFewerRaises, byOverlap, chain, clustered, executed, MEAN_STEPS } from './order';
import type { Ranker } from './ranker';

const steps = [
  ['larger behaviour cluster', byCluster],
  ['fewer exceptions on the generated inputs', byFewerRaises],
  ['more outputs shared with the other clusters', byOverlap],
  ...MEAN_STEPS,
] as const;

/** The largest cluster of samples with the same outputs on generated inputs (and examples), then mean log-prob. */
export const behaviourRanker = {
  id: 'behaviour',
  label: 'Behaviour clusters',
  description: 'The largest group of samples that behave alike on generated inputs (no example outputs needed).',
  executes: true,
  evaluated: true,
  order: chain(steps),
  steps,
  acted: (ranked) => executed(ranked) || clustered(ranked),
} as const satisfies Ranker;
