import { rankSamples } from '../pipeline';
import { RANKERS, rankerFor } from '../rank/rankers';
import { Sandbox } from '../sandbox';
import type { RankedSample, RankingMode } from '../types';
import type { PreparedProblem } from './prepare';
import type { Pick, Picker } from './rankingTable';

/** The rankers `--ranking` can name, in the ranker table's order (random and oracle are always in the table). */
export const RANKER_MODES: readonly RankingMode[] = RANKERS.filter((r) => r.evaluated).map((r) => r.id);
/** A ranker `passk eval` can report. */
export type RankerMode = RankingMode;

/**
 * Pickers that rank a problem's post-processed samples with the editor's own ranking stage
 * (`rankSamples`: the same module context, sandbox and modes) and take the top sample.
 * The execution modes share one sandbox per problem, loaded with the problem's module context, and the
 * same example runs (memoized), so doctest, agreement and auto cost one run per sample together.
 */
export function corePickers(modes: readonly RankerMode[], opts: { workers: number; timeoutMs: number }): { pickers: Picker[]; dispose(): void } {
  const session = new ProblemSandbox(opts.workers, opts.timeoutMs);
  const pickers = modes.map((mode): Picker => ({
    name: mode,
    pick: async (p, signal) => {
      const ranked = await rankSamples(p.context, p.candidates, {
        rankOptions: { mode, timeoutMs: opts.timeoutMs, modelTests: p.modelTests },
        sandbox: rankerFor(mode).executes ? (moduleSource) => session.for(p, moduleSource) : undefined,
        signal,
      });
      return pickOf(mode, ranked);
    },
  }));
  return { pickers, dispose: () => session.dispose() };
}

/** The top sample, and whether the mode had what it needs to choose it. */
export function pickOf(mode: RankingMode, ranked: RankedSample[]): Pick {
  const top = ranked[0];
  return top ? { index: top.sample.index, acted: rankerFor(mode).acted(ranked) } : { acted: false };
}

/**
 * One sandbox for the whole ranking run, reloaded with each problem's module context (problems are ranked
 * one after another), and the current problem's memoized example runs.
 */
class ProblemSandbox {
  private sandbox?: Promise<Sandbox>;
  private current?: { taskId: string; memo: Map<string, Promise<unknown>> };

  constructor(
    private readonly workers: number,
    private readonly timeoutMs: number,
  ) {}

  async for(p: PreparedProblem, moduleSource: string): Promise<Sandbox> {
    const sandbox = await this.started(moduleSource);
    if (this.current?.taskId !== p.problem.taskId) {
      if (this.current) {
        sandbox.setModuleSource(moduleSource); // the workers load it before their next job
      }
      this.current = { taskId: p.problem.taskId, memo: new Map() };
    }
    return memoized(sandbox, this.current.memo);
  }

  dispose(): void {
    const old = this.sandbox;
    this.sandbox = undefined;
    this.current = undefined;
    old?.then((s) => s.dispose(), () => undefined);
  }

  private started(moduleSource: string): Promise<Sandbox> {
    if (!this.sandbox) {
      const start = Sandbox.start({ moduleSource, workers: this.workers, limits: { timeoutMs: this.timeoutMs } });
      start.catch(() => {
        if (this.sandbox === start) {
          this.sandbox = undefined; // the next problem tries again
        }
      });
      this.sandbox = start;
    }
    return this.sandbox;
  }
}

/** The sandbox with `runExamples`, `evaluate` and `parseExamples` answered from `memo` when asked the same again. */
function memoized(sandbox: Sandbox, memo: Map<string, Promise<unknown>>): Sandbox {
  const cached = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    let hit = memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = run();
      memo.set(key, hit);
      hit.catch(() => memo.delete(key));
    }
    return hit;
  };
  return new Proxy(sandbox, {
    get(target, prop, receiver) {
      if (prop === 'runExamples') {
        return (req: Parameters<Sandbox['runExamples']>[0], signal?: AbortSignal) =>
          cached(`x${JSON.stringify(req)}`, () => target.runExamples(req, signal));
      }
      if (prop === 'evaluate') {
        return (req: Parameters<Sandbox['evaluate']>[0], signal?: AbortSignal) => cached(`e${JSON.stringify(req)}`, () => target.evaluate(req, signal));
      }
      if (prop === 'parseExamples') {
        return (doc: string, signal?: AbortSignal) => cached(`p${doc}`, () => target.parseExamples(doc, signal));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
