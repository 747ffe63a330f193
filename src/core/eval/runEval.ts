/**
 * `passk eval`'s engine: read problems and samples (or draw them live), post-process as the editor does,
 * check each sample in the sandbox, then compute pass@k and the ranking table and write the outputs.
 * Every stage journals to the out dir, so a re-run resumes where the last one stopped.
 */
import * as path from 'path';
import { Sandbox } from '../sandbox';
import { renderChart } from './chart';
import { checkSamples } from './checkSamples';
import { drawSamples, type DrawOptions, type DrawnRecord } from './drawSamples';
import { Journal, writeFileAtomic } from './files';
import { prepare, type PreparedProblem } from './prepare';
import { readProblems, type Problem } from './problems';
import { corePickers, type RankerMode } from './rankers';
import { rankingTable, type PickRecord } from './rankingTable';
import { renderReport } from './report';
import { readSamples, type EvalSample } from './samples';
import { countsByProblem, passAtKTable, type EvalSummary, type SampleResult } from './summary';

/** Where the samples come from. */
export type SampleSource = { kind: 'file'; file: string } | ({ kind: 'live'; label: string } & Omit<DrawOptions, 'journal' | 'onProblem' | 'signal'>);

/** Progress of one phase. */
export interface EvalProgress {
  phase: 'sampling' | 'checking' | 'ranking';
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
  outDir: string;
  workers: number;
  timeoutMs: number;
  onProgress?: (p: EvalProgress) => void;
  signal?: AbortSignal;
}

/** The files an evaluation writes in its out dir. */
export const OUT_FILES = {
  drawn: 'samples.jsonl',
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
  const problems = readProblems(opts.problemsFile);
  const samples = await loadSamples(problems, opts);
  const prepared = await prepare(problems, samples);
  const sandbox = await Sandbox.start({ workers: opts.workers, limits: { timeoutMs: opts.timeoutMs } });
  const { pickers, dispose } = corePickers(opts.rankers, { workers: opts.workers, timeoutMs: opts.timeoutMs });
  try {
    const results = await check(prepared, sandbox, opts);
    sandbox.dispose(); // ranking starts its own, per problem, with the problem's module context
    const picks = new Journal<PickRecord>(path.join(opts.outDir, OUT_FILES.picksJournal));
    let ranked = 0;
    const total = pickers.length * prepared.length;
    const ranking = await rankingTable(prepared, results.all, pickers, {
      done: picks.read(),
      onPick: (r) => {
        picks.append([r]);
        opts.onProgress?.({ phase: 'ranking', done: ++ranked, total });
      },
      signal: opts.signal,
    });
    const summary = summarize(opts, problems, samples, prepared, results, ranking, (Date.now() - started) / 1000);
    writeOutputs(opts.outDir, summary, results.all);
    return summary;
  } finally {
    sandbox.dispose();
    dispose();
  }
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

async function check(
  prepared: PreparedProblem[],
  sandbox: Sandbox,
  opts: EvalOptions,
): Promise<{ all: SampleResult[]; checkedThisRun: number }> {
  const journal = new Journal<SampleResult>(path.join(opts.outDir, OUT_FILES.resultsJournal));
  const items = prepared.flatMap((p) => p.items);
  const before = journal.read().length;
  let done = 0;
  const all = await checkSamples(items, {
    runner: sandbox,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.workers * 2,
    journal,
    onResult: () => opts.onProgress?.({ phase: 'checking', done: ++done, total: items.length }),
    signal: opts.signal,
  });
  return { all, checkedThisRun: Math.max(0, journal.read().length - before) };
}

function summarize(
  opts: EvalOptions,
  problems: Problem[],
  samples: EvalSample[],
  prepared: PreparedProblem[],
  results: { all: SampleResult[]; checkedThisRun: number },
  ranking: EvalSummary['ranking'],
  seconds: number,
): EvalSummary {
  const counts = [...countsByProblem(problems.map((p) => p.taskId), results.all).values()];
  const passAtK = passAtKTable(counts);
  const ns = counts.map((c) => c.n);
  return {
    problemsFile: opts.problemsFile,
    samplesSource: opts.source.kind === 'file' ? opts.source.file : opts.source.label,
    problems: problems.length,
    samples: samples.length,
    samplesPerProblem: { min: Math.min(...ns), max: Math.max(...ns) },
    passAtK,
    headline: opts.ks.flatMap((k) => passAtK.filter((p) => p.k === k)),
    ranking,
    emptyAfterPostprocess: prepared.flatMap((p) => p.items).filter((i) => i.postprocessed === '').length,
    checkedThisRun: results.checkedThisRun,
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
