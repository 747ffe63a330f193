/**
 * `passk eval`'s engine: read problems and samples (or draw them live), post-process as the editor does,
 * check each sample in the sandbox, then compute pass@k and the ranking table and write the outputs.
 * Every stage journals to the out dir, so a re-run resumes where the last one stopped.
 */
import { setMaxListeners } from 'events';
import * as path from 'path';
import { Sandbox, type IsolationMode, type ProgramResult } from '../sandbox';
import { renderChart } from './chart';
import { checkTexts, type CheckItem } from './checkSamples';
import { drawSamples, type DrawOptions, type DrawnRecord } from './drawSamples';
import { drawModelTests, type DrawnTests } from './drawTests';
import { Journal, writeFileAtomic } from './files';
import { EvalInputError } from './inputError';
import { readModelTests } from './modelTestsFile';
import { attachModelTests, prepare, type PostprocessMode, type PreparedProblem } from './prepare';
import { problemImports, readProblems, type Problem } from './problems';
import { corePickers, PROBLEMS_IN_FLIGHT, type RankerMode, type CorePickerOptions } from './rankers';
import { rankingTable, type Picker, type PickRecord, type TableOptions } from './rankingTable';
import { renderReport } from './report';
import { readSamples, type EvalSample } from './samples';
import { countsByProblem, passAtKTable, type EvalSummary, type SampleResult } from './summary';

/** Where the samples come from. */
export type SampleSource = { kind: 'file'; file: string } | ({ kind: 'live'; label: string } & Omit<DrawOptions, 'journal' | 'onProblem' | 'signal'>);

/** Progress of one phase. */
export interface EvalProgress {
  phase: 'sampling' | 'tests' | 'checking' | 'ranking';
  done: number;
  total: number;
}

/** Options of {@link runEval}. */
export interface EvalOptions {
  problemsFile: string;
  source: SampleSource;
  /** The ks for the headline (all k ≤ n are in the report anyway). */
  ks: number[];
  /** Rankers beyond random and oracle (the editor's ranking modes). */
  rankers: readonly RankerMode[];
  /** Model-written tests in CodeT's format (`--tests`), for the rankers that read them (codet, auto). */
  testsFile?: string;
  /** With live sampling (`--model-tests N`): draw N test continuations per problem from the same backend. */
  modelTests?: { n: number; maxTokens: number };
  outDir: string;
  workers: number;
  timeoutMs: number;
  /** How completions are cut before checking and ranking (default `editor`). */
  postprocess?: PostprocessMode;
  /** Generated inputs per problem for the execution rankers (default 30; 0 = examples only). */
  inputs?: number;
  /** Only the first N problems (a quick slice while iterating). */
  limit?: number;
  /** Whether samples may run without the kernel layers (default `required`: no run without them). */
  isolation?: IsolationMode;
  onProgress?: (p: EvalProgress) => void;
  signal?: AbortSignal;
}

/** Generated inputs per problem in `passk eval` (the editor makes at most 20). */
export const EVAL_INPUTS = 30;
/** The CPU time one generated input may take in `passk eval`. */
const INPUT_TIMEOUT_MS = 100;
/**
 * The CPU time of a sample's generated inputs together in `passk eval`: one and a half inputs' worth (a
 * sample runs its 30 inputs in ~2 ms at the median), so a sample stops at its second input that runs out
 * of time. Such a sample (it loops, or its algorithm is exponential) then costs 200 ms instead of 1 s:
 * with 1 s the main job took 140 CPU-s more, with 250 ms (three inputs) about 13 CPU-s more, for the same
 * verdicts and the same ranking table.
 */
const INPUTS_CPU_BUDGET_MS = 150;
/**
 * The same with model-written tests (`--tests`), grown with their number (rank's scaledBudget). A test
 * calls with its own, often larger inputs: 250 ms ran the correct samples of two recursive problems out
 * of time before their tests (without examples, with tests: auto 0.445 → 0.433).
 */
const INPUTS_CPU_BUDGET_WITH_TESTS_MS = 1000;
/**
 * No wall-clock limit on making a problem's inputs (the editor's is 20 ms): the mutation loop's own bound
 * (20 tries per input) ends it, so the inputs, and the ranking table, do not depend on how loaded the
 * machine is. With the editor's limit, 8 of the 164 HumanEval problems got fewer inputs at load 5–8.
 */
