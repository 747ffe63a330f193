/**
 * `Sandbox`: a pool of persistent Python workers that run model-written code under limits.
 * Each job forks a fresh child from a worker that already has the module context loaded.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findAsset } from '../assets';
import { redact, secretsInEnv } from '../redact';
import type { ExampleResult } from '../types';
import type {
  EvalResult,
  EvaluateRequest,
  ExampleSpec,
  IsolationMode,
  MatrixCell,
  MatrixRequest,
  ProgramResult,
  RunExamplesRequest,
  RunProgramRequest,
  SandboxOptions,
} from './api';
import { findPython } from './findPython';
import { networkIsolation, type NetworkIsolation } from './isolation';
import { resolveLimits, type Limits } from './limits';
import { seatbeltProfile } from './seatbelt';
import { abortError } from '../abort';
import { PythonWorker, type KernelLayers, type WorkerConfig, type WorkerReply } from './pythonWorker';

/** What the sandbox found at start, for the log and the status UI. */
export interface SandboxInfo {
  python: string;
  version: string;
  network: NetworkIsolation;
  /** The kernel layers every job runs under (Landlock ABI, seccomp; Seatbelt on macOS), as the worker found them. */
  layers: KernelLayers;
  isolation: IsolationMode;
  /** Module-context statements that failed to load (e.g. a missing package), one line each. */
  moduleErrors: string[];
  workers: number;
}

/**
 * The one line to log at start: which layers are active, e.g.
 * `sandbox: Python 3.11.7, Landlock ABI 7, seccomp on, network namespace, 2 workers`.
 */
export function describeSandbox(info: SandboxInfo): string {
  const workers = `${info.workers} worker${info.workers === 1 ? '' : 's'}`;
  if (info.layers.seatbelt) {
    return `sandbox: Python ${info.version}, Seatbelt on (jobs also under the Python-level guards), ${workers}`;
  }
  const landlock = info.layers.landlock ? `Landlock ABI ${info.layers.landlock}` : 'no Landlock';
  const seccomp = info.layers.seccomp ? 'seccomp on' : 'no seccomp';
  const network = info.network === 'none' ? 'no network namespace' : `${info.network === 'namespace' ? '' : 'user+'}network namespace`;
  const weak = info.layers.landlock && info.layers.seccomp ? '' : ' — Python-level guards only (isolation: bestEffort)';
  return `sandbox: Python ${info.version}, ${landlock}, ${seccomp}, ${network}, ${workers}${weak}`;
}

/**
 * The environment variables a worker (and so every job) gets; nothing else passes, in particular no API
 * key or token. Python's own variables stay so the user's interpreter setup keeps working.
 */
export const SANDBOX_ENV_ALLOWLIST: readonly string[] = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TERM', 'SYSTEMROOT',
  'PYTHONPATH', 'PYTHONHOME', 'PYTHONSAFEPATH', 'PYTHONNOUSERSITE', 'PYTHONUTF8', 'VIRTUAL_ENV', 'CONDA_PREFIX',
  'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS',
];

/** `env` reduced to the allowlist (and `LC_*`). */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (SANDBOX_ENV_ALLOWLIST.includes(name) || name.startsWith('LC_'))) {
      out[name] = value;
    }
  }
  return out;
}

const MESSAGE_CAP_CHARS = 500;
const TEXT_CAP_CHARS = 4000;

/**
 * worker.py: beside the compiled file when run from out/ (the source tree's copy, never a stale dist/ copy
 * from an older build), else wherever findAsset finds it (dist/ beside the bundle).
 */
function workerScript(): string {
  const fromOut = path.resolve(__dirname, '..', '..', '..', '..', 'src', 'core', 'sandbox', 'worker.py');
  return path.basename(path.resolve(__dirname, '..', '..', '..')) === 'out' && fs.existsSync(fromOut) ? fromOut : findAsset('worker.py');
}

const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/**
 * macOS: `sandbox-exec -p PROFILE` to put before the worker's command line, when sandbox-exec is there
 * (else [] and the worker finds no layer: `required` refuses to run). The profile: seatbelt.ts.
 */
