import { abortError, throwIfAborted } from '../abort';

/** A counting semaphore: at most `max` tasks run at once; waiting ends early when the signal fires. */
export class Limiter {
  private running = 0;
  private readonly waiters: { start: () => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private readonly max: number) {}

  /** Runs `task` once a slot is free. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.running < Math.max(1, this.max)) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { start: resolve, signal };
      if (signal) {
        waiter.onAbort = (): void => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (!next) {
      this.running--;
      return;
    }
    if (next.onAbort) {
      next.signal?.removeEventListener('abort', next.onAbort);
    }
    next.start(); // the slot passes straight to the next waiter
  }
}