const GENERATION_MS = Number.POSITIVE_INFINITY;
/** The generated-input options of `passk eval`'s rankers, for `cap` inputs per problem. */
export function evalInputOptions(cap: number): CorePickerOptions['inputs'] {
  return { cap, inputTimeoutMs: INPUT_TIMEOUT_MS, cpuBudgetMs: INPUTS_CPU_BUDGET_MS, testsCpuBudgetMs: INPUTS_CPU_BUDGET_WITH_TESTS_MS, budgetMs: GENERATION_MS };
}

/** The ranking table's sizes besides all samples (the editor's default n is 5), subsets per size, rounds. */
const TABLE: TableOptions = { sizes: [5, 10], subsets: 20, adaptive: { n: 5, rounds: 3 } };

/** The files an evaluation writes in its out dir. */
export const OUT_FILES = {
  drawn: 'samples.jsonl',
  drawnTests: 'tests.jsonl',
  resultsJournal: 'results.partial.jsonl',
  results: 'results.jsonl',
  picksJournal: 'picks.partial.jsonl',
  summary: 'summary.json',
  report: 'report.md',
  chart: 'chart.svg',
} as const;

/** Runs the whole evaluation and writes results.jsonl, summary.json, report.md and chart.svg. */
export async function runEval(opts: EvalOptions): Promise<EvalSummary> {
  const started = Date.now();
  const allProblems = readProblems(opts.problemsFile);
  const problems = allProblems.slice(0, opts.limit ?? Infinity);
  const kept = new Set(problems.map((p) => p.taskId));
  // A samples file is checked against every problem, then cut to the slice.
  const samples = (await loadSamples(opts.source.kind === 'file' ? allProblems : problems, opts)).filter((s) => kept.has(s.taskId));
  const prepared = await prepare(problems, samples, opts.postprocess ?? 'editor');
  if (opts.testsFile !== undefined) {
    await attachModelTests(prepared, readModelTests(opts.testsFile, problems));
  } else if (opts.modelTests && opts.source.kind === 'live') {
    await attachModelTests(prepared, await drawTests(problems, opts.source, opts.modelTests, opts));
  }
  const sandbox = await checkingSandbox(problems, opts);
  const inputs = opts.inputs ?? EVAL_INPUTS;
  const { pickers, dispose, jobs, ahead, checkOf, endChecks } = corePickers(opts.rankers, {
    workers: opts.workers,
    timeoutMs: opts.timeoutMs,
    inputs: evalInputOptions(inputs),
    isolation: opts.isolation,
    checks: { timeoutMs: opts.timeoutMs },
  });
  const byTask = new Map(prepared.map((p) => [p.problem.taskId, p]));
  const fromRanking = (it: CheckItem): Promise<ProgramResult | undefined> => checkOf(byTask.get(it.problem.taskId)!, it.postprocessed);
  try {
    const picks = new Journal<PickRecord>(path.join(opts.outDir, OUT_FILES.picksJournal));
    const done = picks.read();
    const picking = pickBesideChecking(prepared, pickers, done, picks, opts, ahead, endChecks);
    let results;
    try {
      results = await check(prepared, sandbox, opts, fromRanking);
    } catch (e) {
      picking.stop();
      throw e;
    } finally {
      sandbox.dispose(); // ranking has its own, reloaded per problem with the problem's module context
    }
    await picking.finish();
    const table = await rankingTable(prepared, results.all, pickers, { ...TABLE, done, signal: opts.signal });
    // The same picks (all samples) scored with EvalPlus's stricter verdict: no ranker runs again.
    const plusRanking = problems.some((p) => p.inputs)
      ? (await rankingTable(prepared, results.all.map((r) => ({ ...r, passed: r.plus_passed === true })), pickers, { done, signal: opts.signal })).rows
      : undefined;
    const summary = summarize(opts, problems, samples, prepared, results, { base: table.rows, plus: plusRanking }, (Date.now() - started) / 1000);
    if (table.adaptive) {
      summary.adaptive = table.adaptive;
    }
    summary.generatedInputs = inputs;
    summary.rankingJobs = jobs();
    writeOutputs(opts.outDir, summary, results.all);
    return summary;
  } finally {
    sandbox.dispose();
    dispose();
  }
}

