/**
 * Cancellation, one way everywhere: an aborted operation rejects with the signal's reason when it is an
 * Error (a plain `controller.abort()` gives a DOMException named `AbortError`), otherwise with an Error
 * named `AbortError`. Callers tell a cancellation from a failure with `isAbortError` (or, for backend
 * calls, `isCancelled` in core/backend, which also knows the backends' `cancelled` error).
 */

/** The error an aborted call rejects with (the signal's reason when it is an Error). */
export function abortError(signal?: AbortSignal): Error {
  if (signal?.reason instanceof Error) {
    return signal.reason;
  }
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** Throws `abortError(signal)` when the signal has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw abortError(signal);
  }
}

/** True for the error of an aborted operation (not for a real failure). */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Resolves after `ms`; rejects with `abortError(signal)` as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
