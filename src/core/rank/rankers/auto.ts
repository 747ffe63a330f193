/** The default: examples passed, then executability, then model-written tests, then behaviour clusters, then mean log-prob. */
import { byCluster, byDualScore, byExecutable, byNoRaise, byNotDegenerate, byPassed, chain, clustered, executed, MEAN_STEPS, scored, testsDecided } from './order';
import type { Ranker } from './ranker';

const steps = [
  ['more examples passed', byPassed],
  ['not degenerate', byNotDegenerate],
  ['no exception on the examples', byNoRaise],
  ['ran on the inputs', byExecutable],
  // Model-written tests (CodeT) rank below the docstring's own examples: those are the author's answers.
  ['larger consensus set on the model-written tests', byDualScore],
  ['larger behaviour cluster', byCluster],
  ...MEAN_STEPS,
] as const;

/**
 * Most examples passed → not degenerate → no exception on the example inputs → executable → dual
 * agreement on model-written tests (when there are some) → the largest behaviour cluster on generated
 * inputs (weighted by votes and probability mass) → mean log-prob. Without examples the chain starts at
 * the degenerate step.
 */
export const autoRanker = {
  id: 'auto',
  label: 'Auto',
  description:
    'Examples passed, then samples that run, then tests the model wrote (dual agreement), then the largest group behaving alike on generated inputs, then mean log-probability.',
  executes: true,
  evaluated: true,
  order: chain(steps),
  steps,
  acted: (ranked) => executed(ranked) || testsDecided(ranked) || clustered(ranked) || scored(ranked),
} as const satisfies Ranker;
