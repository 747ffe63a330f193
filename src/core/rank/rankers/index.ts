/**
 * THE ranker table: every ranking strategy, once. It feeds the `RankingMode` type, the
 * `passk.ranking.mode` setting (core/settings.ts), the Change Ranking menu (vscode/menus.ts), the
 * evaluator's `--ranking` and ranking table (core/eval/rankers.ts), and — through
 * `node scripts/settings-table.mjs --write` — package.json's enum/enumDescriptions and README's settings table.
 * test/unit/rank/rankers.test.ts fails when any of them disagrees with this table.
 *
 * To add a ranker:
 * 1. write `src/core/rank/rankers/<id>.ts` exporting a `Ranker` (`as const satisfies Ranker`, so its id
 *    stays a literal type): id, label, description, `executes`, `evaluated`, `order`, `acted`;
 *    its ordering logic lives there (shared comparators are in ./order.ts);
 * 2. add it to `RANKERS` below (the array's order is the order of the setting's enum, the menu and the
 *    evaluator's rows);
 * 3. run `node scripts/settings-table.mjs --write` (package.json's enum and README's settings table), add a
 *    row to README's "How it ranks" table, and write its tests.
 * A ranker that needs more than the docstring examples' results (other inputs, model-written tests) adds
 * what it needs to `RankEntry` and fills it in the execution step of ../index.ts.
 */
import { agreementRanker } from './agreement';
import { autoRanker } from './auto';
import { codetRanker } from './codet';
import { behaviourRanker } from './behaviour';
import { doctestRanker } from './doctest';
import { meanLogprobRanker, sumLogprobRanker } from './logprob';
import { noneRanker } from './none';
import type { Ranker } from './ranker';

export type { Ranker, RankEntry, RankOrder } from './ranker';

/** Every ranker, in the order the setting, the menu and the evaluator list them. */
export const RANKERS = [autoRanker, meanLogprobRanker, sumLogprobRanker, doctestRanker, agreementRanker, codetRanker, behaviourRanker, noneRanker] as const;

/** The ranking strategies a user can pick (`passk.ranking.mode`). */
export type RankingMode = (typeof RANKERS)[number]['id'];

/** Every ranker's id, in table order. */
export const RANKING_MODES: readonly RankingMode[] = RANKERS.map((r) => r.id);

/** The ranker with that id (throws for an id not in the table: callers pass a `RankingMode`). */
export function rankerFor(mode: RankingMode): Ranker<RankingMode> {
  const ranker = RANKERS.find((r) => r.id === mode);
  if (!ranker) {
    throw new Error(`unknown ranking mode "${String(mode)}"`);
  }
  return ranker;
}