function seatbeltPrefix(where: { python: string; roots: string[]; pythonPath: string[]; scratchParent: string }): string[] {
  if (process.platform !== 'darwin' || !fs.existsSync(SANDBOX_EXEC)) {
    return [];
  }
  const real = (p: string): string | undefined => {
    try {
      return fs.realpathSync(p); // Seatbelt matches resolved paths (/var is /private/var, /tmp is /private/tmp)
    } catch {
      return undefined;
    }
  };
  const present = (paths: string[]): string[] => [...new Set(paths.map(real).filter((p): p is string => !!p))];
  const python = real(where.python) ?? where.python;
  // Framework builds: bin/python3 execs the app stub beneath the prefix.
  const stubs = where.roots.map((r) => path.join(r, 'Resources', 'Python.app', 'Contents', 'MacOS', 'Python'));
  const profile = seatbeltProfile({
    scratchDir: real(where.scratchParent) ?? where.scratchParent,
    readRoots: present([...where.roots, ...where.pythonPath, path.dirname(workerScript())]),
    interpreters: present([where.python, python, ...stubs]),
  });
  return [SANDBOX_EXEC, '-p', profile];
}

/** A pool of Python workers; every method takes an AbortSignal and never throws for sample failures. */
export class Sandbox {
  private readonly idle: PythonWorker[] = [];
  private readonly waiting: ((w: PythonWorker) => void)[] = [];
  private disposed = false;

  private constructor(
    private readonly config: WorkerConfig,
    readonly limits: Limits,
    readonly info: SandboxInfo,
    private readonly clean: (text: string, capChars?: number) => string,
  ) {
    this.moduleSource = config.moduleSource;
  }

