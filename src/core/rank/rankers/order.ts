/** The orderings and "had what it needs" checks the rankers are built from. */
import type { RankedSample } from '../../types';
import { byScoreDesc } from '../scores';
import type { RankOrder } from './ranker';

/** The backend's order (the final tie-break of every ranker: ranking is deterministic). */
export const byIndex: RankOrder = (a, b) => a.sample.index - b.sample.index;
/** Higher mean log-prob first, then more votes. */
export const byMean: RankOrder = (a, b) => byScoreDesc(a.meanLogprob, b.meanLogprob) || b.votes - a.votes || byIndex(a, b);
/** Higher total log-prob first, then more votes. */
export const bySum: RankOrder = (a, b) => byScoreDesc(a.sumLogprob, b.sumLogprob) || b.votes - a.votes || byIndex(a, b);
/** More docstring examples passed first (not a total order: follow it with another). */
export const byPassed: RankOrder = (a, b) => (b.passed ?? 0) - (a.passed ?? 0);
/** Higher agreement score first (not a total order: follow it with another). */
export const byAgreement: RankOrder = (a, b) => (b.agreementScore ?? 0) - (a.agreementScore ?? 0);
/** Higher dual-agreement score (model-written tests, CodeT) first (not a total order: follow it with another). */
export const byDualScore: RankOrder = (a, b) => (b.dualScore ?? 0) - (a.dualScore ?? 0);

/** Whether the top sample has log-probs to be judged by. */
export function scored(ranked: readonly RankedSample[]): boolean {
  return ranked[0]?.meanLogprob !== undefined;
}

/** Whether any sample's examples were run. */
export function executed(ranked: readonly RankedSample[]): boolean {
  return ranked.some((r) => (r.examples?.length ?? 0) > 0);
}

/** Whether some sample passed some model-written test (so dual agreement had something to go on). */
export function testsDecided(ranked: readonly RankedSample[]): boolean {
  return ranked.some((r) => (r.dualScore ?? 0) > 0);
}
