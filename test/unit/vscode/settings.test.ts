import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, SETTING_SPECS, readSettings, rejectedSettings } from '../../../src/core/settings';

interface ManifestProperty {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  enumDescriptions?: string[];
  description?: string;
  markdownDescription?: string;
}

function manifestProperties(): Record<string, ManifestProperty> {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, ManifestProperty> } };
  };
  return pkg.contributes.configuration.properties;
}

describe('settings', () => {
  it('defaults come from the table', () => {
    assert.strictEqual(DEFAULT_SETTINGS.sampling.n, 5);
    assert.strictEqual(DEFAULT_SETTINGS.inline.debounceMs, 150);
    assert.strictEqual(DEFAULT_SETTINGS.ranking.mode, 'auto');
  });

  it('clamps numbers, rounds integers and rejects wrong types and unknown enum values', () => {
    const raw: Record<string, unknown> = {
      'sampling.n': 500,
      'sampling.temperature': -1,
      'sampling.maxTokens': 99.6,
      'ranking.mode': 'bogus',
      enabled: 'yes',
      'backend.baseUrl': '  http://127.0.0.1:1/v1  ',
    };
    const s = readSettings((k) => raw[k]);
    assert.strictEqual(s.sampling.n, 20);
    assert.strictEqual(s.sampling.temperature, 0);
    assert.strictEqual(s.sampling.maxTokens, 100);
    assert.strictEqual(s.ranking.mode, 'auto');
    assert.strictEqual(s.enabled, true);
    assert.strictEqual(s.backend.baseUrl, 'http://127.0.0.1:1/v1');
  });

  it('package.json contributes every setting with the same default, limits and enum, each described', () => {
    const props = manifestProperties();
    assert.deepStrictEqual(Object.keys(props).sort(), Object.keys(SETTING_SPECS).map((k) => `passk.${k}`).sort());
    for (const [key, spec] of Object.entries(SETTING_SPECS)) {
      const p = props[`passk.${key}`]!;
      assert.ok(p.description || p.markdownDescription, `passk.${key} has a description`);
      assert.deepStrictEqual(p.default, spec.default, `default of passk.${key}`);
      if (spec.type === 'number') {
        assert.strictEqual(p.minimum, spec.min, `minimum of passk.${key}`);
        assert.strictEqual(p.maximum, spec.max, `maximum of passk.${key}`);
        assert.strictEqual(p.type, spec.integer ? 'integer' : 'number');
      }
      if (spec.type === 'enum') {
        assert.deepStrictEqual(p.enum, [...spec.values], `enum of passk.${key}`);
        assert.strictEqual(p.enumDescriptions?.length, spec.values.length, `enum descriptions of passk.${key}`);
      }
    }
  });

  it('reads the local provider: api local, the model path and the idle release time', () => {
    const raw: Record<string, unknown> = {
      'backend.api': 'local',
      'backend.modelPath': ' /models/x.gguf ',
      'backend.localIdleReleaseMs': -5,
    };
    const s = readSettings((k) => raw[k]);
    assert.strictEqual(s.backend.api, 'local');
    assert.strictEqual(s.backend.modelPath, '/models/x.gguf');
    assert.strictEqual(s.backend.localIdleReleaseMs, 0);
    assert.strictEqual(DEFAULT_SETTINGS.backend.localIdleReleaseMs, 300000);
  });

  it('a typo in the preset is reported and falls back to the default preset, not to custom', () => {
    const raw: Record<string, unknown> = { 'backend.preset': 'olama', 'sampling.n': 'five', 'sampling.topP': 3, disabledFor: ['tests/**', 7, ' '] };
    const s = readSettings((k) => raw[k]);
    assert.strictEqual(s.backend.preset, 'ollama');
    assert.deepStrictEqual(s.disabledFor, ['tests/**']);
    const rejected = rejectedSettings((k) => raw[k]);
    assert.deepStrictEqual(rejected.map((r) => r.key), ['disabledFor', 'backend.preset', 'sampling.n']);
    assert.deepStrictEqual(rejected[1], { key: 'backend.preset', value: 'olama', used: 'ollama' });
    assert.strictEqual(readSettings((k) => ({ 'backend.preset': 'custom' })[k]).backend.preset, 'custom');
  });
});
