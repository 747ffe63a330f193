/**
 * Passk's settings: one typed table of every `passk.*` key with its default and limits, and
 * `readSettings`, which turns raw values (from VS Code's configuration, a CLI flag file, a test)
 * into a clamped, typed `PasskSettings`. Pure: no `vscode`, so the CLI and the benches reuse it.
 */
import { BACKEND_PRESETS, type PresetId } from './backend/presets';
import type { DocstringSettings, ExistingDocstringPolicy } from './docstring/settings';
import type { DocstringRanking, DocstringStyle, DocstringStyleSetting } from './docstring/types';
import type { ModelTestsPolicy } from './modelTests/request';
import { RANKING_MODES } from './rank/rankers';
import type { IsolationMode } from './sandbox/api';
import type { FimTemplateName, RankingMode } from './types';

/** Which prompt shape is sent. */
export type PromptStyle = 'codex' | 'fim' | 'chat';
/** Which OpenAI endpoint the backend calls, or `local`: a GGUF file run in-process. */
export type BackendApi = 'completions' | 'chat' | 'local';

/** Every Passk setting, typed and clamped. */
export interface PasskSettings {
  enabled: boolean;
  /** Glob patterns (matched against the workspace-relative path and the file name) of files Passk leaves alone. */
  disabledFor: string[];
  backend: {
    /** A preset id from core/backend presets (`custom` among them). */
    preset: PresetId;
    /** Overrides the preset's URL when not empty. */
    baseUrl: string;
    /** Overrides the preset's model when not empty. */
    model: string;
    /** Overrides the preset's API when not empty. */
    api: BackendApi | '';
    timeoutMs: number;
    /** The GGUF file the `local` API runs. */
    modelPath: string;
    /** Frees the local model after this long without a request; 0 keeps it loaded. */
    localIdleReleaseMs: number;
  };
  sampling: { n: number; temperature: number; topP: number; maxTokens: number };
  prompt: { style: PromptStyle; fimTemplate: FimTemplateName; contextBudgetChars: number };
  ranking: {
    mode: RankingMode;
    timeoutMs: number;
    /** When to ask the backend for tests too (CodeT); see core/modelTests/request.ts. */
    modelTests: ModelTestsPolicy;
    /** Continuations the test request asks for. */
    modelTestsN: number;
    /** Token cap of each test continuation. */
    modelTestsMaxTokens: number;
    /** Batches of `sampling.n` at most: another is drawn while no sample passes the docstring's examples. */
    rounds: number;
    /** Generated inputs ranking runs the samples on at most (0 = none). */
    generatedInputs: number;
  };
  execution: {
    enabled: boolean;
    /** Whether samples may run without the kernel layers (Landlock + seccomp). */
    isolation: IsolationMode;
    /** Total size one job may write in its scratch dir, in MB. */
    scratchMb: number;
  };
  python: { path: string };
  inline: { debounceMs: number; adaptiveDebounce: boolean };
  cache: { maxEntries: number };
  /** The `passk.docstring.*` settings (Generate Docstring). */
  docstring: DocstringSettings;
}

type Spec =
  | { type: 'boolean'; default: boolean }
  | { type: 'string'; default: string }
  | { type: 'enum'; default: string; values: readonly string[] }
  | { type: 'stringArray'; default: readonly string[] }
  | { type: 'number'; default: number; min: number; max: number; integer: boolean };

const FIM_TEMPLATES: readonly FimTemplateName[] = ['starcoder', 'qwen', 'deepseek', 'codellama', 'codestral'];
const DOC_STYLES: readonly DocstringStyle[] = ['plain', 'google', 'numpy', 'rest'];
const MODEL_TESTS_POLICIES: readonly ModelTestsPolicy[] = ['off', 'whenNoExamples', 'always'];

const int = (d: number, min: number, max: number): Spec => ({ type: 'number', default: d, min, max, integer: true });
const real = (d: number, min: number, max: number): Spec => ({ type: 'number', default: d, min, max, integer: false });

/**
 * Every key (without the `passk.` prefix) with its default and limits. package.json's
 * `contributes.configuration` mirrors this table (a unit test keeps them equal).
 */
export const SETTING_SPECS: Readonly<Record<string, Spec>> = {
  enabled: { type: 'boolean', default: true },
  disabledFor: { type: 'stringArray', default: [] },
  'backend.preset': { type: 'enum', default: 'ollama', values: BACKEND_PRESETS.map((p) => p.id) },
  'backend.baseUrl': { type: 'string', default: '' },
  'backend.model': { type: 'string', default: '' },
  'backend.api': { type: 'enum', default: '', values: ['', 'completions', 'chat', 'local'] },
  'backend.timeoutMs': int(30000, 1000, 600000),
  'backend.modelPath': { type: 'string', default: '' },
  'backend.localIdleReleaseMs': int(300000, 0, 86400000),
  'sampling.n': int(5, 1, 20),
  'sampling.temperature': real(0.6, 0, 2),
  'sampling.topP': real(0.95, 0.01, 1),
  'sampling.maxTokens': int(256, 16, 2048),
  'prompt.style': { type: 'enum', default: 'codex', values: ['codex', 'fim', 'chat'] },
  'prompt.fimTemplate': { type: 'enum', default: 'qwen', values: FIM_TEMPLATES },
  'prompt.contextBudgetChars': int(6000, 0, 100000),
  'ranking.mode': { type: 'enum', default: 'auto', values: RANKING_MODES },
  'ranking.timeoutMs': int(3000, 100, 60000),
  'ranking.modelTests': { type: 'enum', default: 'whenNoExamples', values: MODEL_TESTS_POLICIES },
  'ranking.modelTestsN': int(5, 1, 20),
  'ranking.modelTestsMaxTokens': int(200, 16, 1024),
  'ranking.rounds': int(3, 1, 10),
  'ranking.generatedInputs': int(20, 0, 100),
  'execution.enabled': { type: 'boolean', default: true },
  'execution.isolation': { type: 'enum', default: 'required', values: ['required', 'bestEffort'] },
  'execution.scratchMb': int(64, 1, 4096),
  'python.path': { type: 'string', default: '' },
  'inline.debounceMs': int(150, 0, 2000),
  'inline.adaptiveDebounce': { type: 'boolean', default: true },
  'cache.maxEntries': int(200, 1, 10000),
  'docstring.style': { type: 'enum', default: 'auto', values: ['auto', ...DOC_STYLES] },
  'docstring.fallbackStyle': { type: 'enum', default: 'google', values: DOC_STYLES },
  'docstring.ranking': { type: 'enum', default: 'meanLogprob', values: ['meanLogprob', 'backTranslation'] },
  'docstring.examples': { type: 'boolean', default: true },
  'docstring.existing': { type: 'enum', default: 'ask', values: ['ask', 'replace', 'keep'] },
  'docstring.n': int(5, 1, 20),
  'docstring.maxTokens': int(384, 32, 2048),
};

