/** Per-job limits the worker applies to the forked child that runs model code. */
export interface Limits {
  /** Wall-clock budget of one job (all the examples of one sample, or one program). */
  timeoutMs: number;
  /** CPU seconds (RLIMIT_CPU) of the child; a backstop for the wall clock. */
  cpuSeconds: number;
  /** Address space of the child (RLIMIT_AS). */
  memoryBytes: number;
  /** Captured stdout+stderr per job; more than this ends the job as `killed`. */
  outputBytes: number;
  /** Largest file the child may write in its scratch dir (RLIMIT_FSIZE, never above `scratchBytes`). */
  fileSizeBytes: number;
  /**
   * Total size of the job's scratch dir. RLIMIT_FSIZE caps each file; the worker measures the whole dir
   * every 50 ms while the job runs (each entry counted at least 4 KiB) and kills the job past this.
   */
  scratchBytes: number;
}

/** Defaults for the editor: a doctest run of a small function takes a few ms. */
export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 3000,
  cpuSeconds: 5,
  memoryBytes: 1024 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  fileSizeBytes: 8 * 1024 * 1024,
  scratchBytes: 64 * 1024 * 1024,
};

/** Fills missing fields from the defaults and clamps nonsense values. */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  const l = { ...DEFAULT_LIMITS, ...partial };
  return {
    timeoutMs: Math.max(10, Math.round(l.timeoutMs)),
    cpuSeconds: Math.max(1, Math.ceil(l.cpuSeconds)),
    memoryBytes: Math.max(64 * 1024 * 1024, Math.round(l.memoryBytes)),
    outputBytes: Math.max(1024, Math.round(l.outputBytes)),
    fileSizeBytes: Math.max(1024, Math.round(l.fileSizeBytes)),
    scratchBytes: Math.max(1024 * 1024, Math.round(l.scratchBytes)),
  };
}
