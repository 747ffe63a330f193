/** What a ranker is: the row of the ranker table (./index.ts) and the types its ordering works on. */
import type { RankedSample } from '../../types';

/** A sample being ranked: everything a RankedSample carries except its final place. */
export type RankEntry = Omit<RankedSample, 'rank'>;

/** Sorts entries best first (negative: `a` before `b`). */
export type RankOrder = (a: RankEntry, b: RankEntry) => number;

/** One ranker: its settings id, how the menu and package.json present it, and how it orders samples. */
export interface Ranker<Id extends string = string> {
  /** The `passk.ranking.mode` value, the `--ranking` name and the ranking table's row name. */
  readonly id: Id;
  /** Short name in the Change Ranking menu. */
  readonly label: string;
  /** One sentence: the menu's detail line and package.json's enumDescription. */
  readonly description: string;
  /**
   * Whether it runs the samples in the sandbox. When it does, ranking first builds the execution matrix
   * (the examples and generated inputs) and fills `passed`, `failed`, `examples`, `agreementGroup`,
   * `agreementScore`, `degenerate`, `executable`, `raisedOnExamples`, `cluster`, `clusterScore`,
   * `behaviour`; when it cannot (no sandbox, no inputs, a broken interpreter) the samples are ordered by
   * mean log-prob instead.
   */
  readonly executes: boolean;
  /** Whether `passk eval` reports it (`none` is not: the evaluator's `random` row stands for it). */
  readonly evaluated: boolean;
  /** Best first, once scored (and, for an executing ranker, once the examples ran). Ends in a total order. */
  readonly order: RankOrder;
  /** The same order as named steps, when given: the top sample's reasons say which step chose it. */
  readonly steps?: readonly (readonly [string, RankOrder])[];
  /** Whether the ranker had what it needs to choose the top sample; if not, the evaluator counts its pick as random. */
  acted(ranked: readonly RankedSample[]): boolean;
}
