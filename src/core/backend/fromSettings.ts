/** The backend config Passk's settings describe: one place for the editor's completions and Generate Docstring. */
import type { PasskSettings } from '../settings';
import type { BackendConfig } from './backend';
import { configFromPreset } from './presets';

/** The backend config the settings describe (preset, then the non-empty overrides), with the API key if any. */
export function backendConfig(s: PasskSettings, apiKey: string | undefined): BackendConfig {
  // The preset is a closed set (readSettings falls back to the default for a typo, and says so).
  return configFromPreset(s.backend.preset, {
    ...(s.backend.baseUrl ? { baseUrl: s.backend.baseUrl } : {}),
    ...(s.backend.model ? { model: s.backend.model } : {}),
    ...(s.backend.api ? { provider: s.backend.api } : {}),
    ...(s.backend.api === 'local' ? { modelPath: s.backend.modelPath } : {}),
    timeoutMs: s.backend.timeoutMs,
    ...(apiKey ? { apiKey } : {}),
  });
}
