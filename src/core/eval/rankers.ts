import { executionModule } from '../pipeline';
import { prepareExecution, rankWith, type Execution, type RankingSandbox, type RankOptions } from '../rank';
import { normalizer } from '../rank/normalize';
import { RANKERS, rankerFor } from '../rank/rankers';
import { wantsAnotherRound } from '../rank/rounds';
import { Sandbox, type IsolationMode, type MatrixCell, type ProgramResult } from '../sandbox';
import type { RankedSample, RankingMode, Sample } from '../types';
import { CHECK_FULL_PRIORITY_CPU_MS, checkProgram } from './problems';
import type { PreparedProblem } from './prepare';
import type { Pick, Picker } from './rankingTable';

/** The rankers `--ranking` can name, in the ranker table's order (random and oracle are always in the table). */
export const RANKER_MODES: readonly RankingMode[] = RANKERS.filter((r) => r.evaluated).map((r) => r.id);
/** A ranker `passk eval` can report. */
export type RankerMode = RankingMode;

/** How the evaluator's rankers run samples. */
export interface CorePickerOptions {
  workers: number;
  /** One sample's whole matrix job. */
  timeoutMs: number;
  /** Generated inputs per problem (0 = none) and the time one input may take. */
  inputs: Omit<NonNullable<RankOptions['inputs']>, 'seed'> & { inputTimeoutMs: number };
  /** `--isolation`, as the checking sandbox gets it (default `required`). */
  isolation?: IsolationMode;
  /** false: a kernel without the layers (SandboxOptions.kernel; tests only). */
  kernel?: boolean;
  /**
   * Check each ranked sample in its matrix job (HumanEval-format problems: prompt + completion + test +
   * `check(entry_point)`, with this wall-clock limit): checking then reads the verdicts (`checkOf`)
   * instead of running every sample a second time. A sample whose inputs ran out of time is not checked
   * there: it often loops, and its check would hold one of the problem's workers for the whole limit
   * while the problem's ranking (and the next problems') waits; checking runs it in a job of its own.
   */
  checks?: { timeoutMs: number };
}

/**
 * Pickers that rank a problem's post-processed samples with the editor's own ranking (`prepareExecution`
 * then `rankWith`: the same module context, inputs, matrix and modes) and take the top sample. The
 * matrix is built once per problem for all its distinct samples; every ranker, and every subset of the
 * samples a row at n = 5 or 10 ranks, reads it.
 */
export function corePickers(
  modes: readonly RankerMode[],
  opts: CorePickerOptions,
): {
  pickers: Picker[];
  dispose(): void;
  jobs(): number;
  /** Module contexts loaded into a sandbox that already had one (diagnostics and tests). */
  moduleLoads(): number;
  ahead(p: PreparedProblem, signal?: AbortSignal): void;
  checkOf(p: PreparedProblem, text: string): Promise<ProgramResult | undefined>;
  /** The picks are done: checks waiting for a matrix that will not come run on their own. */
  endChecks(): void;
} {
  const session = new ProblemExecution(opts);
  const pickers = modes.map((mode): Picker => {
    const ranked = async (p: PreparedProblem, subset: readonly number[] | undefined, signal?: AbortSignal): Promise<RankedSample[]> => {
      const only = subset ? new Set(subset) : undefined;
      const samples = only ? p.candidates.filter((c) => only.has(c.index)) : p.candidates;
      const { execution, normalize } = await session.for(p, rankerFor(mode).executes, signal);
      return samples.length === 0 ? [] : rankWith(samples, mode, execution, normalize);
    };
    return {
      name: mode,
      pick: async (p, subset, signal) => pickOf(mode, await ranked(p, subset, signal)),
      adaptive:
        mode === 'auto'
          ? async (p, order, round, rounds, signal) => {
              for (let r = 1; ; r++) {
                const list = await ranked(p, order.slice(0, r * round), signal);
                if (r >= rounds || !wantsAnotherRound(list) || r * round >= order.length) {
                  return { ...pickOf(mode, list), drawn: Math.min(order.length, r * round) };
                }
              }
            }
          : undefined,
    };
  });
  const executes = modes.some((m) => rankerFor(m).executes);
  return {
    pickers,
    dispose: () => session.dispose(),
    jobs: () => session.jobs,
    moduleLoads: () => session.moduleLoads,
    ahead: (p, signal) => (executes ? session.ahead(p, signal) : undefined),
    checkOf: (p, text) => (executes && opts.checks ? session.checkOf(p, text) : Promise.resolve(undefined)),
    endChecks: () => session.close(),
  };
}

