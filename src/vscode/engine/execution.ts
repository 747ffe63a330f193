/**
 * The one owner of model-code execution in the editor: completion ranking and Generate Docstring ask
 * it for a sandbox, so both run with the same interpreter and sys.path, and it starts, shares and
 * disposes them. One sandbox per (interpreter, sys.path, document), the most recent few kept; when the
 * document's imports or definitions change, the running sandbox reloads its module context
 * (`setModuleSource`) instead of a new interpreter starting. No `vscode` here (lint-enforced): the
 * extension passes the trust check, the interpreter and the sys.path in.
 */
import { LRUCache } from 'lru-cache';
import { describeSandbox, IsolationUnavailableError, Sandbox, type IsolationMode, type SandboxInfo, type SandboxOptions } from '../../core/sandbox';

/** What the service needs from a started sandbox (a `Sandbox` fits). */
export type ExecutionSandbox = Pick<Sandbox, 'runExamples' | 'parseExamples' | 'evaluate' | 'runMatrix' | 'setModuleSource' | 'dispose'>;

/** How many documents keep a live sandbox. */
const MAX_SANDBOXES = 2;

/** What the service asks the editor. */
export interface ExecutionDeps {
  /** Whether model-written code may run now: Workspace Trust granted and `passk.execution.enabled`. */
  allowed(): boolean;
  /** The interpreter for the document (the Python extension's selection, `passk.python.path`, else undefined: PATH). */
  interpreterFor(documentKey: string | undefined): Promise<string | undefined>;
  /** The extra sys.path entries for the document: its workspace folder, then its own folder. */
  sysPathFor(documentKey: string | undefined): string[];
  /** `passk.execution.isolation` and `passk.execution.scratchMb` (default: required, 64 MB). */
  policy?(): { isolation: IsolationMode; scratchMb: number };
  /** Tells the user once per session, e.g. why examples are not run here (no kernel isolation). */
  warnOnce?(message: string): void;
  /** Starts a sandbox (default `Sandbox.start`; tests pass a fake). */
  start?(opts: SandboxOptions): Promise<ExecutionSandbox>;
  log?(line: string): void;
}

interface Live {
  started: Promise<ExecutionSandbox>;
  /** The module context the sandbox runs now (set before the next job). */
  moduleSource: string;
}

/** Creates, shares and disposes the editor's sandboxes. */
export class ExecutionService {
  private readonly live = new LRUCache<string, Live>({
    max: MAX_SANDBOXES,
    dispose: (l) => void l.started.then((s) => s.dispose(), () => undefined),
  });
  private starts = 0;
  /** Set when a start found no kernel isolation under `required` (until `clear`). */
  private noIsolation = false;

  constructor(private readonly deps: ExecutionDeps) {}

  /** Whether model-written code may run now. */
  allowed(): boolean {
    return this.deps.allowed();
  }

  /**
   * The document's sandbox with `moduleSource` loaded, or undefined when execution is not allowed.
   * Rejects when no sandbox can start (no Python): the next call tries again.
   */
  async sandboxFor(documentKey: string | undefined, moduleSource: string): Promise<ExecutionSandbox | undefined> {
    if (!this.deps.allowed()) {
      return undefined;
    }
    const python = await this.deps.interpreterFor(documentKey);
    const pythonPath = this.deps.sysPathFor(documentKey);
    const policy = this.deps.policy?.() ?? { isolation: 'required' as const, scratchMb: 64 };
    if (this.noIsolation && policy.isolation === 'required') {
      return undefined; // said once already: ranking goes by log-probability
    }
    const key = JSON.stringify([python ?? '', pythonPath, documentKey ?? '', policy.isolation, policy.scratchMb]);
    const live = this.live.get(key);
    if (!live) {
      const limits = { scratchBytes: policy.scratchMb * 1024 * 1024 };
      try {
        return await this.startFor(key, { python, pythonPath, moduleSource, workers: 1, isolation: policy.isolation, limits });
      } catch (e) {
        if (e instanceof IsolationUnavailableError) {
          this.noIsolation = true;
          this.deps.warnOnce?.(e.message);
          return undefined;
        }
        throw e;
      }
    }
    const sandbox = await live.started;
    if (live.moduleSource !== moduleSource) {
      live.moduleSource = moduleSource;
      sandbox.setModuleSource(moduleSource); // the worker reloads it before its next job
    }
    return sandbox;
  }

  /** How many sandboxes were started so far (diagnostics and tests). */
  get started(): number {
    return this.starts;
  }

  /** Disposes the sandboxes of a closed document. */
  forget(documentKey: string): void {
    for (const key of [...this.live.keys()]) {
      if ((JSON.parse(key) as unknown[])[2] === documentKey) {
        this.live.delete(key);
      }
    }
  }

  /** Disposes every sandbox (the interpreter, the settings or the trust changed). */
  clear(): void {
    this.live.clear();
    this.noIsolation = false;
  }

  dispose(): void {
    this.clear();
  }

  /** The log line naming the active layers, and the one-time warning when only Python guards remain. */
  private logLayers(sandbox: ExecutionSandbox): void {
    const info = (sandbox as { info?: SandboxInfo }).info;
    if (!info) {
      return;
    }
    this.deps.log?.(describeSandbox(info));
    if (!(info.layers.landlock && info.layers.seccomp)) {
      this.deps.warnOnce?.(
        `Passk runs docstring examples without kernel isolation (${info.layers.errors.join('; ')}): only Python-level guards (passk.execution.isolation: bestEffort) stand between model-written code and your files.`,
      );
    }
  }

  private startFor(key: string, opts: SandboxOptions & { moduleSource: string }): Promise<ExecutionSandbox> {
    this.deps.log?.(`starting a Python sandbox (${opts.python ?? 'python3 on PATH'}; sys.path + ${JSON.stringify(opts.pythonPath)})`);
    this.starts++;
    const started = (this.deps.start ?? ((o: SandboxOptions) => Sandbox.start(o)))(opts);
    void started.then((s) => this.logLayers(s), () => undefined);
    const live: Live = { started, moduleSource: opts.moduleSource };
    started.catch(() => {
      if (this.live.peek(key) === live) {
        this.live.delete(key); // the next call tries again
      }
    });
    this.live.set(key, live);
    return started;
  }
}
