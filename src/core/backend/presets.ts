/**
 * Named starting points for the backend settings. The VS Code quick pick ("Passk: Select Backend") and the
 * CLI's `--backend` use the same ids. Ports are each server's default.
 */
import type { BackendConfig, ProviderKind } from './backend';

export type PresetId = 'openai' | 'ollama' | 'llamacpp' | 'vllm' | 'lmstudio' | 'custom';

/** A preset fills provider, base URL and model; the user may change any of them afterwards. */
export interface BackendPreset {
  id: PresetId;
  label: string;
  description: string;
  provider: Exclude<ProviderKind, 'local'>;
  baseUrl: string;
  /** A sensible default model; empty when the server decides (llama.cpp serves the one it loaded). */
  model: string;
  needsApiKey: boolean;
}

export const BACKEND_PRESETS: readonly BackendPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    description: 'api.openai.com, chat endpoint with log-probs (needs an API key)',
    provider: 'chat',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    needsApiKey: true,
  },
  {
    id: 'ollama',
    label: 'Ollama',
    description: 'local Ollama server on port 11434',
    provider: 'completions',
    baseUrl: 'http://127.0.0.1:11434/v1',
    model: 'qwen2.5-coder:1.5b',
    needsApiKey: false,
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    description: 'llama-server on port 8080 (serves the model it was started with)',
    provider: 'completions',
    baseUrl: 'http://127.0.0.1:8080/v1',
    model: '',
    needsApiKey: false,
  },
  {
    id: 'vllm',
    label: 'vLLM',
    description: 'vLLM OpenAI-compatible server on port 8000',
    provider: 'completions',
    baseUrl: 'http://127.0.0.1:8000/v1',
    model: 'Qwen/Qwen2.5-Coder-1.5B',
    needsApiKey: false,
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    description: 'LM Studio local server on port 1234',
    provider: 'completions',
    baseUrl: 'http://127.0.0.1:1234/v1',
    model: 'qwen2.5-coder-1.5b-instruct',
    needsApiKey: false,
  },
  {
    id: 'custom',
    label: 'Custom',
    description: 'any OpenAI-compatible server: set the base URL and model yourself',
    provider: 'completions',
    baseUrl: 'http://127.0.0.1:8080/v1',
    model: '',
    needsApiKey: false,
  },
];

/** The preset with this id, or undefined. */
export function findPreset(id: string): BackendPreset | undefined {
  return BACKEND_PRESETS.find((p) => p.id === id);
}

/** Defaults for the fields a preset does not set. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONCURRENCY = 4;

/** A full config from a preset, with `overrides` (e.g. from settings or CLI flags) on top. */
export function configFromPreset(id: PresetId, overrides: Partial<BackendConfig> = {}): BackendConfig {
  const preset = findPreset(id);
  if (!preset) {
    throw new Error(`Unknown backend preset "${id}"; choose one of ${BACKEND_PRESETS.map((p) => p.id).join(', ')}.`);
  }
  return {
    provider: preset.provider,
    baseUrl: preset.baseUrl,
    model: preset.model,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxConcurrency: DEFAULT_MAX_CONCURRENCY,
    ...overrides,
  };
}
