/**
 * The local GGUF provider with the tiny test model (random weights, real DeepSeek-Coder tokenizer):
 * runtime import and model load times, and tokens/s for the ways the editor samples.
 * `node out/bench/index.js local`
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { SampleOptions } from '../src/core/backend/backend';
import { createLocalBackend, type LocalBackend } from '../src/core/backend/local';
import { getCpuLlama, loadRuntime } from '../src/core/backend/local/runtime';
import type { Prompt } from '../src/core/types';

const MODEL = path.resolve(__dirname, '../../test/fixtures/models/tiny-deepseekcoder-f16-tied-e32-l1.gguf');
const PROMPT: Prompt = { kind: 'codex', text: 'import os\n\ndef', stop: [] };

function line(name: string, value: number, unit: string, digits = 1): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

function backend(threads: number): LocalBackend {
  const config = { provider: 'local' as const, baseUrl: '', model: '', timeoutMs: 0, maxConcurrency: 1, modelPath: MODEL };
  return createLocalBackend(config, { threads, idleReleaseMs: 0 });
}

/** Generated tokens per second of wall time for one `sample` call (raw log-probs included). */
async function tokensPerSecond(b: LocalBackend, opts: SampleOptions): Promise<number> {
  const started = performance.now();
  const samples = await b.sample(PROMPT, opts);
  const seconds = (performance.now() - started) / 1000;
  return samples.reduce((n, s) => n + (s.tokens?.length ?? 0), 0) / seconds;
}

export async function run(): Promise<void> {
  let t = performance.now();
  await loadRuntime();
  line('local.import_node_llama_cpp', performance.now() - t, 'ms', 0);
  t = performance.now();
  await getCpuLlama(() => undefined, () => undefined);
  line('local.get_llama_cpu_binding', performance.now() - t, 'ms', 0);

  const one = backend(1);
  t = performance.now();
  await one.preload();
  line('local.model_load_tiny_3MB', performance.now() - t, 'ms', 0);
  await one.sample(PROMPT, { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 8, seed: 1 }); // warm: context for n=5

  const hot: SampleOptions = { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 64, seed: 1 };
  line('local.tokens_per_s_n1_greedy', await tokensPerSecond(one, { ...hot, n: 1, temperature: 0 }), 'tokens/s');
  line('local.tokens_per_s_n5_greedy', await tokensPerSecond(one, { ...hot, temperature: 0 }), 'tokens/s');
  line('local.tokens_per_s_n1_t0.8_raw_logprobs', await tokensPerSecond(one, { ...hot, n: 1 }), 'tokens/s');
  line('local.tokens_per_s_n5_t0.8_raw_logprobs', await tokensPerSecond(one, hot), 'tokens/s');

  // Side by side: 1 thread vs 2 on this machine (short runs: 2 threads can be very slow on 2 cores).
  const short: SampleOptions = { n: 1, temperature: 0, topP: 1, maxTokens: 16 };
  const two = backend(2);
  await two.preload();
  await two.sample(PROMPT, { ...short, maxTokens: 2 });
  const tps1 = await tokensPerSecond(one, short);
  const tps2 = await tokensPerSecond(two, short);
  line('local.tokens_per_s_threads1', tps1, 'tokens/s');
  line('local.tokens_per_s_threads2', tps2, 'tokens/s');
  line('local.threads1_over_threads2', tps1 / tps2, 'x', 2);
  await Promise.all([one.release(), two.release()]);
}
