/**
 * `passk eval`: the check jobs the main job needs per cut (one per distinct text), the CPU time one
 * sandbox job costs (Node + worker + template + job process), and throughput:
 * samples/s checking 164 × 10 HumanEval samples (the first 10 shipped CodeGen samples per problem,
 * post-processed) with the persistent worker pool, and a fresh Python process per
 * sample, both with 2 jobs at once, side by side in the same run. A process per sample is ~15× slower, so
 * by default it runs on the first sample of each problem (164) and the ratio compares both on those;
 * PASSK_BENCH_EVAL_PER_PROCESS=all times it on all 1640 too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkSamples, distinctTextCount, type CheckItem, type ProgramRunner } from '../src/core/eval/checkSamples';
import { POSTPROCESS_MODES, prepare } from '../src/core/eval/prepare';
import { readProblems } from '../src/core/eval/problems';
import { readSamples } from '../src/core/eval/samples';
import { Sandbox } from '../src/core/sandbox';
import type { EvalResult, EvaluateRequest, ProgramResult, RunProgramRequest } from '../src/core/sandbox/api';

const ROOT = path.join(__dirname, '..', '..');
const PER_PROBLEM = 10;
const PARALLEL = 2;
const TIMEOUT_MS = 3000;

/** A runner that starts a new sandbox (a new Python process) for every program. */
const processPerSample: ProgramRunner = {
  runProgram: (req: RunProgramRequest): Promise<ProgramResult> => withFreshSandbox((s) => s.runProgram(req)),
  evaluate: (req: EvaluateRequest): Promise<EvalResult[]> => withFreshSandbox((s) => s.evaluate(req)),
};

async function withFreshSandbox<T>(run: (s: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await Sandbox.start({ workers: 1 });
  try {
    return await run(sandbox);
  } finally {
    sandbox.dispose();
  }
}

async function items(): Promise<CheckItem[]> {
  const problems = readProblems(path.join(ROOT, 'data', 'HumanEval.jsonl.gz'));
  const samples = readSamples(path.join(ROOT, 'data', 'codet-codegen16B-humaneval-samples.jsonl.gz'), problems);
  const prepared = await prepare(problems, samples.filter((s) => s.index < PER_PROBLEM));
  return prepared.flatMap((p) => p.items);
}

async function rate(all: CheckItem[], runner: ProgramRunner): Promise<{ perSecond: number; passed: number }> {
  const t0 = process.hrtime.bigint();
  const results = await checkSamples(all, { runner, timeoutMs: TIMEOUT_MS, concurrency: PARALLEL });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSecond: all.length / seconds, passed: results.filter((r) => r.passed).length };
}

/** Sandbox jobs the main job's checking needs per cut: one per distinct (problem, text), not per sample. */
async function distinctJobs(): Promise<void> {
  const problems = readProblems(path.join(ROOT, 'data', 'HumanEval.jsonl.gz'));
  const samples = readSamples(path.join(ROOT, 'data', 'codet-codegen16B-humaneval-samples.jsonl.gz'), problems);
  for (const mode of POSTPROCESS_MODES) {
    const items = (await prepare(problems, samples, mode)).flatMap((p) => p.items);
    console.log(`eval check jobs for ${items.length} samples (--postprocess ${mode}): ${distinctTextCount(items)} jobs`);
  }
}

/**
 * CPU time one sandbox job costs (the floor every check and every matrix row pays): Node's own, and the
 * worker's, its template's and the reaped job processes' (from /proc, so Linux only).
 */
async function jobCpu(): Promise<void> {
  if (process.platform !== 'linux') {
    return;
  }
  const jobs = 400;
  const sandbox = await Sandbox.start({ workers: 1, moduleSource: 'import math\n' });
  try {
    const program = 'def f(x):\n    return x + 1\n\n\nassert f(1) == 2\n';
    await sandbox.runProgram({ program, withModule: true }); // the template is up and warm
    const before = { node: process.cpuUsage(), python: treeCpuMs(sandbox.workerPids()) };
    for (let i = 0; i < jobs; i++) {
      await sandbox.runProgram({ program, withModule: true });
    }
    const node = process.cpuUsage(before.node);
    const python = treeCpuMs(sandbox.workerPids()) - before.python;
    const nodeMs = (node.user + node.system) / 1000 / jobs;
    console.log(`eval sandbox job CPU (trivial program, ${jobs} jobs, load ${os.loadavg()[0]!.toFixed(1)}): ${(nodeMs + python / jobs).toFixed(2)} ms/job`);
    console.log(`eval sandbox job CPU in Node: ${nodeMs.toFixed(2)} ms/job`);
  } finally {
    sandbox.dispose();
  }
}

/** utime + stime of the processes and their descendants, reaped children included (clock ticks → ms). */
function treeCpuMs(pids: readonly number[]): number {
  const tickMs = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * tickMs; // utime stime cutime cstime
      const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      if (children) {
        total += treeCpuMs(children.split(' ').map(Number));
      }
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** Prints the check jobs per cut, the CPU per sandbox job, samples/s for both runners and their ratio. */
export async function run(): Promise<void> {
  await distinctJobs();
  await jobCpu();
  const all = await items();
  const subset = process.env.PASSK_BENCH_EVAL_PER_PROCESS === 'all' ? all : all.filter((it) => it.index === 0);
  const sandbox = await Sandbox.start({ workers: PARALLEL, limits: { timeoutMs: TIMEOUT_MS } });
  let persistent;
  let persistentSubset;
  try {
    persistent = await rate(all, sandbox);
    persistentSubset = await rate(subset, sandbox);
  } finally {
    sandbox.dispose();
  }
  const fresh = await rate(subset, processPerSample);
  console.log(`eval persistent worker (${all.length} samples, ${PARALLEL} workers, ${persistent.passed} passed): ${persistent.perSecond.toFixed(1)} samples/s`);
  console.log(`eval persistent worker (${subset.length} samples, ${PARALLEL} workers): ${persistentSubset.perSecond.toFixed(1)} samples/s`);
  console.log(`eval process per sample (${subset.length} samples, ${PARALLEL} at once, ${fresh.passed} passed): ${fresh.perSecond.toFixed(1)} samples/s`);
  console.log(`eval persistent vs process per sample (same ${subset.length} samples): ${(persistentSubset.perSecond / fresh.perSecond).toFixed(1)} x`);
}