/** Reads one raw value by key (without `passk.`); undefined when unset. */
export type RawSettingReader = (key: string) => unknown;

/** The spec's value for a raw input: wrong types fall back to the default, numbers are clamped. */
export function coerceSetting(spec: Spec, raw: unknown): boolean | string | number | string[] {
  switch (spec.type) {
    case 'stringArray':
      return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '') : [...spec.default];
    case 'boolean':
      return typeof raw === 'boolean' ? raw : spec.default;
    case 'string':
      return typeof raw === 'string' ? raw.trim() : spec.default;
    case 'enum':
      return typeof raw === 'string' && spec.values.includes(raw) ? raw : spec.default;
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        return spec.default;
      }
      const v = Math.min(spec.max, Math.max(spec.min, raw));
      return spec.integer ? Math.round(v) : v;
    }
  }
}

/** Typed, clamped settings from a raw reader (missing keys take their defaults). */
export function readSettings(read: RawSettingReader = () => undefined): PasskSettings {
  const get = (key: string): unknown => {
    const spec = SETTING_SPECS[key];
    if (!spec) {
      throw new Error(`unknown setting passk.${key}`);
    }
    return coerceSetting(spec, read(key));
  };
  const b = (k: string) => get(k) as boolean;
  const s = (k: string) => get(k) as string;
  const n = (k: string) => get(k) as number;
  return {
    enabled: b('enabled'),
    disabledFor: get('disabledFor') as string[],
    backend: {
      preset: s('backend.preset') as PresetId,
      baseUrl: s('backend.baseUrl'),
      model: s('backend.model'),
      api: s('backend.api') as BackendApi | '',
      timeoutMs: n('backend.timeoutMs'),
      modelPath: s('backend.modelPath'),
      localIdleReleaseMs: n('backend.localIdleReleaseMs'),
    },
    sampling: {
      n: n('sampling.n'),
      temperature: n('sampling.temperature'),
      topP: n('sampling.topP'),
      maxTokens: n('sampling.maxTokens'),
    },
    prompt: {
      style: s('prompt.style') as PromptStyle,
      fimTemplate: s('prompt.fimTemplate') as FimTemplateName,
      contextBudgetChars: n('prompt.contextBudgetChars'),
    },
    ranking: {
      mode: s('ranking.mode') as RankingMode,
      timeoutMs: n('ranking.timeoutMs'),
      modelTests: s('ranking.modelTests') as ModelTestsPolicy,
      modelTestsN: n('ranking.modelTestsN'),
      modelTestsMaxTokens: n('ranking.modelTestsMaxTokens'),
      rounds: n('ranking.rounds'),
      generatedInputs: n('ranking.generatedInputs'),
    },
    execution: { enabled: b('execution.enabled'), isolation: s('execution.isolation') as IsolationMode, scratchMb: n('execution.scratchMb') },
    python: { path: s('python.path') },
    inline: { debounceMs: n('inline.debounceMs'), adaptiveDebounce: b('inline.adaptiveDebounce') },
    cache: { maxEntries: n('cache.maxEntries') },
    docstring: {
      style: s('docstring.style') as DocstringStyleSetting,
      fallbackStyle: s('docstring.fallbackStyle') as DocstringStyle,
      ranking: s('docstring.ranking') as DocstringRanking,
      examples: b('docstring.examples'),
      existing: s('docstring.existing') as ExistingDocstringPolicy,
      n: n('docstring.n'),
      maxTokens: n('docstring.maxTokens'),
    },
  };
}

/** A raw value that `readSettings` could not use, and what it used instead. */
export interface RejectedSetting {
  /** Without `passk.`. */
  key: string;
  value: unknown;
  used: unknown;
}

/**
 * The set values `readSettings` replaced by their default: a wrong type or a value outside an enum
 * (e.g. a typo in `backend.preset`). Clamped numbers are not listed: they keep the user's intent.
 */
export function rejectedSettings(read: RawSettingReader): RejectedSetting[] {
  const rejected: RejectedSetting[] = [];
  for (const [key, spec] of Object.entries(SETTING_SPECS)) {
    const value = read(key);
    if (value !== undefined && !acceptsType(spec, value)) {
      rejected.push({ key, value, used: spec.default });
    }
  }
  return rejected;
}

function acceptsType(spec: Spec, value: unknown): boolean {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

/** Default settings (every key unset). */
export const DEFAULT_SETTINGS: PasskSettings = readSettings();
