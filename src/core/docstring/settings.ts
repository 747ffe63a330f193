/**
 * The `passk.docstring.*` settings: their table (defaults, allowed values) and a typed reader, in the
 * same form as core/settings.ts so the two can merge.
 */
import { coerceSetting, type RawSettingReader } from '../settings';
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

const STYLES = ['plain', 'google', 'numpy', 'rest'] as const;

/** Every `docstring.*` key (without `passk.`) with its default and limits. */
export const DOCSTRING_SETTING_SPECS = {
  'docstring.style': { type: 'enum', default: 'auto', values: ['auto', ...STYLES] },
  'docstring.fallbackStyle': { type: 'enum', default: 'google', values: STYLES },
  'docstring.ranking': { type: 'enum', default: 'meanLogprob', values: ['meanLogprob', 'backTranslation'] },
  'docstring.examples': { type: 'boolean', default: true },
  'docstring.existing': { type: 'enum', default: 'ask', values: ['ask', 'replace', 'keep'] },
  'docstring.n': { type: 'number', default: 5, min: 1, max: 20, integer: true },
  'docstring.maxTokens': { type: 'number', default: 384, min: 32, max: 2048, integer: true },
} as const;

/** Reads and clamps the docstring settings (unknown or wrong-typed values fall back to the defaults). */
export function readDocstringSettings(read: RawSettingReader = () => undefined): DocstringSettings {
  const get = (key: keyof typeof DOCSTRING_SETTING_SPECS): unknown => coerceSetting(DOCSTRING_SETTING_SPECS[key], read(key));
  return {
    style: get('docstring.style') as DocstringStyleSetting,
    fallbackStyle: get('docstring.fallbackStyle') as DocstringStyle,
    ranking: get('docstring.ranking') as DocstringRanking,
    examples: get('docstring.examples') as boolean,
    existing: get('docstring.existing') as ExistingDocstringPolicy,
    n: get('docstring.n') as number,
    maxTokens: get('docstring.maxTokens') as number,
  };
}
