/**
 * Ranking lab (a dev tool, not a benchmark: the `_` keeps `npm run bench` from running it). Ranking
 * quality is tuned against the shipped samples, and a full `passk eval` costs many minutes of CPU; most of
 * that is building the execution matrices, which do not change while the selection rules are tuned.
 *
 *   node out/bench/_rankLab.js dump  --problems P --samples S [--tests T] [--inputs 30] --out FILE.json.gz
 *   (dump --only 3,57,... builds a subset; score --dump FULL.json.gz,SUBSET.json.gz scores the full dump with the subset's problems replaced)
 *   node out/bench/_rankLab.js score --dump FILE.json.gz --results OUT/results.jsonl [--no-tests] [--ranking auto,behaviour]
 *
 * `dump` builds every problem's matrix exactly as `passk eval` does (same context, inputs, seed, limits;
 * `prepareExecution`) and stores it with the candidates. `score` re-ranks offline with the same
 * `rankWith` and the same ranking table (subsets at n = 5, 10 and all samples) against the per-sample
 * verdicts of an eval run, in well under a minute. `--no-tests` drops the model-written tests' columns
 * (the matrix without `--tests`: the other inputs do not depend on them).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { executionModule } from '../src/core/pipeline';
import { prepareExecution, rankWith, type Execution } from '../src/core/rank';
import { normalizer } from '../src/core/rank/normalize';
import { rankerFor } from '../src/core/rank/rankers';
import { behaviourOfCell, type ExecutionMatrix } from '../src/core/rank/matrix';
import { isDegenerate } from '../src/core/rank/degenerate';
import { Sandbox } from '../src/core/sandbox';
import type { RankingMode, Sample } from '../src/core/types';
import { readModelTests } from '../src/core/eval/modelTestsFile';
import { attachModelTests, prepare, type PreparedProblem } from '../src/core/eval/prepare';
import { readProblems } from '../src/core/eval/problems';
import { evalInputOptions } from '../src/core/eval/runEval';
import { pickOf } from '../src/core/eval/rankers';
import { rankingTable, type Picker } from '../src/core/eval/rankingTable';
import { readSamples } from '../src/core/eval/samples';
import type { SampleResult } from '../src/core/eval/summary';

/** One problem as dumped: what the rankers see. */
export interface DumpedProblem {
  taskId: string;
  prepared: Omit<PreparedProblem, 'problem' | 'items'> & { items: { index: number }[] };
  execution: { fallback: string } | { matrix: Omit<ExecutionMatrix, 'unusable'> & { unusable: number[] }; keys: string[] };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function dump(args: string[]): Promise<void> {
  const problems = readProblems(option(args, 'problems')!);
  const samples = await readSamples(option(args, 'samples')!, problems);
  const only = option(args, 'only')?.split(',');
  const prepared = (await prepare(problems, samples, 'editor')).filter((p) => !only || only.some((id) => p.problem.taskId === id || p.problem.taskId.endsWith(`/${id}`)));
  const testsFile = option(args, 'tests');
  if (testsFile) {
    await attachModelTests(prepared, readModelTests(testsFile, problems));
  }
  const cap = Number(option(args, 'inputs') ?? 30);
  const normalize = await normalizer();
  const sandbox = await Sandbox.start({ moduleSource: '', workers: Number(option(args, 'workers') ?? 4), limits: { timeoutMs: 3000 } });
  const out: DumpedProblem[] = [];
  const started = Date.now();
  try {
    for (const p of prepared) {
      sandbox.setModuleSource(executionModule(p.context));
      const seen = new Set<string>();
      const distinct = p.candidates.filter((c) => {
        const key = normalize(c.text);
        return seen.has(key) ? false : (seen.add(key), true);
      });
      const execution = await prepareExecution(p.context, distinct, {
        mode: 'auto',
        sandbox,
        timeoutMs: 3000,
        inputs: { ...evalInputOptions(cap), seed: 1 },
        modelTests: p.modelTests,
      });
      out.push({
        taskId: p.problem.taskId,
        prepared: { context: p.context, candidates: p.candidates, items: p.items.map((i) => ({ index: i.index })), ...(p.modelTests ? { modelTests: p.modelTests } : {}) },
        execution: execution.matrix
          ? { matrix: { ...execution.matrix, unusable: [...execution.matrix.unusable] }, keys: [...execution.rows.keys()] }
          : { fallback: execution.fallback },
      });
      console.error(`${p.problem.taskId}: ${distinct.length} distinct, ${execution.matrix?.inputs.length ?? 0} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    sandbox.dispose();
  }
  fs.writeFileSync(option(args, 'out')!, zlib.gzipSync(JSON.stringify(out)));
}

/** Reads a dump; `withoutTests` drops the model-written tests' columns. */
export function readDump(file: string, withoutTests = false): { problems: PreparedProblem[]; executions: Map<string, Execution> } {
  // `a.json.gz,b.json.gz`: b's problems (a `dump --only` subset) replace a's.
  const byTask = new Map<string, DumpedProblem>();
  for (const f of file.split(',')) {
    for (const d of JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')) as DumpedProblem[]) {
      byTask.set(d.taskId, d);
    }
  }
  const dumped = [...byTask.values()];
  const problems: PreparedProblem[] = [];
  const executions = new Map<string, Execution>();
  for (const d of dumped) {
    const problem = { taskId: d.taskId, prompt: '', entryPoint: '', test: '' } as unknown as PreparedProblem['problem'];
    problems.push({ ...d.prepared, problem, items: d.prepared.items as PreparedProblem['items'] });
    if ('fallback' in d.execution) {
      executions.set(d.taskId, { fallback: d.execution.fallback });
      continue;
    }
    const m = d.execution.matrix;
    const keep = m.inputs.map((input, k) => (withoutTests && input.kind === 'test' ? -1 : k)).filter((k) => k >= 0);
    const matrix: ExecutionMatrix = { inputs: keep.map((k) => m.inputs[k]!), rows: m.rows.map((r) => keep.map((k) => r[k]!)), unusable: new Set(m.unusable) };
    if (matrix.inputs.length === 0) {
      executions.set(d.taskId, { fallback: 'no inputs' });
      continue;
    }
    executions.set(d.taskId, { matrix, rows: new Map(d.execution.keys.map((key, i) => [key, matrix.rows[i]!])) });
  }
  return { problems, executions };
}

/** Pickers over dumped executions: `rankWith` exactly as `passk eval`'s pickers call it. */
export function labPickers(modes: readonly RankingMode[], executions: Map<string, Execution>, normalize: (code: string) => string): Picker[] {
  return modes.map((mode) => ({
    name: mode,
    pick: async (p, subset) => {
      const only = subset ? new Set(subset) : undefined;
      const samples: Sample[] = only ? p.candidates.filter((c) => only.has(c.index)) : p.candidates;
      const execution = rankerFor(mode).executes ? executions.get(p.problem.taskId) : undefined;
      return pickOf(mode, samples.length === 0 ? [] : rankWith(samples, mode, execution, normalize));
    },
  }));
}

async function score(args: string[]): Promise<void> {
  const { problems, executions } = readDump(option(args, 'dump')!, args.includes('--no-tests'));
  const results = fs
    .readFileSync(option(args, 'results')!, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SampleResult);
  const base = await normalizer();
  const memo = new Map<string, string>();
  const normalize = (code: string): string => memo.get(code) ?? (memo.set(code, base(code)), memo.get(code)!);
  const modes = (option(args, 'ranking') ?? 'doctest,behaviour,codet,auto').split(',') as RankingMode[];
  const started = Date.now();
  const { rows } = await rankingTable(problems, results, labPickers(modes, executions, normalize), { sizes: [5, 10], subsets: 20 });
  for (const r of rows) {
    const at = (r.atN ?? []).map((a) => a.passAt1.toFixed(3)).join('/');
    console.log(`${r.ranker.padEnd(10)} ${at}/${r.passAt1.toFixed(4)}  acted ${r.actedOn}`);
  }
  console.error(`scored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function readResults(file: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    if (l.trim()) {
      const r = JSON.parse(l) as SampleResult;
      out.set(`${r.task_id}#${r.sample_index}`, r.passed);
    }
  }
  return out;
}

/** One JSON line per problem: every distinct sample's ranking facts and verdict, auto's order (for analysis scripts). */
async function analyse(args: string[]): Promise<void> {
  const { problems, executions } = readDump(option(args, 'dump')!, args.includes('--no-tests'));
  const passed = readResults(option(args, 'results')!);
  const normalize = await normalizer();
  const mode = (option(args, 'ranking') ?? 'auto') as RankingMode;
  for (const p of problems) {
    const id = p.problem.taskId;
    const execution = executions.get(id);
    const ranked = rankWith(p.candidates, mode, execution, normalize);
    const rows = ranked.map((r) => ({
      index: r.sample.index,
      ok: passed.get(`${id}#${r.sample.index}`) === true,
      votes: r.votes,
      passed: r.passed,
      failed: r.failed,
      raised: r.raisedOnExamples,
      degenerate: r.degenerate,
      executable: r.executable,
      cluster: r.cluster,
      clusterScore: r.clusterScore,
      clusterSize: r.clusterSize,
      dual: r.dualScore,
      mean: r.meanLogprob,
      reasons: r.reasons,
    }));
    const inputs = execution?.matrix?.inputs.map((i) => ({ kind: i.kind, source: i.source, expected: i.spec?.expected })) ?? [];
    console.log(JSON.stringify({ id, fallback: execution?.fallback, inputs, rows }));
  }
}

/** One JSON line per problem: the matrix as behaviour strings per distinct sample, with its members' verdicts (for prototyping rules in a script). */
async function exportRows(args: string[]): Promise<void> {
  const { problems, executions } = readDump(option(args, 'dump')!, args.includes('--no-tests'));
  const passed = readResults(option(args, 'results')!);
  const normalize = await normalizer();
  for (const p of problems) {
    const id = p.problem.taskId;
    const execution = executions.get(id);
    if (!execution?.matrix) {
      console.log(JSON.stringify({ id, fallback: execution?.fallback ?? 'none', all: p.candidates.map((c) => passed.get(`${id}#${c.index}`) === true) }));
      continue;
    }
    const keys = [...execution.rows.keys()];
    const members = keys.map(() => [] as number[]);
    for (const c of p.candidates) {
      members[keys.indexOf(normalize(c.text))]?.push(c.index);
    }
    const m = execution.matrix;
    console.log(
      JSON.stringify({
        id,
        inputs: m.inputs.map((i, k) => ({ kind: i.kind, source: i.source.slice(0, 200), weight: i.weight, unusable: m.unusable.has(k) })),
        samples: keys.map((_, i) => ({
          members: members[i],
          ok: members[i]!.map((x) => passed.get(`${id}#${x}`) === true),
          degenerate: isDegenerate(p.candidates.find((c) => c.index === members[i]![0])?.text ?? ''),
          cells: m.rows[i]!.map((c) => [c.status, behaviourOfCell(c)]),
        })),
      }),
    );
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'dump') {
    await dump(args);
  } else if (command === 'score') {
    await score(args);
  } else if (command === 'export') {
    await exportRows(args);
  } else if (command === 'analyse') {
    await analyse(args);
  } else {
    console.error('usage: _rankLab.js dump|score ... (see the file header)');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  void main();
}
