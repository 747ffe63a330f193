/** The default: examples passed, then model-written tests, then agreement, then mean log-prob. */
import { byAgreement, byDualScore, byMean, byPassed, executed, scored, testsDecided } from './order';
import type { Ranker } from './ranker';

/** Examples passed when there are some (and execution is allowed), then dual agreement, then agreement, then mean log-prob. */
export const autoRanker = {
  id: 'auto',
  label: 'Auto',
  description: 'Doctests first when the docstring has examples (and execution is allowed), then tests the model wrote (dual agreement), then agreement, then mean log-probability.',
  executes: true,
  evaluated: true,
  // Model-written tests (CodeT) rank below the docstring's own examples: those are the author's answers.
  order: (a, b) => byPassed(a, b) || byDualScore(a, b) || byAgreement(a, b) || byMean(a, b),
  acted: (ranked) => executed(ranked) || testsDecided(ranked) || scored(ranked),
} as const satisfies Ranker;