/**
 * Runs the rankers while the samples are checked: picking needs no verdicts (only scoring does). The
 * picks' matrix jobs also check each ranked sample, and checking reads those verdicts (`settled`: no
 * more will come; what is left is checked on its own). Picks go to `done` and the journal; ranking
 * progress is shown once checking is over.
 */
function pickBesideChecking(
  prepared: PreparedProblem[],
  pickers: Picker[],
  done: PickRecord[],
  journal: Journal<PickRecord>,
  opts: EvalOptions,
  ahead: (p: PreparedProblem, signal: AbortSignal) => void,
  settled: () => void,
): { finish(): Promise<void>; stop(): void } {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  setMaxListeners(0, signal); // one listener per sandbox job in flight
  const total = (pickers.length * (1 + (TABLE.sizes?.length ?? 0)) + (pickers.some((p) => p.adaptive) ? 1 : 0)) * prepared.length;
  let ranked = 0;
  let checking = true;
  const running = rankingTable(prepared, [], pickers, {
    ...TABLE,
    done,
    onPick: (r) => {
      done.push(r);
      journal.append([r]);
      ranked++;
      if (!checking) {
        opts.onProgress?.({ phase: 'ranking', done: ranked, total });
      }
    },
    ahead: (p) => ahead(p, signal),
    aheadCount: PROBLEMS_IN_FLIGHT - 1,
    signal,
  });
  running.catch(() => undefined).finally(settled); // awaited in finish(); a stopped run's rejection is expected
  return {
    async finish() {
      checking = false;
      opts.onProgress?.({ phase: 'ranking', done: ranked, total });
      await running;
    },
    stop: () => stop.abort(),
  };
}

async function loadSamples(problems: Problem[], opts: EvalOptions): Promise<EvalSample[]> {
  const src = opts.source;
  if (src.kind === 'file') {
    return readSamples(src.file, problems);
  }
  let done = 0;
  opts.onProgress?.({ phase: 'sampling', done, total: problems.length });
  return drawSamples(problems, {
    ...src,
    journal: new Journal<DrawnRecord>(path.join(opts.outDir, OUT_FILES.drawn)),
    onProblem: () => opts.onProgress?.({ phase: 'sampling', done: ++done, total: problems.length }),
    signal: opts.signal,
  });
}

/** Draws the model's tests per problem live (journaled as tests.jsonl, CodeT's format). */
function drawTests(problems: Problem[], src: Extract<SampleSource, { kind: 'live' }>, tests: { n: number; maxTokens: number }, opts: EvalOptions): Promise<Map<string, string[]>> {
  let done = 0;
  opts.onProgress?.({ phase: 'tests', done, total: problems.length });
  return drawModelTests(problems, {
    backend: src.backend,
    sampling: { ...src.sampling, n: tests.n, maxTokens: tests.maxTokens },
    style: src.prompt.style,
    journal: new Journal<DrawnTests>(path.join(opts.outDir, OUT_FILES.drawnTests)),
    concurrency: src.concurrency,
    onProblem: () => opts.onProgress?.({ phase: 'tests', done: ++done, total: problems.length }),
    signal: opts.signal,
  });
}

/**
 * The checking sandbox's workers for each of --workers: most checks it runs on its own are of samples
 * that ran out of time on a ranking input, which often loop, each holding its worker for the whole 3 s
 * limit (at the lowest priority past its first second).
 */
const CHECKING_WORKERS_PER_WORKER = 2;

/**
 * The sandbox that checks samples, with the problems' imports loaded in its workers first: a check that
 * imports numpy (HumanEval+ in HumanEval's format) finds it loaded, and when the interpreter lacks a
 * module the tests import, the run stops here with one clear message instead of failing every sample.
 */
