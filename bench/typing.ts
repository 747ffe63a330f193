/**
 * The editor's request economy: replays a trace of 500 keystrokes writing a Python file (signatures,
 * docstrings, then bodies that mostly follow the suggestion shown) through the inline provider's
 * logic (`CompletionEngine`: adaptive debounce, cancellation, cache, typing-through) and the real
 * pipeline, against the OpenAI-protocol test server answering after 200 ms.
 *
 * Prints: requests sent (target ≤ 100), requests saved by the cache and by typing-through, and
 * end-to-end latency (pipeline start → ranked items) over backend latency (HTTP request → samples),
 * both measured in the same run (target ≤ 1.05).
 */
import { createBackend, type Backend } from '../src/core/backend';
import { runPipeline } from '../src/core/pipeline';
import { getParser } from '../src/core/python/parser';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { CompletionEngine, type DocumentSnapshot, type PipelineRunner } from '../src/vscode/engine/completionEngine';
import { startTestServer, type RecordedRequest } from '../test/server/openaiServer';

const BACKEND_LATENCY_MS = 200;
const KEYSTROKES = 500;

/** The file the trace writes: each function's header and docstring, then its body. */
const FUNCTIONS: { head: string; body: string }[] = [
  { head: 'def add(a, b):\n    """Return a plus b."""\n', body: '    return a + b\n' },
  { head: 'def is_even(n):\n    """True when n is even."""\n', body: '    return n % 2 == 0\n' },
  { head: 'def first(items):\n    """The first item, or None."""\n', body: '    return items[0] if items else None\n' },
  { head: 'def square(x):\n    """x squared."""\n', body: '    return x * x\n' },
  { head: 'def clamp(x, lo, hi):\n    """x limited to [lo, hi]."""\n', body: '    return max(lo, min(x, hi))\n' },
  { head: 'def words(s):\n    """The words of s."""\n', body: '    return s.split()\n' },
  { head: 'def mean(xs):\n    """The mean of xs."""\n', body: '    return sum(xs) / len(xs)\n' },
  { head: 'def last(items):\n    """The last item."""\n', body: '    return items[-1]\n' },
  { head: 'def total(prices):\n    """The sum of prices."""\n', body: '    return sum(prices)\n' },
  { head: 'def shout(s):\n    """s in capitals."""\n', body: '    return s.upper()\n' },
];

/** One keystroke: the text typed (or `backspace`) and the gap before it. */
interface Key {
  text: string;
  gapMs: number;
  backspace?: boolean;
}

/** A deterministic pseudo-random sequence (the same trace every run). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * The trace: characters typed 60–140 ms apart, a 300–700 ms pause after each line, and a pause of
 * a second after each docstring (where the user waits for the suggestion). Bodies are typed as the
 * top suggestion reads, except every third function where the user writes a different first word;
 * in every second function the user first slips (a wrong key, then backspace).
 */
function buildTrace(): Key[] {
  const rand = rng(7);
  const keys: Key[] = [];
  FUNCTIONS.forEach((fn, i) => {
    const body = i % 3 === 2 ? fn.body.replace('return', 'result =') : fn.body;
    const text = fn.head + body + '\n';
    let c = 0;
    while (c < text.length) {
      // Enter types the next line's indentation too (the editor's auto-indent): one key.
      const m = text[c] === '\n' ? /^\n[ \t]*/.exec(text.slice(c)) : null;
      const keyText = m ? m[0] : text[c]!;
      const afterEnter = keys.at(-1)?.text.startsWith('\n') ?? false;
      let gapMs = afterEnter ? 300 + Math.floor(rand() * 400) : 60 + Math.floor(rand() * 80);
      if (c === fn.head.length + 4) {
        gapMs = 1000; // the user waits for the suggestion at the start of the body
        if (i % 2 === 1) {
          // a slip: a wrong key, then backspace, back to the context already answered
          keys.push({ text: 'x', gapMs }, { text: '', gapMs: 90, backspace: true });
          gapMs = 400;
        }
      }
      keys.push({ text: keyText, gapMs });
      c += keyText.length;
    }
  });
  return keys.slice(0, KEYSTROKES);
}

