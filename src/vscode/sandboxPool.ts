/**
 * Keeps the Python sandbox of the file being edited warm: one `Sandbox` per (interpreter, module
 * context), the most recent few kept, older ones disposed. Only asked for when execution is allowed.
 */
import { LRUCache } from 'lru-cache';
import { Sandbox } from '../core/sandbox';
import { hashText } from './engine/completionCache';
import type { Log } from './log';

/** How many module contexts keep a live sandbox. */
const MAX_SANDBOXES = 2;

/** A small LRU of started sandboxes. */
export class SandboxPool {
  private readonly pool = new LRUCache<string, Promise<Sandbox>>({
    max: MAX_SANDBOXES,
    dispose: (p) => void p.then((s) => s.dispose(), () => undefined),
  });

  constructor(private readonly log: Log) {}

  /** A sandbox loaded with `moduleSource`, started on first use. */
  get(python: string | undefined, moduleSource: string): Promise<Sandbox> {
    const key = hashText(`${python ?? ''}\0${moduleSource}`);
    let started = this.pool.get(key);
    if (!started) {
      this.log.debug(`starting a Python sandbox (${python ?? 'python3 on PATH'})`);
      started = Sandbox.start({ python, moduleSource, workers: 1 });
      started.catch(() => this.pool.delete(key));
      this.pool.set(key, started);
    }
    return started;
  }

  /** Disposes every sandbox. */
  clear(): void {
    this.pool.clear();
  }
}