async function checkingSandbox(problems: Problem[], opts: EvalOptions): Promise<Sandbox> {
  const sandbox = await Sandbox.start({
    workers: opts.workers * CHECKING_WORKERS_PER_WORKER,
    limits: { timeoutMs: opts.timeoutMs },
    isolation: opts.isolation,
    moduleSource: problemImports(problems).join('\n'),
  });
  const missing = sandbox.info.moduleErrors.find((e) => /ModuleNotFoundError|ImportError/.test(e));
  if (missing) {
    sandbox.dispose();
    const name = /No module named '([^']+)'/.exec(missing)?.[1];
    const what = name ? `the module ${name}` : 'a module';
    throw new EvalInputError(
      `${opts.problemsFile}: the problems' tests import ${what}, which ${sandbox.info.python} (Python ${sandbox.info.version}) cannot import (${missing.replace(/^line \d+: /, '')}); ` +
        `install it for that interpreter${name ? ` (e.g. ${sandbox.info.python} -m pip install ${name})` : ''} or put a python3 that has it first on PATH`,
    );
  }
  return sandbox;
}

async function check(
  prepared: PreparedProblem[],
  sandbox: Sandbox,
  opts: EvalOptions,
  fromRanking: (it: CheckItem) => Promise<ProgramResult | undefined>,
): Promise<{ all: SampleResult[]; checkedThisRun: number; checkedAlone: number; distinct: number }> {
  const journal = new Journal<SampleResult>(path.join(opts.outDir, OUT_FILES.resultsJournal));
  const items = prepared.flatMap((p) => p.items);
  let done = 0;
  const run = await checkTexts(items, {
    runner: sandbox,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.workers * CHECKING_WORKERS_PER_WORKER * 2,
    postprocess: opts.postprocess ?? 'editor',
    journal,
    fromRanking,
    onResult: () => opts.onProgress?.({ phase: 'checking', done: ++done, total: items.length }),
    signal: opts.signal,
  });
  return { all: run.results, checkedThisRun: run.executed, checkedAlone: run.checkedAlone, distinct: run.distinct };
}

function summarize(
  opts: EvalOptions,
  problems: Problem[],
  samples: EvalSample[],
  prepared: PreparedProblem[],
  results: { all: SampleResult[]; checkedThisRun: number; checkedAlone: number; distinct: number },
  ranking: { base: EvalSummary['ranking']; plus?: EvalSummary['ranking'] },
  seconds: number,
): EvalSummary {
  const ids = problems.map((p) => p.taskId);
  const counts = [...countsByProblem(ids, results.all).values()];
  const passAtK = passAtKTable(counts);
  const ns = counts.map((c) => c.n);
  const headlineOf = (table: { k: number; value: number }[]): { k: number; value: number }[] => opts.ks.flatMap((k) => table.filter((p) => p.k === k));
  const plusPassAtK = ranking.plus ? passAtKTable([...countsByProblem(ids, results.all, 'plus').values()]) : undefined;
  return {
    problemsFile: opts.problemsFile,
    samplesSource: opts.source.kind === 'file' ? opts.source.file : opts.source.label,
    problems: problems.length,
    samples: samples.length,
    samplesPerProblem: { min: Math.min(...ns), max: Math.max(...ns) },
    passAtK,
    headline: headlineOf(passAtK),
    ranking: ranking.base,
    ...(ranking.plus && plusPassAtK ? { plus: { passAtK: plusPassAtK, headline: headlineOf(plusPassAtK), ranking: ranking.plus } } : {}),
    postprocess: opts.postprocess ?? 'editor',
    emptyAfterPostprocess: prepared.flatMap((p) => p.items).filter((i) => i.postprocessed === '').length,
    distinctTexts: results.distinct,
    checkedThisRun: results.checkedThisRun,
    checkedAlone: results.checkedAlone,
    seconds,
    timeoutMs: opts.timeoutMs,
    workers: opts.workers,
  };
}

function writeOutputs(outDir: string, summary: EvalSummary, results: SampleResult[]): void {
  writeFileAtomic(path.join(outDir, OUT_FILES.results), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileAtomic(path.join(outDir, OUT_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
  writeFileAtomic(path.join(outDir, OUT_FILES.report), renderReport(summary));
  const chart = renderChart({
    title: `pass@k and ranking — ${summary.problems} problems, ${summary.samplesPerProblem.min} samples each`,
    passAtK: summary.passAtK,
    ranking: summary.ranking.map((r) => ({ name: r.ranker, value: r.passAt1 })),
  });
  writeFileAtomic(path.join(outDir, OUT_FILES.chart), chart);
}
