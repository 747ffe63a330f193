/**
 * Records dual agreement (CodeT) on the entries from the tests' column of the execution matrix: which
 * tests each sample passes, its consensus set and the set's score.
 */
import type { ModelTest } from '../modelTests/extract';
import { dualAgreement } from './dualAgreement';
import type { RankEntry } from './rankers';

/** Fills modelTests, consensusSet and dualScore on each entry, with a reason the panel shows. */
export function recordDualAgreement(entries: RankEntry[], tests: readonly ModelTest[], passes: readonly boolean[][]): void {
  const result = dualAgreement({ passes, votes: entries.map((e) => e.votes), testWeights: tests.map((t) => t.weight) });
  entries.forEach((e, i) => {
    e.modelTests = [...(passes[i] ?? [])];
    e.dualScore = result.scoreOf[i];
    const set = result.setOf[i];
    const passed = e.modelTests.filter(Boolean).length;
    if (set === undefined) {
      e.reasons.push(`passed 0/${tests.length} model-written tests`);
      return;
    }
    e.consensusSet = set;
    const members = result.sets[set]!.samples.reduce((n, s) => n + (entries[s]?.votes ?? 1), 0);
    e.reasons.push(
      `passed ${passed}/${tests.length} model-written tests; consensus set ${set + 1} of ${result.sets.length}: ` +
        `${members} sample${members === 1 ? '' : 's'} (dual agreement ${result.scoreOf[i]!.toFixed(2)})`,
    );
  });
}
