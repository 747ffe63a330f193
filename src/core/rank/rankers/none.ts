/** No ranking: the backend's order. */
import { byIndex } from './order';
import type { Ranker } from './ranker';

/** The backend's order (duplicates are still merged). */
export const noneRanker = {
  id: 'none',
  label: 'None',
  description: 'Backend order, no ranking.',
  executes: false,
  evaluated: false,
  order: byIndex,
  acted: () => false,
} as const satisfies Ranker;
