import * as os from 'os';

/**
 * Threads for llama.cpp on this machine: about the physical cores, leaving room for the editor.
 * On 2 logical cores 1 thread was 10–300× faster than 2 (the second core is busy with the host and the
 * hyper-threaded sibling only adds contention), so small machines get 1.
 */
export function defaultThreads(parallelism: number = os.availableParallelism()): number {
  if (parallelism <= 2) {
    return 1;
  }
  return Math.min(8, Math.max(1, Math.floor(parallelism / 2)));
}
