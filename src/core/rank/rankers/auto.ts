/** The default: examples passed, then executability, then model-written tests, then behaviour clusters, then mean log-prob. */
import { byCluster, byClusterAndTests, byDualScore, byExecutable, byFewerRaises, byNoRaise, byNotDegenerate, byPassed, byTierOverlap, chain, clustered, executed, MEAN_STEPS, scored, testsDecided } from './order';
import type { Ranker } from './ranker';

const steps = [
  ['more examples passed', byPassed],
  ['not degenerate', byNotDegenerate],
  ['no exception on the examples', byNoRaise],
  ['ran on the inputs', byExecutable],
  // Model-written tests (CodeT) rank below the docstring's own examples: those are the author's answers.
  // Named as the cluster step: without model-written tests it is that step.
  ['larger behaviour cluster', byClusterAndTests],
  ['larger consensus set on the model-written tests', byDualScore],
  ['larger behaviour cluster', byCluster],
  ['fewer exceptions on the generated inputs', byFewerRaises],
  ['more outputs shared with the clusters passing as many examples', byTierOverlap],
  ...MEAN_STEPS,
] as const;

/**
 * Most examples passed → not degenerate → no exception on the example inputs → executable → the
 * largest behaviour cluster on generated inputs (weighted by votes and probability mass), times one plus
 * the dual-agreement score on model-written tests (when there are some) → dual agreement → mean log-prob. Without examples the chain starts at
 * the degenerate step.
 */
export const autoRanker = {
  id: 'auto',
  label: 'Auto',
  description:
    'Examples passed, then samples that run, then the largest group behaving alike on generated inputs, weighted by the tests the model wrote that it passes (dual agreement), then mean log-probability.',
  executes: true,
  evaluated: true,
  order: chain(steps),
  steps,
  acted: (ranked) => executed(ranked) || testsDecided(ranked) || clustered(ranked) || scored(ranked),
} as const satisfies Ranker;
