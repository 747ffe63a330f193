/**
 * The types of the `passk.docstring.*` settings. Their table (defaults, allowed values) and reader live
 * with every other setting in core/settings.ts: `readSettings(read).docstring`.
 */
import type { DocstringRanking, DocstringStyle, DocstringStyleSetting } from './types';

/** What to do with a docstring that is already there. */
export type ExistingDocstringPolicy = 'ask' | 'replace' | 'keep';

/** Typed `passk.docstring.*` values. */
export interface DocstringSettings {
  style: DocstringStyleSetting;
  /** The style for `auto` when the file has no multi-line docstring yet. */
  fallbackStyle: DocstringStyle;
  ranking: DocstringRanking;
  /** Write `>>>` examples (only when execution is allowed: each is run and corrected). */
  examples: boolean;
  existing: ExistingDocstringPolicy;
  /** Samples to draw per docstring. */
  n: number;
  /** Token limit per sample. */
  maxTokens: number;
}
