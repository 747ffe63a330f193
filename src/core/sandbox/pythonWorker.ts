/**
 * One persistent Python worker process (worker.py): the only place Passk spawns Python.
 * Requests go as JSON lines on the worker's stdin; replies come back as JSON lines on fd 3, a pipe the
 * worker's children never inherit. Jobs run one at a time; `Sandbox` pools several workers.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import type { Readable } from 'stream';
import type { IsolationMode } from './api';
import type { Limits } from './limits';
import { abortError } from '../abort';

/** What the worker needs to start. */
export interface WorkerConfig {
  /** Command line: [interpreter-or-wrapper, ...args]; worker.py path and its flags included. */
  command: string[];
  env: NodeJS.ProcessEnv;
  limits: Limits;
  moduleSource: string;
  pythonPath: string[];
  isolation: IsolationMode;
  /** false: no kernel layers (SandboxOptions.kernel). */
  kernel: boolean;
  /** macOS: the command starts the worker under sandbox-exec (seatbelt.ts); the worker checks it holds. */
  seatbelt?: boolean;
  /** The sandbox's own temp dir: each worker's scratch dirs go in a subdir removed when the worker ends. */
  scratchParent: string;
  /** How long past a job's timeout the worker may take to answer before it is taken as stuck (default REPLY_GRACE_MS). */
  replyGraceMs?: number;
}

/** The kernel layers a worker's jobs run under, as its template process found them. */
export interface KernelLayers {
  /** Landlock ABI version in force (0: none). */
  landlock: number;
  seccomp: boolean;
  /** macOS: the worker runs under the Seatbelt profile (file writes outside scratch and network refused). */
  seatbelt?: boolean;
  /** Why a layer is missing, one line each. */
  errors: string[];
}

/** The worker's reply to one job (worker-level fields; the job-specific ones are in `body`). */
export interface WorkerReply {
  id: number;
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

/** The worker's greeting once the module context is loaded. */
export interface WorkerReady {
  version: string;
  moduleErrors: string[];
  canFork: boolean;
  layers: KernelLayers;
}

/** Sandbox.start under `isolation: 'required'` where the kernel offers no Landlock or no seccomp. */
export class IsolationUnavailableError extends Error {
  constructor(
    detail: string,
    readonly layers?: KernelLayers,
  ) {
    super(
      `Passk will not run model-written code here: kernel isolation (Landlock + seccomp on Linux 5.13+, Seatbelt on macOS) is not available (${detail}). ` +
        'Examples are not run and samples are ranked by log-probability. To run them with the weaker Python-level guards only, ' +
        'set "passk.execution.isolation" to "bestEffort" (CLI: --isolation bestEffort).',
    );
    this.name = 'IsolationUnavailableError';
  }
}

const START_TIMEOUT_MS = 30000;
/**
 * Extra time the worker gets beyond a job's own timeout to answer. The worker enforces the job's deadline
 * itself; around it come two template round trips (fork, reap) it bounds at 10 s each (worker.py
 * TEMPLATE_REPLY_SECONDS). Killing sooner killed slow-but-healthy workers on a loaded machine.
 */
export const REPLY_GRACE_MS = 25000;
const STDERR_KEEP_CHARS = 4000;

/** A single worker process. Restarts are the pool's business: a dead worker stays dead. */
export class PythonWorker {
  private proc?: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, (reply: WorkerReply) => void>();
  private stderrTail = '';
  private exited = false;
  /** kill() was called: the process may still be dying, but it takes no more jobs. */
  private killed = false;
  private scratchRoot?: string;
  ready?: WorkerReady;

  constructor(private readonly config: WorkerConfig) {}

  /** The worker's process id (diagnostics and tests). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Whether the process is alive and can take a job. */
  get alive(): boolean {
    return !!this.proc && !this.exited && !this.killed;
  }