/** The server's answer: the expected body's rest after what is typed of it, plus two variants. */
function responder(req: RecordedRequest) {
  const prompt = req.promptText;
  const names = [...prompt.matchAll(/def (\w+)\(/g)];
  const name = names.at(-1)?.[1];
  const fn = FUNCTIONS.find((f) => f.head.startsWith(`def ${name}(`));
  const typedBody = prompt.slice(prompt.lastIndexOf('"""\n') + 4);
  const rest = fn && fn.body.startsWith(typedBody) ? fn.body.slice(typedBody.length) : 'pass\n';
  return {
    choices: [
      { text: rest, logprobs: -0.1 },
      { text: `${rest.replace(/\n$/, '')}  # alternative\n`, logprobs: -0.6 },
      { text: 'raise NotImplementedError\n', logprobs: -1.2 },
    ],
  };
}

/** Wraps a backend to time its one request. */
function timed(backend: Backend, timing: { ms?: number }): Backend {
  return {
    id: backend.id,
    async sample(prompt, opts, signal) {
      const t0 = performance.now();
      const samples = await backend.sample(prompt, opts, signal);
      timing.ms = performance.now() - t0;
      return samples;
    },
  };
}

/** Runs the trace; exported for `npm run bench`. */
export async function run(): Promise<void> {
  const server = await startTestServer({ responder, latencyMs: BACKEND_LATENCY_MS });
  // one pair per completed request: pipeline start → ranked result, and the HTTP request inside it
  const backendMs: number[] = [];
  const pipelineMs: number[] = [];
  const s = DEFAULT_SETTINGS;
  const http = createBackend({ provider: 'completions', baseUrl: server.url, model: 'test-model', timeoutMs: 10_000, maxConcurrency: 4 });
  const runner: PipelineRunner = async (request, signal) => {
    const timing: { ms?: number } = {};
    const t0 = performance.now();
    const result = await runPipeline(request, {
      backend: timed(http, timing),
      sampleOptions: { n: 3, temperature: s.sampling.temperature, topP: s.sampling.topP, maxTokens: s.sampling.maxTokens },
      promptOptions: { style: 'codex', contextBudgetChars: s.prompt.contextBudgetChars },
      rankOptions: { mode: 'meanLogprob' },
      signal,
    });
    if (timing.ms !== undefined) {
      pipelineMs.push(performance.now() - t0);
      backendMs.push(timing.ms);
    }
    return result;
  };
  const engine = new CompletionEngine({
    run: runner,
    maxEntries: s.cache.maxEntries,
    debounceMs: s.inline.debounceMs,
    adaptiveDebounce: s.inline.adaptiveDebounce,
  });
  try {
    await getParser(); // the extension warms the parser when it activates
    await replay(engine, buildTrace());
    const requests = server.count('completions');
    const saved = engine.stats.cacheHits + engine.stats.typingThrough;
    console.log(`typing: keystrokes: ${KEYSTROKES} keys`);
    console.log(`typing: requests sent: ${requests} requests`);
    console.log(`typing: requests saved by cache: ${engine.stats.cacheHits} requests`);
    console.log(`typing: requests saved by typing-through: ${engine.stats.typingThrough} requests`);
    console.log(`typing: requests saved in total: ${saved} requests`);
    console.log(`typing: requests cancelled (server saw closed): ${server.aborted} requests`);
    const e2e = mean(pipelineMs);
    const back = mean(backendMs);
    console.log(`typing: backend latency mean: ${back.toFixed(1)} ms`);
    console.log(`typing: end-to-end latency mean: ${e2e.toFixed(1)} ms`);
    console.log(`typing: end-to-end / backend latency: ${(e2e / back).toFixed(3)} ratio`);
    const ratios = pipelineMs.map((t, i) => t / backendMs[i]!);
    console.log(`typing: end-to-end / backend latency p50: ${median(ratios).toFixed(3)} ratio`);
  } finally {
    await server.close();
  }
}

/** Types the trace into an in-memory document, asking the engine after each key like the editor does. */
async function replay(engine: CompletionEngine, keys: Key[]): Promise<void> {
  let text = '';
  let version = 0;
  let previous: AbortController | undefined;
  const pending: Promise<unknown>[] = [];
  for (const key of keys) {
    await new Promise((r) => setTimeout(r, key.gapMs));
    previous?.abort(); // VS Code cancels the previous provider call on the next keystroke
    text = key.backspace ? text.slice(0, -1) : text + key.text;
    version++;
    const controller = new AbortController();
    previous = controller;
    const snapshot: DocumentSnapshot = { key: 'bench://typing.py', version, languageId: 'python', text, offset: text.length };
    pending.push(engine.complete(snapshot, controller.signal, false).catch(() => undefined));
  }
  await Promise.all(pending);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