/** The top sample, and whether the mode had what it needs to choose it. */
export function pickOf(mode: RankingMode, ranked: RankedSample[]): Pick {
  const top = ranked[0];
  return top ? { index: top.sample.index, acted: rankerFor(mode).acted(ranked) } : { acted: false };
}

/**
 * Problems whose executions are in flight at once: one ranks while the next ones' matrices are built.
 * A problem's matrix waits on its slowest samples (a looping one holds a worker for its 3 s check, at
 * the lowest priority past its first second), so with a few problems in flight the cores stay busy:
 * measured on 2 cores, the main job took 272 s with 2 problems of 2 workers each, 218 s with 6 of 4
 * (12 of 4: 207 s, with more of the ranking table's picks at a time limit moved by the load).
 */
export const PROBLEMS_IN_FLIGHT = 6;
/** Workers of each in-flight problem's sandbox, at most (fewer with a smaller --workers). */
const WORKERS_PER_PROBLEM = 4;

/**
 * The ranking run's executions (matrices), built on first use or ahead of time, each problem in one of
 * {@link PROBLEMS_IN_FLIGHT} sandboxes reloaded with that problem's module context. Building the next problems'
 * matrices while the current one ranks (Node-side work) or waits on its slowest sample keeps the cores
 * busy.
 */
class ProblemExecution {
  /** Each slot's sandbox and the module context its workers hold. */
  private readonly slots: ({ sandbox: Promise<Sandbox>; moduleSource: string } | undefined)[] = Array.from({ length: PROBLEMS_IN_FLIGHT }, () => undefined);
  /** In flight or done; at most PROBLEMS_IN_FLIGHT. `used`: a pick has read it (built ahead and not yet read: false). */
  private executions: { taskId: string; slot: number; execution: Promise<Execution>; used: boolean }[] = [];
  private normalize?: (code: string) => string;
  /** Sandbox jobs started (one per distinct sample per problem, plus docstring parses). */
  jobs = 0;
  /** Module contexts loaded into a slot's running sandbox. */
  moduleLoads = 0;
  /** Check outcomes from the matrix jobs, by problem and text; kept when the execution is dropped. */
  private readonly checked = new Map<string, Map<string, MatrixCell>>();
  /** checkOf calls waiting for a problem's matrix, and whether no more matrices will be built. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private closed = false;

  /** No more matrices will be built (the picks are done): checks still waiting run on their own. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.waiting.values()].flat()) {
      wake();
    }
    this.waiting.clear();
  }

  constructor(private readonly opts: CorePickerOptions) {}

  async for(p: PreparedProblem, execute: boolean, signal?: AbortSignal): Promise<{ execution?: Execution; normalize: (code: string) => string }> {
    const normalize = await this.normalizer();
    if (!execute) {
      return { normalize };
    }
    const execution = this.execution(p, normalize, signal);
    const entry = this.executions.find((e) => e.taskId === p.problem.taskId);
    if (entry && !entry.used) {
      entry.used = true;
      this.executions = [...this.executions.filter((e) => e !== entry), entry]; // most recently read last
    }
    return { execution: await execution, normalize };
  }

  /**
   * The verdict of `text` (one of p's candidates) from its matrix job, once a pick has built p's matrix;
   * undefined when the job did not get to the check, or no pick will build it (the caller then checks
   * it on its own).
   */
  async checkOf(p: PreparedProblem, text: string): Promise<ProgramResult | undefined> {
    const id = p.problem.taskId;
    if (!this.checked.has(id) && !this.closed) {
      // Wait for the picks to build p's matrix: building it here instead would race ahead of them and
      // push out matrices they still need (each would then be built twice).
      await new Promise<void>((resolve) => this.waiting.set(id, [...(this.waiting.get(id) ?? []), resolve]));
    }
    const cell = this.checked.get(id)?.get(text);
    return cell && cell.status !== 'skipped' && cell.code !== 'worker-died' ? asProgramResult(cell) : undefined;
  }

  /** Starts building `p`'s matrix now (the ranking table names the next problem while one ranks). */
  ahead(p: PreparedProblem, signal?: AbortSignal): void {
    const started = this.normalizer().then((normalize) => this.execution(p, normalize, signal));
    started.catch(() => undefined); // the pick that needs it awaits it again and sees the error
  }

  dispose(): void {
    this.close();
    const old = this.slots.splice(0, PROBLEMS_IN_FLIGHT, ...Array.from({ length: PROBLEMS_IN_FLIGHT }, () => undefined));
    this.executions = [];
    for (const s of old) {
      s?.sandbox.then((sb) => sb.dispose(), () => undefined);
    }
  }

