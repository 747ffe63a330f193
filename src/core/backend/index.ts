/**
 * The backend stage's entry points: `createBackend` builds the configured provider; `resolveApiKey` finds
 * the key for the CLI. Everything else in this folder is reached through these and `backend.ts`.
 */
import { BackendError, type Backend, type BackendConfig, type BackendDeps } from './backend';
import { OpenAICompatibleBackend } from './openaiBackend';

export * from './backend';
export { BACKEND_PRESETS, configFromPreset, findPreset, DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './presets';
export type { BackendPreset, PresetId } from './presets';
export { DEFAULT_CHAT_SYSTEM_PROMPT } from './chat';
export { backendConfig } from './fromSettings';
export { listModels, testConnection, type ConnectionVerdict } from './connectionTest';
export { OpenAICompatibleBackend } from './openaiBackend';

/**
 * Builds the backend for `config`. `local` needs `deps.localFactory` (supplied by the local GGUF module),
 * so this module never loads native code itself.
 */
export function createBackend(config: BackendConfig, deps: BackendDeps = {}): Backend {
  const { provider } = config;
  if (provider === 'completions' || provider === 'chat') {
    return new OpenAICompatibleBackend({ ...config, provider }, deps);
  }
  if (provider === 'local' && deps.localFactory) {
    return deps.localFactory(config, deps);
  }
  throw new BackendError('notFound', `The backend provider "${String(provider)}" is not available in this build.`, { action: 'openSettings' });
}

/**
 * The API key to use: the explicit one (SecretStorage, `--api-key`), else `OPENAI_API_KEY` from the
 * environment, else undefined (local servers need none). Blank values count as absent.
 */
export function resolveApiKey(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = explicit?.trim() || env.OPENAI_API_KEY?.trim();
  return chosen || undefined;
}
