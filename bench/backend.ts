/**
 * Backend figures against the local OpenAI-protocol test server with a fixed per-token delay:
 * n=5 as one request with `n` vs five parallel requests (wall time, requests), and the provider's own
 * overhead per request (the provider's round trip minus a bare fetch of the same request, side by side).
 */
import { createBackend, type BackendConfig } from '../src/core/backend';
import type { Prompt } from '../src/core/types';
import { startTestServer, type TestServer } from '../test/server/openaiServer';

const TOKEN_DELAY_MS = 4;
const TEXT = '    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n'; // 31 tokens
const PROMPT: Prompt = { kind: 'codex', text: 'def mean(xs):\n    """Mean of xs."""\n', stop: ['\ndef'] };
const OPTS = { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 128 };
const ROUNDS = 7;
const OVERHEAD_ITERATIONS = 300;

export async function run(): Promise<void> {
  const batched = await startTestServer({ defaultText: TEXT, tokenDelayMs: TOKEN_DELAY_MS });
  const ignoresN = await startTestServer({ defaultText: TEXT, tokenDelayMs: TOKEN_DELAY_MS, ignoreN: true });
  try {
    const one = await timeSampling(batched);
    const five = await timeSampling(ignoresN);
    print('backend n=5 one request (n=5) wall', one.wallMs, 'ms');
    print('backend n=5 one request (n=5) requests', one.requests, 'requests');
    print('backend n=5 five parallel requests wall', five.wallMs, 'ms');
    print('backend n=5 five parallel requests requests', five.requests, 'requests');
    print('backend n=5 parallel/one-request wall ratio', five.wallMs / one.wallMs, 'x');
  } finally {
    await batched.close();
    await ignoresN.close();
  }
  await overhead();
}

/** Median wall time of n=5 sampling over several rounds, and requests per round. */
async function timeSampling(server: TestServer): Promise<{ wallMs: number; requests: number }> {
  const backend = createBackend(config(server, 5));
  await backend.sample(PROMPT, OPTS); // warm up, and learn whether the server honours n
  const times: number[] = [];
  server.reset();
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const samples = await backend.sample(PROMPT, OPTS);
    times.push(performance.now() - t0);
    if (samples.length !== 5) {
      throw new Error(`expected 5 samples, got ${samples.length}`);
    }
  }
  return { wallMs: median(times), requests: server.count() / ROUNDS };
}

/** Provider round trip minus bare fetch + JSON.parse of the same request, interleaved, medians. */
async function overhead(): Promise<void> {
  const server = await startTestServer({ defaultText: TEXT });
  try {
    const backend = createBackend(config(server, 1));
    const body = JSON.stringify({ model: 'bench', prompt: PROMPT.text, n: 1, temperature: 0.8, top_p: 0.95, max_tokens: 128, stop: PROMPT.stop, logprobs: 1 });
    const bare = async (): Promise<void> => {
      const res = await fetch(`${server.url}/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
      JSON.parse(await res.text());
    };
    const provider = async (): Promise<void> => {
      await backend.sample(PROMPT, { ...OPTS, n: 1 });
    };
    for (let i = 0; i < 30; i++) {
      await bare();
      await provider();
    }
    const bareMs: number[] = [];
    const providerMs: number[] = [];
    let bareCpuUs = 0;
    let providerCpuUs = 0;
    for (let i = 0; i < OVERHEAD_ITERATIONS; i++) {
      const b = await timed(bare);
      const p = await timed(provider);
      bareMs.push(b.wallMs);
      providerMs.push(p.wallMs);
      bareCpuUs += b.cpuUs;
      providerCpuUs += p.cpuUs;
    }
    print('backend bare fetch round trip (median)', median(bareMs), 'ms');
    print('backend provider round trip (median)', median(providerMs), 'ms');
    print('backend provider overhead per request (wall, median difference)', median(providerMs) - median(bareMs), 'ms');
    // CPU time is what the provider itself costs; it does not grow when other processes load the machine.
    print('backend provider overhead per request (CPU)', (providerCpuUs - bareCpuUs) / OVERHEAD_ITERATIONS / 1000, 'ms');
  } finally {
    await server.close();
  }
}

function config(server: TestServer, maxConcurrency: number): BackendConfig {
  return { provider: 'completions', baseUrl: server.url, model: 'bench', timeoutMs: 30_000, maxConcurrency };
}

/** Wall time and this process's CPU time (the in-process server's share is the same for both callers). */
async function timed(fn: () => Promise<void>): Promise<{ wallMs: number; cpuUs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuUs: cpu.user + cpu.system };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function print(name: string, value: number, unit: string): void {
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
}