  private execution(p: PreparedProblem, normalize: (code: string) => string, signal?: AbortSignal): Promise<Execution> {
    const id = p.problem.taskId;
    const known = this.executions.find((e) => e.taskId === id);
    if (known) {
      return known.execution;
    }
    if (this.executions.length >= PROBLEMS_IN_FLIGHT) {
      // The problem read longest ago (the table has moved on from it); one built ahead stays.
      const drop = this.executions.find((e) => e.used) ?? this.executions[0]!;
      this.executions = this.executions.filter((e) => e !== drop);
    }
    const used = new Set(this.executions.map((e) => e.slot));
    const slot = [...Array(PROBLEMS_IN_FLIGHT).keys()].find((i) => !used.has(i))!;
    const execution = this.build(p, slot, normalize, signal);
    this.executions.push({ taskId: id, slot, execution, used: false });
    return execution;
  }

  private async normalizer(): Promise<(code: string) => string> {
    this.normalize ??= await normalizer();
    return this.normalize;
  }

  private async build(p: PreparedProblem, slot: number, normalize: (code: string) => string, signal?: AbortSignal): Promise<Execution> {
    try {
      return await this.buildChecked(p, slot, normalize, signal);
    } finally {
      this.waiting.get(p.problem.taskId)?.forEach((wake) => wake());
      this.waiting.delete(p.problem.taskId);
    }
  }

  private async buildChecked(p: PreparedProblem, slot: number, normalize: (code: string) => string, signal?: AbortSignal): Promise<Execution> {
    const moduleSource = executionModule(p.context);
    const held = this.started(slot, moduleSource);
    const sandbox = await held.sandbox;
    if (held.moduleSource !== moduleSource) {
      // The workers load it before their next job. The same context as the slot's last problem (most
      // HumanEval problems have one of a few) keeps its templates: a reload costs every worker a new one.
      held.moduleSource = moduleSource;
      this.moduleLoads++;
      sandbox.setModuleSource(moduleSource);
    }
    const counted = countingJobs(sandbox, () => this.jobs++);
    const seen = new Set<string>();
    const distinct = p.candidates.filter((c) => {
      const key = normalize(c.text);
      return seen.has(key) ? false : (seen.add(key), true);
    });
    const inputs = { ...this.opts.inputs, seed: 1 };
    const checks = this.opts.checks;
    const check = checks && !p.problem.inputs ? { timeoutMs: checks.timeoutMs, fullPriorityCpuMs: CHECK_FULL_PRIORITY_CPU_MS, skipIfInputTimedOut: true, program: (s: Sample) => checkProgram(p.problem, s.text) } : undefined;
    const execution = await prepareExecution(p.context, distinct, { mode: 'auto', sandbox: counted, timeoutMs: this.opts.timeoutMs, inputs, modelTests: p.modelTests, check }, signal);
    const verdicts = new Map<string, MatrixCell>();
    execution.matrix?.checks?.forEach((cell, i) => verdicts.set(distinct[i]!.text, cell));
    this.checked.set(p.problem.taskId, verdicts);
    return execution;
  }

  private started(slot: number, moduleSource: string): { sandbox: Promise<Sandbox>; moduleSource: string } {
    let held = this.slots[slot];
    if (!held) {
      const { timeoutMs, isolation, kernel } = this.opts;
      const workers = Math.max(1, Math.min(WORKERS_PER_PROBLEM, this.opts.workers));
      const starting = Sandbox.start({ moduleSource, workers, limits: { timeoutMs }, isolation, kernel });
      const fresh = { sandbox: starting, moduleSource };
      starting.catch(() => {
        if (this.slots[slot] === fresh) {
          this.slots[slot] = undefined; // the next problem tries again
        }
      });
      this.slots[slot] = held = fresh;
    }
    return held;
  }
}

/** A check's cell as runProgram's result (the worker reports a check as a program's end: never `ok`). */
function asProgramResult(cell: MatrixCell): ProgramResult {
  const r: ProgramResult = { status: cell.status as ProgramResult['status'] };
  if (cell.code !== undefined) {
    r.code = cell.code;
  }
  if (cell.message !== undefined) {
    r.message = cell.message;
  }
  return r;
}

/** The sandbox's ranking calls, each counted (the shared-matrix test counts jobs per problem). */
function countingJobs(sandbox: Sandbox, count: () => void): RankingSandbox {
  return {
    runMatrix: (req, signal) => (count(), sandbox.runMatrix(req, signal)),
    parseExamples: (doc, signal) => (doc.includes('>>>') ? count() : undefined, sandbox.parseExamples(doc, signal)),
  };
}
