/**
 * Runs each candidate on the model-written tests in the sandbox and records dual agreement (CodeT) on
 * the entries: which tests each sample passes, its consensus set and the set's score.
 */
import type { ModelTest } from '../modelTests/extract';
import type { Sandbox } from '../sandbox';
import type { CompletionContext } from '../types';
import { dualAgreement } from './dualAgreement';
import { programForSample } from './program';
import type { RankEntry } from './rankers';

/** What running the tests needs from the sandbox. */
export type TestRunner = Pick<Sandbox, 'evaluate'>;

/** passes[sample][test]: the sample ran the test's statement to its end without raising. */
export async function runModelTests(
  ctx: CompletionContext,
  entries: readonly RankEntry[],
  tests: readonly ModelTest[],
  runner: TestRunner,
  timeoutMs: number | undefined,
  signal?: AbortSignal,
): Promise<boolean[][]> {
  const expressions = tests.map((t) => t.source);
  return Promise.all(
    entries.map(async (e) => {
      const results = await runner.evaluate({ program: programForSample(ctx, e.sample)!, expressions, timeoutMs }, signal);
      return expressions.map((_, k) => results[k]?.status === 'ok');
    }),
  );
}

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
