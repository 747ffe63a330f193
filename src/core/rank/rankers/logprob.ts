/** The log-probability rankers: they need the backend's token log-probs and run nothing. */
import { byMean, bySum, scored } from './order';
import type { Ranker } from './ranker';

/** Highest mean token log-probability: the Codex paper's best pick without tests. */
export const meanLogprobRanker = {
  id: 'meanLogprob',
  label: 'Mean log-probability',
  description: "Highest mean token log-probability (the Codex paper's best heuristic).",
  executes: false,
  evaluated: true,
  order: byMean,
  acted: scored,
} as const satisfies Ranker;

/** Highest total log-probability (favours short samples; for comparison). */
export const sumLogprobRanker = {
  id: 'sumLogprob',
  label: 'Sum log-probability',
  description: 'Highest total log-probability (favours short samples).',
  executes: false,
  evaluated: true,
  order: bySum,
  acted: scored,
} as const satisfies Ranker;
