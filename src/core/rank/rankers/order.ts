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

/**
 * Behaviour cluster weighted by the model-written tests vouching for it, larger first: cluster size (in
 * samples, as CodeT counts them: log-probs do not outweigh tests) × (1 + dual-agreement score). A cluster
 * is how many samples agree on the generated inputs, the dual score how many tests (and samples) agree
 * with the sample's answers; either alone picks a big cluster of a common mistake or a lone sample that
 * happens to pass the tests. Without tests it is the cluster order (`byCluster`). Measured on the shipped
 * CodeGen samples without examples, with tests: 0.396 (dual agreement, then cluster) → 0.415 (this
 * product) with all samples. Not a total order: follow it with another.
 */
export const byClusterAndTests: RankOrder = (a, b) => {
  if (a.dualScore === undefined && b.dualScore === undefined) {
    return byCluster(a, b);
  }
  return (b.clusterSize ?? 0) * (1 + (b.dualScore ?? 0)) - (a.clusterSize ?? 0) * (1 + (a.dualScore ?? 0));
};

/**
 * The cluster the other clusters agree with more first (a tie-break after the cluster's size): wrong
 * programs tend to be wrong in different ways, so they share more outputs with a correct cluster than
 * with each other (SRank's functional overlap, FSoft-AI4Code/SRank). Measured on the shipped CodeGen
 * samples (all samples, lab dumps of this code): with examples 99 → 101 of 164 right, without 62 → 64; with
 * model-written tests no change. Not a total order.
 */
export const byOverlap: RankOrder = (a, b) => (b.clusterOverlap ?? 0) - (a.clusterOverlap ?? 0);

/**
 * `byOverlap` counting only the clusters that pass as many examples (`tierOverlap`), for `auto`. Lab on
 * the shipped CodeGen samples with examples, all samples, with `byFewerRaises` before it: 104 → 105 of
 * 164 right; `behaviour`, which ignores the examples' verdicts, keeps `byOverlap` (0.360 → 0.372 there).
 * Not a total order.
 */
export const byTierOverlap: RankOrder = (a, b) => (b.tierOverlap ?? 0) - (a.tierOverlap ?? 0);

/**
 * Between clusters of one size, the one that raises (or times out) on fewer kept generated inputs first:
 * most samples ran those inputs to a value, so they are in the function's domain, and raising there is a
 * bug (an IndexError on the empty string). Lab on the shipped CodeGen samples, all samples, with
 * `byTierOverlap` after it: with examples 104 → 105 of 164 right (two problems won, one lost), without
 * examples and with model-written tests unchanged (n = 5 without examples 0.314 → 0.319). Not a total order.
 */
export const byFewerRaises: RankOrder = (a, b) => (a.clusterRaises ?? 0) - (b.clusterRaises ?? 0);

/** Larger behaviour cluster first (not a total order: follow it with another). */
export const byCluster: RankOrder = (a, b) => (b.clusterScore ?? 0) - (a.clusterScore ?? 0);
/** Degenerate samples (empty, stubs, repetitive) last (not a total order). */
export const byNotDegenerate: RankOrder = (a, b) => Number(a.degenerate ?? false) - Number(b.degenerate ?? false);
/** Samples that raised on an example input after those that did not (not a total order). */
export const byNoRaise: RankOrder = (a, b) => Number(a.raisedOnExamples ?? false) - Number(b.raisedOnExamples ?? false);
/** Samples that ran no input to a value last (not a total order). */
export const byExecutable: RankOrder = (a, b) => Number(b.executable ?? false) - Number(a.executable ?? false);

/** The comparators chained: the first that tells two entries apart decides. */
export function chain(steps: readonly (readonly [string, RankOrder])[]): RankOrder {
  return (a, b) => {
    for (const [, order] of steps) {
      const d = order(a, b);
      if (d !== 0) {
        return d;
      }
    }
    return 0;
  };
}

/** Mean log-prob, then votes, then the backend's order, as named steps. */
export const MEAN_STEPS = [
  ['higher mean log-prob', (a, b) => byScoreDesc(a.meanLogprob, b.meanLogprob)],
  ['more identical samples', (a, b) => b.votes - a.votes],
  ['earlier in the backend order', byIndex],
] as const satisfies readonly (readonly [string, RankOrder])[];

/** Whether any sample ran on generated inputs that most samples accept (behaviour clusters were formed). */
export function clustered(ranked: readonly RankedSample[]): boolean {
  return ranked.some((r) => (r.behaviour?.length ?? 0) > 0);
}

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