  /** Spawns the worker and waits for it to load the module context. */
  async start(): Promise<WorkerReady> {
    const [cmd, ...args] = this.config.command;
    this.scratchRoot = fs.mkdtempSync(path.join(this.config.scratchParent, 'w-'));
    const proc = spawn(cmd!, args, {
      env: this.config.env,
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.proc = proc;
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-STDERR_KEEP_CHARS);
    });
    proc.stdin?.on('error', () => undefined); // EPIPE after a crash is reported through 'exit'
    const replies = readline.createInterface({ input: proc.stdio[3] as Readable });
    const greeting = new Promise<WorkerReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Python sandbox did not start in time')), START_TIMEOUT_MS);
      this.pending.set(0, (reply) => {
        clearTimeout(timer);
        if (reply.ok) {
          resolve(reply as unknown as WorkerReady);
        } else if (reply.code === 'isolation-unavailable') {
          const layers = reply.layers as KernelLayers | undefined;
          reject(new IsolationUnavailableError(layers?.errors.join('; ') || String(reply.error), layers));
        } else {
          reject(new Error(`the Python sandbox failed to start: ${reply.error ?? this.stderrTail}`));
        }
      });
    });
    replies.on('line', (line) => this.onLine(line));
    proc.on('exit', (code, sig) => this.onExit(code, sig));
    proc.on('error', (err) => this.onExit(null, null, err));
    this.send({ id: 0, ...this.initRequest(this.config.moduleSource) });
    try {
      this.ready = await greeting;
    } catch (e) {
      this.kill();
      throw e;
    }
    return this.ready;
  }

  private initRequest(moduleSource: string): Record<string, unknown> {
    const { limits, pythonPath, isolation, kernel, seatbelt } = this.config;
    return { op: 'init', limits, module: moduleSource, path: pythonPath, isolation, kernel, seatbelt: !!seatbelt, scratchRoot: this.scratchRoot };
  }

  /** Replaces the module context (imports stay cached in the worker, so this is cheap). */
  async load(moduleSource: string, signal?: AbortSignal): Promise<WorkerReady> {
    const job = this.initRequest(moduleSource);
    const reply = await this.request(job, this.config.limits.timeoutMs, signal);
    if (!reply.ok) {
      throw new Error(`the Python sandbox could not load the module context: ${reply.error ?? 'unknown error'}`);
    }
    this.ready = reply as unknown as WorkerReady;
    return this.ready;
  }

  /**
   * Runs one job and resolves with the worker's reply. If the worker dies meanwhile, resolves with
   * `{ ok: false, crashed: true }`. On abort, asks the worker to kill the job's child, then rejects.
   */
  request(job: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      const onAbort = (): void => {
        this.send({ id: -1, op: 'cancel', target: id });
        finish();
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        // Timers run before I/O in Node's loop: after a long block of the event loop the reply may be
        // waiting in the pipe unread. setImmediate runs after the poll phase has read it.
        setImmediate(() => {
          if (this.pending.has(id)) {
            // The worker missed its own deadline: it is stuck, so stop trusting it.
            this.kill();
            finish();
            resolve({ id, ok: false, crashed: true, error: 'the sandbox worker stopped answering' });
          }
        });
      }, timeoutMs + (this.config.replyGraceMs ?? REPLY_GRACE_MS));
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      this.pending.set(id, (reply) => {
        finish();
        resolve(reply);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ ...job, id });
    });
  }

  /** Kills the worker process (and, through the worker's exit, nothing else: children are killed by it). */
  kill(): void {
    this.killed = true;
    if (this.proc && !this.exited) {
      this.proc.kill('SIGKILL');
    }
    this.removeScratch();
  }

  /** The worker's scratch dirs, whatever state it left them in (it may have died mid-job). */
  private removeScratch(): void {
    if (this.scratchRoot) {
      try {
        fs.rmSync(this.scratchRoot, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
      } catch {
        // a job still dying may add a file meanwhile; Sandbox.dispose removes the parent again
      }
    }
  }

  private send(message: Record<string, unknown>): void {
    if (this.alive) {
      this.proc!.stdin!.write(JSON.stringify(message) + '\n');
    }
  }

  private onLine(line: string): void {
    let reply: WorkerReply;
    try {
      reply = JSON.parse(line) as WorkerReply;
    } catch {
      return; // only the worker writes fd 3; a torn line means it is dying and 'exit' follows
    }
    this.pending.get(reply.id)?.(reply);
  }

  private onExit(code: number | null, sig: NodeJS.Signals | null, err?: Error): void {
    if (this.exited) {
      return;
    }
    this.exited = true;
    this.removeScratch();
    const why = err ? err.message : sig ? `signal ${sig}` : `exit code ${code}`;
    const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    for (const [id, callback] of [...this.pending]) {
      callback({ id, ok: false, crashed: true, error: `the sandbox worker died (${why})${tail ? `: ${tail}` : ''}` });
    }
    this.pending.clear();
  }
}
