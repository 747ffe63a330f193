/** The default: examples passed, then agreement, then mean log-prob. */
import { byAgreement, byMean, byPassed, executed, scored } from './order';
import type { Ranker } from './ranker';

/** Examples passed when there are some (and execution is allowed), then agreement, then mean log-prob. */
export const autoRanker = {
  id: 'auto',
  label: 'Auto',
  description: 'Doctests first when the docstring has examples (and execution is allowed), then agreement, then mean log-probability.',
  executes: true,
  evaluated: true,
  order: (a, b) => byPassed(a, b) || byAgreement(a, b) || byMean(a, b),
  acted: (ranked) => executed(ranked) || scored(ranked),
} as const satisfies Ranker;
