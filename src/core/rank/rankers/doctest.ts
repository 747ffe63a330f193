/** Ranks by the docstring's examples passed in the sandbox. */
import { byMean, byPassed, executed } from './order';
import type { Ranker } from './ranker';

/** Most docstring examples passed, then mean log-prob. */
export const doctestRanker = {
  id: 'doctest',
  label: 'Docstring examples',
  description: 'Most docstring examples passed, run in the Python sandbox.',
  executes: true,
  evaluated: true,
  order: (a, b) => byPassed(a, b) || byMean(a, b),
  acted: executed,
} as const satisfies Ranker;