  /** Finds Python, starts `workers` workers and loads the module context in each; abort kills them. */
  static async start(opts: SandboxOptions = {}, signal?: AbortSignal): Promise<Sandbox> {
    if (signal?.aborted) {
      throw abortError(signal);
    }
    if (process.platform === 'win32') {
      // worker.py forks a child per job and talks over an inherited fd 3: POSIX only for now.
      throw new Error('Running docstring examples needs Linux or macOS for now; Passk ranks by mean log-prob on Windows.');
    }
    const { python, version, roots } = await findPython(opts.python);
    const limits = resolveLimits(opts.limits);
    const isolation = opts.isolateNetwork === false ? { kind: 'none' as const, prefix: [] } : await networkIsolation();
    const baseEnv = opts.env ?? process.env;
    const kernel = opts.kernel !== false;
    const scratchParent = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-sandbox-'));
    const worker = [python, '-u', '-X', 'utf8', workerScript()];
    const seatbelt = kernel ? seatbeltPrefix({ python, roots, pythonPath: opts.pythonPath ?? [], scratchParent }) : [];
    const config: WorkerConfig = {
      command: [...isolation.prefix, ...seatbelt, ...worker],
      // A fixed hash seed: every worker iterates sets and dicts of strings in the same order, so a sample's
      // outputs (and its behaviour cluster) do not depend on which worker ran it.
      env: { ...sandboxEnv(baseEnv), PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', PYTHONHASHSEED: '0' },
      limits,
      moduleSource: opts.moduleSource ?? '',
      pythonPath: opts.pythonPath ?? [],
      isolation: opts.isolation ?? 'required',
      kernel,
      seatbelt: seatbelt.length > 0,
      scratchParent,
      replyGraceMs: opts.replyGraceMs,
    };
    const secrets = [...secretsInEnv(baseEnv), ...secretsInEnv(process.env)];
    const count = Math.max(1, Math.floor(opts.workers ?? 1));
    const workers = Array.from({ length: count }, () => new PythonWorker(config));
    if (signal?.aborted) {
      throw abortError(signal); // aborted while looking for Python: nothing started yet
    }
    const killAll = (): void => {
      workers.forEach((w) => w.kill());
      removeDir(config.scratchParent);
    };
    signal?.addEventListener('abort', killAll, { once: true });
    let ready;
    try {
      ready = await Promise.all(workers.map((w) => w.start()));
    } catch (e) {
      killAll();
      throw signal?.aborted ? abortError(signal) : e;
    } finally {
      signal?.removeEventListener('abort', killAll);
    }
    if (signal?.aborted) {
      killAll();
      throw abortError(signal);
    }
    const clean = (text: string, capChars = MESSAGE_CAP_CHARS): string => capText(redact(text, secrets), capChars);
    const info: SandboxInfo = {
      python,
      version,
      network: isolation.kind,
      layers: ready[0]!.layers,
      isolation: config.isolation,
      moduleErrors: (ready[0]?.moduleErrors ?? []).map((m) => clean(m)),
      workers: count,
    };
    const sandbox = new Sandbox(config, limits, info, clean);
    sandbox.idle.push(...workers);
    return sandbox;
  }

  /**
   * Runs the docstring's `>>>` examples (parsed by Python's doctest) and then `examples` against the
   * program, in one child, in order, sharing globals like a doctest. One result per example; after a
   * timeout or a kill the remaining examples are `skipped`.
   */
  async runExamples(req: RunExamplesRequest, signal?: AbortSignal): Promise<ExampleResult[]> {
    const timeoutMs = req.timeoutMs ?? this.limits.timeoutMs;
    const job = { op: 'examples', program: req.program, docstring: req.docstring ?? '', examples: req.examples ?? [], timeoutMs };
    const reply = await this.run(job, timeoutMs, signal);
    if (!reply.ok) {
      // The worker died mid-job: without knowing how far it got, every example is unproven.
      const specs = [...(await this.parseExamples(req.docstring ?? '', signal)), ...(req.examples ?? [])];
      return specs.map((s): ExampleResult => ({ source: s.source, expected: s.expected, status: 'killed', code: 'worker-died', message: this.clean(reply.error ?? '') }));
    }
    return this.cleanItems<ExampleResult>(reply.items);
  }

  /** Evaluates each expression after the program and returns its `repr` (or the exception). */
  async evaluate(req: EvaluateRequest, signal?: AbortSignal): Promise<EvalResult[]> {
    const timeoutMs = req.timeoutMs ?? this.limits.timeoutMs;
    const reply = await this.run({ op: 'evaluate', program: req.program, expressions: req.expressions, timeoutMs }, timeoutMs, signal);
    if (!reply.ok) {
      return req.expressions.map((): EvalResult => ({ status: 'killed', code: 'worker-died', message: this.clean(reply.error ?? '') }));
    }
    return this.cleanItems<EvalResult>(reply.items);
  }

  /** Runs one sample on the examples and then on every call, each input under its own limit (see MatrixRequest). */
  async runMatrix(req: MatrixRequest, signal?: AbortSignal): Promise<MatrixCell[]> {
    const timeoutMs = req.timeoutMs ?? this.limits.timeoutMs;
    const job = { op: 'matrix', program: req.program, examples: req.examples, calls: req.calls, inputTimeoutMs: req.inputTimeoutMs, cpuBudgetMs: req.cpuBudgetMs, timeoutMs, check: req.check };
    // The worker's deadline moves when the check starts: the watchdog allows for both.
    const reply = await this.run(job, timeoutMs + (req.check?.timeoutMs ?? 0), signal);
    const count = req.examples.length + req.calls.length + (req.check ? 1 : 0);
    if (!reply.ok) {
      return Array.from({ length: count }, (): MatrixCell => ({ status: 'killed', code: 'worker-died', message: reply.error }));
    }
    const cells = reply.items as MatrixCell[];
    return req.check ? [...cells.slice(0, -1), ...this.cleanItems<MatrixCell>(cells.slice(-1))] : cells;
  }

  /** Runs a whole program; `passed` only when it ran to completion (see ProgramResult). */
  async runProgram(req: RunProgramRequest, signal?: AbortSignal): Promise<ProgramResult> {
    const timeoutMs = req.timeoutMs ?? this.limits.timeoutMs;
    const job = { op: 'program', program: req.program, withModule: req.withModule ?? false, timeoutMs, fullPriorityCpuMs: req.fullPriorityCpuMs };
    const reply = await this.run(job, timeoutMs, signal);
    if (!reply.ok) {
      return { status: 'killed', code: 'worker-died', message: this.clean(reply.error ?? '') };
    }
    const result: ProgramResult = { status: reply.status as ProgramResult['status'] };
    const fields = { code: reply.code, message: reply.message, output: reply.output };
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string') {
        result[key as 'code' | 'message' | 'output'] = this.clean(value, key === 'output' ? TEXT_CAP_CHARS : MESSAGE_CAP_CHARS);
      }
    }
    return result;
  }

  /** The docstring's `>>>` examples as Python's doctest module parses them (nothing is executed). */
  async parseExamples(docstring: string, signal?: AbortSignal): Promise<ExampleSpec[]> {
    if (!docstring.includes('>>>')) {
      return [];
    }
    const reply = await this.run({ op: 'parse', docstring, timeoutMs: this.limits.timeoutMs }, this.limits.timeoutMs, signal);
    if (!reply.ok) {
      throw new Error(reply.error ?? 'the sandbox could not parse the docstring');
    }
    return reply.items as ExampleSpec[];
  }

  /**
   * Replaces the module context for the following jobs (e.g. the file changed, or the next HumanEval
   * problem). Workers reload it before their next job; running jobs finish with the old one.
   */
  setModuleSource(moduleSource: string): void {
    this.moduleSource = moduleSource;
    this.generation++;
  }

  /** The temp dir holding every scratch dir of this sandbox (removed by `dispose`; diagnostics and tests). */
  get scratchDir(): string {
    return this.config.scratchParent;
  }

  /** Process ids of the live workers (diagnostics and tests). */
  workerPids(): number[] {
    return [...this.idle, ...this.busy].filter((w) => w.alive).map((w) => w.pid!);
  }

  /** Stops every worker (and with them any running child) and removes every scratch dir. */
  dispose(): void {
    this.disposed = true;
    for (const w of this.idle.splice(0)) {
      w.kill();
    }
    this.busy.forEach((w) => w.kill());
    removeDir(this.config.scratchParent);
  }

  /** Every text a result carries, redacted and capped: it reaches results.jsonl, the panel and the log. */
  private cleanItems<T>(items: unknown): T[] {
    if (!Array.isArray(items)) {
      return [];
    }
    return items.map((item: Record<string, unknown>): T => {
      const out: Record<string, unknown> = { ...item };
      for (const key of ['message', 'got', 'repr']) {
        if (typeof out[key] === 'string') {
          out[key] = this.clean(out[key] as string, key === 'message' ? MESSAGE_CAP_CHARS : TEXT_CAP_CHARS);
        }
      }
      return out as T;
    });
  }

  private readonly busy = new Set<PythonWorker>();
  private moduleSource: string;
  private generation = 0;
  private readonly loaded = new WeakMap<PythonWorker, number>();

  private async run(job: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<WorkerReply> {
    const worker = await this.acquire(signal);
    try {
      const reply = await worker.request(job, timeoutMs, signal);
      if (!reply.ok && !reply.crashed) {
        throw new Error(`sandbox: ${reply.error ?? 'unknown error'}`);
      }
      return reply;
    } finally {
      this.release(worker);
    }
  }

  private acquire(signal?: AbortSignal): Promise<PythonWorker> {
    if (this.disposed) {
      return Promise.reject(new Error('the sandbox was disposed'));
    }
    if (signal?.aborted) {
      return Promise.reject(abortError(signal));
    }
    const worker = this.idle.shift();
    if (worker) {
      return this.revive(worker);
    }
    return new Promise<PythonWorker>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) {
          this.waiting.splice(i, 1);
        }
        reject(abortError(signal));
      };
      const take = (w: PythonWorker): void => {
        signal?.removeEventListener('abort', onAbort);
        this.revive(w).then(resolve, reject);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
  }

  /** Marks the worker busy, replacing it with a fresh one first if it died, and loads a changed module. */
  private async revive(worker: PythonWorker): Promise<PythonWorker> {
    let w = worker;
    this.busy.add(w);
    try {
      if (!w.alive) {
        this.busy.delete(w);
        w = new PythonWorker({ ...this.config, moduleSource: this.moduleSource });
        this.busy.add(w);
        await w.start();
        this.loaded.set(w, this.generation);
      } else if ((this.loaded.get(w) ?? 0) !== this.generation) {
        const ready = await w.load(this.moduleSource);
        this.loaded.set(w, this.generation);
        this.info.moduleErrors = ready.moduleErrors.map((m) => this.clean(m));
      }
    } catch (e) {
      this.release(w); // a dead worker goes back to idle; the next acquire retries the restart
      throw e;
    }
    return w;
  }

  private release(worker: PythonWorker): void {
    this.busy.delete(worker);
    if (this.disposed) {
      worker.kill();
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next(worker);
    } else {
      this.idle.push(worker);
    }
  }
}

function capText(text: string, capChars: number): string {
  return text.length <= capChars ? text : `${text.slice(0, capChars)}...`;
}

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  } catch {
    // best effort: a job still dying may hold it for a moment
  }
}
