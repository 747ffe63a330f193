/**
 * Generate Docstring figures: the core's own time per docstring against the test server (no backend
 * latency), the added time of running and correcting the examples in a warm sandbox, and finding the
 * target at the cursor in a 10,000-line file after a one-character edit.
 */
import { createBackend } from '../src/core/backend';
import { generateDocstring, type GenerateOptions } from '../src/core/docstring/generate';
import { findDocTargets } from '../src/core/docstring/targets';
import { Sandbox } from '../src/core/sandbox';
import { startTestServer } from '../test/server/openaiServer';

const RUNS = 30;
const FILE = 'import math\n\n\ndef area(r):\n    return round(math.pi * r * r, 2)\n';
const SAMPLE = 'Area of a circle.\n\n    Args:\n        r: Radius.\n\n    Returns:\n        The area.\n\n    Examples:\n        >>> area(1)\n        3.14\n        >>> area(2)\n        12.0\n    """';

export async function run(): Promise<void> {
  const server = await startTestServer({ responder: (req) => ({ choices: Array(req.n).fill(SAMPLE) }) });
  const sandbox = await Sandbox.start({ moduleSource: 'import math\n' });
  try {
    const backend = createBackend({ provider: 'completions', baseUrl: server.url, model: 'test-model', timeoutMs: 10000, maxConcurrency: 4 });
    const [target] = await findDocTargets(FILE, { start: FILE.indexOf('return'), end: FILE.indexOf('return') });
    const opts: GenerateOptions = {
      style: 'google',
      fallbackStyle: 'google',
      ranking: 'meanLogprob',
      examples: true,
      sampling: { n: 5, temperature: 0.8, topP: 0.95, maxTokens: 200 },
      promptKind: 'codex',
    };
    const doc = { text: FILE, eol: '\n' as const };
    const plain = await timeRuns(() => generateDocstring(doc, target!, { ...opts, examples: false }, { backend }));
    const checked = await timeRuns(() => generateDocstring(doc, target!, opts, { backend, sandbox }));
    console.log(`docstring_generate_p50 (n=5, test server, no examples): ${plain.toFixed(2)} ms`);
    console.log(`docstring_generate_with_examples_p50 (2 examples run and corrected): ${checked.toFixed(2)} ms`);
    console.log(`docstring_examples_added_p50: ${(checked - plain).toFixed(2)} ms`);
    console.log(`docstring_target_at_cursor_10k_lines_p50 (after a 1-char edit): ${(await targetLookup()).toFixed(2)} ms`);
  } finally {
    sandbox.dispose();
    await server.close();
  }
}

async function timeRuns(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function targetLookup(): Promise<number> {
  const fns = Array.from({ length: 2500 }, (_, i) => `def f${i}(a, b):\n    x = a + b\n    return x * ${i}\n`);
  let text = fns.join('\n');
  const offset = text.indexOf('def f1250');
  const typed = text.indexOf('a + b', offset) + 'a + b'.length; // typing `b` → `bb` and back: no syntax error
  await findDocTargets(text, { start: offset, end: offset }, { key: 'bench' });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    text = i % 2 === 0 ? text.slice(0, typed) + 'b' + text.slice(typed) : text.slice(0, typed) + text.slice(typed + 1);
    const start = performance.now();
    await findDocTargets(text, { start: offset, end: offset }, { key: 'bench' });
    times.push(performance.now() - start);
  }
  return median(times);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
