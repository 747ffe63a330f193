/**
 * Model-written tests at edit time (`npm run bench -- modelTests`):
 * - what running them adds to ranking: codet on 5 samples of a problem without examples, with the first
 *   20 of the model's tests (CodeT's shipped tests), against ranking the same samples by agreement alone;
 * - the extra request's wall time against the code request's, both sent at once to the OpenAI-protocol test
 *   server pacing tokens (the editor's defaults: 5 × 256 code tokens, 5 × 200 test tokens), with two
 *   generation slots and with one — the time the test answer arrives after the code samples is what the
 *   grace period (MODEL_TESTS_GRACE_MS) has to cover.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { createBackend } from '../src/core/backend';
import { buildContext } from '../src/core/context/buildContext';
import { extractTests } from '../src/core/modelTests/extract';
import { buildTestPrompt } from '../src/core/modelTests/prompt';
import { postprocess } from '../src/core/postprocess';
import { buildPrompt } from '../src/core/prompt';
import { loadModuleSourceForExecution } from '../src/core/python/moduleSource';
import { rank } from '../src/core/rank';
import { Sandbox } from '../src/core/sandbox';
import { startTestServer } from '../test/server/openaiServer';

const dataDir = path.resolve(__dirname, '..', '..', 'data');

function readJsonl<T>(file: string): T[] {
  return zlib.gunzipSync(fs.readFileSync(path.join(dataDir, file))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<void> {
  await rankingCost();
  await requestTiming(2);
  await requestTiming(1);
}

/** HumanEval/2's prompt without examples, its first 5 distinct samples and the model's first 20 tests. */
async function rankingCost(): Promise<void> {
  const task = 'HumanEval/2';
  const problem = readJsonl<{ task_id: string; prompt: string }>('HumanEval.jsonl.gz').find((p) => p.task_id === task)!;
  const prompt = problem.prompt.replace(/\n\s*>>>[\s\S]*?(?=\n\s*""")/, '');
  const ctx = await buildContext({ text: prompt, offset: prompt.length });
  const texts = readJsonl<{ task_id: string; completion: string }>('codet-codegen16B-humaneval-samples.jsonl.gz').filter((s) => s.task_id === task).map((s) => s.completion);
  const samples = postprocess(texts.map((text, index) => ({ text, index, finishReason: 'stop' as const })), ctx).slice(0, 5);
  const continuations = readJsonl<{ task_id: string; samples: string[] }>('codet-codegen16B-humaneval-tests.jsonl.gz').find((t) => t.task_id === task)!.samples;
  const tests = await extractTests(continuations, ctx.fn!.name, { maxTests: 20 });
  const moduleSource = await loadModuleSourceForExecution(prompt, [{ start: ctx.fn!.startOffset, end: ctx.fn!.endOffset }]);
  const sandbox = await Sandbox.start({ moduleSource, workers: 2 });
  try {
    const time = async (mode: 'codet' | 'agreement'): Promise<number> => {
      const ms: number[] = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        await rank(samples, ctx, { mode, sandbox, modelTests: tests });
        ms.push(performance.now() - t0);
      }
      return percentile(ms.slice(1), 50);
    };
    const without = await time('agreement');
    const withTests = await time('codet');
    console.log(`modelTests rank ${samples.length} samples, no tests (agreement, no examples) p50: ${without.toFixed(0)} ms`);
    console.log(`modelTests rank ${samples.length} samples x ${tests.length} model tests (codet) p50: ${withTests.toFixed(0)} ms`);
  } finally {
    sandbox.dispose();
  }
}

/** Both requests sent together to a server pacing 2 ms a token; when each answer is complete. */
async function requestTiming(slots: number): Promise<void> {
  const code = '    return number % 1.0\n' + '    # padding\n'.repeat(60);
  const tests = 'truncate_number(3.5) == 0.5\n' + 'assert truncate_number(1.25) == 0.25\n'.repeat(40);
  const server = await startTestServer({ tokenDelayMs: 2, slots, responder: (r) => ({ choices: Array(r.n).fill(r.promptText.includes('check the correctness') ? tests : code) }) });
  try {
    const backend = createBackend({ provider: 'completions', baseUrl: server.url, model: 'm', timeoutMs: 60_000, maxConcurrency: 4 });
    const text = 'def truncate_number(number: float) -> float:\n    """Return the decimal part of the number."""\n';
    const ctx = await buildContext({ text, offset: text.length });
    const testPrompt = buildTestPrompt(ctx, 'codex')!.prompt;
    const after: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const codeDone = backend.sample(buildPrompt(ctx, { style: 'codex' }), { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 256 }).then(() => performance.now() - t0);
      const testsDone = backend.sample(testPrompt, { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 200 }).then(() => performance.now() - t0);
      const [c, t] = await Promise.all([codeDone, testsDone]);
      after.push(t - c);
    }
    console.log(`modelTests test answer after the code samples, ${slots} slot${slots === 1 ? '' : 's'}, p50: ${percentile(after, 50).toFixed(0)} ms`);
  } finally {
    await server.close();
  }
}
