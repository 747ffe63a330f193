import * as assert from 'assert';
import { BACKEND_PRESETS, configFromPreset, createBackend, findPreset, resolveApiKey } from '../../../src/core/backend';

describe('backend presets and API key resolution', () => {
  it('has the six presets with their default ports', () => {
    const urls = Object.fromEntries(BACKEND_PRESETS.map((p) => [p.id, p.baseUrl]));
    assert.deepStrictEqual(urls, {
      openai: 'https://api.openai.com/v1',
      ollama: 'http://127.0.0.1:11434/v1',
      llamacpp: 'http://127.0.0.1:8080/v1',
      vllm: 'http://127.0.0.1:8000/v1',
      lmstudio: 'http://127.0.0.1:1234/v1',
      custom: 'http://127.0.0.1:8080/v1',
    });
    assert.ok(BACKEND_PRESETS.every((p) => p.label && p.description));
    assert.deepStrictEqual(BACKEND_PRESETS.filter((p) => p.needsApiKey).map((p) => p.id), ['openai']);
  });

  it('configFromPreset fills provider, URL and model, and overrides win', () => {
    const c = configFromPreset('ollama', { model: 'starcoder2:3b', timeoutMs: 1234 });
    assert.deepStrictEqual(
      { provider: c.provider, baseUrl: c.baseUrl, model: c.model, timeoutMs: c.timeoutMs },
      { provider: 'completions', baseUrl: 'http://127.0.0.1:11434/v1', model: 'starcoder2:3b', timeoutMs: 1234 },
    );
    assert.ok(c.maxConcurrency >= 1);
    assert.throws(() => configFromPreset('nope' as never), /Unknown backend preset "nope"/);
    assert.strictEqual(findPreset('vllm')?.label, 'vLLM');
  });

  it('resolveApiKey: explicit key first, then OPENAI_API_KEY, blanks count as absent', () => {
    assert.strictEqual(resolveApiKey('sk-a', { OPENAI_API_KEY: 'sk-env' }), 'sk-a');
    assert.strictEqual(resolveApiKey(undefined, { OPENAI_API_KEY: 'sk-env' }), 'sk-env');
    assert.strictEqual(resolveApiKey('  ', { OPENAI_API_KEY: ' sk-env ' }), 'sk-env');
    assert.strictEqual(resolveApiKey(undefined, {}), undefined);
  });

  it("a backend's id names provider, URL and model but never the key", () => {
    const b = createBackend({ ...configFromPreset('openai'), apiKey: 'sk-secret-value-123' });
    assert.strictEqual(b.id, 'chat:https://api.openai.com/v1:gpt-4o-mini');
  });

  it('createBackend hands the local provider to the registered factory', () => {
    const config = { provider: 'local' as const, baseUrl: '', model: 'tiny', modelPath: '/m.gguf', timeoutMs: 1, maxConcurrency: 1 };
    const seen: unknown[] = [];
    const b = createBackend(config, {
      localFactory: (c) => {
        seen.push(c);
        return { id: 'local:tiny', sample: async () => [] };
      },
    });
    assert.strictEqual(b.id, 'local:tiny');
    assert.deepStrictEqual(seen, [config]);
  });
});
