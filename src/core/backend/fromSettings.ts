/** The backend config Passk's settings describe: one place for the editor's completions and Generate Docstring. */
import type { PasskSettings } from '../settings';
import type { BackendConfig } from './backend';
import { configFromPreset, findPreset, type PresetId } from './presets';

/** The backend config the settings describe (preset, then the non-empty overrides), with the API key if any. */
export function backendConfig(s: PasskSettings, apiKey: string | undefined): BackendConfig {
  const preset: PresetId = findPreset(s.backend.preset)?.id ?? 'custom';
  return configFromPreset(preset, {
    ...(s.backend.baseUrl ? { baseUrl: s.backend.baseUrl } : {}),
    ...(s.backend.model ? { model: s.backend.model } : {}),
    ...(s.backend.api ? { provider: s.backend.api } : {}),
    ...(s.backend.api === 'local' ? { modelPath: s.backend.modelPath } : {}),
    timeoutMs: s.backend.timeoutMs,
    ...(apiKey ? { apiKey } : {}),
  });
}
