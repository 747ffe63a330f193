/** Shared bits of the local-provider tests: the real tiny GGUF model and a config pointing at it. */
import * as path from 'path';
import type { BackendConfig } from '../../../src/core/backend/backend';
import { getCpuLlama, type LlamaModel } from '../../../src/core/backend/local/runtime';

/** Random weights, real DeepSeek-Coder tokenizer: noise text from a real engine. */
export const TINY_MODEL = path.resolve(__dirname, '../../../../test/fixtures/models/tiny-deepseekcoder-f16-tied-e32-l1.gguf');

/** A prompt after which this model's next token is spread over many candidates. */
export const SPREAD_PROMPT = 'import os\n\ndef';

export function localConfig(modelPath: string | undefined): BackendConfig {
  return { provider: 'local', baseUrl: '', model: '', timeoutMs: 60_000, maxConcurrency: 1, modelPath };
}

let model: Promise<LlamaModel> | undefined;

/** The tiny model loaded straight through node-llama-cpp (for checks independent of the provider). */
export function loadTinyModel(): Promise<LlamaModel> {
  model ??= getCpuLlama(
    () => undefined,
    () => undefined,
  ).then((llama) => llama.loadModel({ modelPath: TINY_MODEL, gpuLayers: 0 }));
  return model;
}
