/**
 * The sandbox: the only code that runs model output. A pool of persistent Python workers (worker.py)
 * that load the module context once and fork a limited, audited child per job.
 *
 * ```ts
 * const sandbox = await Sandbox.start({ moduleSource, workers: 2 });
 * const results = await sandbox.runExamples({ program, docstring }, signal);
 * sandbox.dispose();
 * ```
 */
export { describeSandbox, Sandbox, SANDBOX_ENV_ALLOWLIST, sandboxEnv, type SandboxInfo } from './sandbox';
export { IsolationUnavailableError, type KernelLayers } from './pythonWorker';
export type {
  EvalResult,
  EvaluateRequest,
  ExampleResult,
  ExampleSpec,
  IsolationMode,
  MatrixCell,
  MatrixRequest,
  ProgramResult,
  RunExamplesRequest,
  RunProgramRequest,
  SandboxOptions,
} from './api';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './limits';
export { findPython, PythonNotFoundError } from './findPython';
export type { NetworkIsolation } from './isolation';
