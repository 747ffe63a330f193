/**
 * The only place that imports node-llama-cpp, and only when the local provider is used:
 * it is ESM-only, ~730 MB installed for every platform, and kept out of the esbuild bundle.
 * TypeScript (module node16) and esbuild (format cjs, external) both keep this `import()`
 * a real dynamic import, so it loads from out/ (tsc) and dist/ (bundle) alike.
 */
import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { LocalBackendError } from './errors';
import { errorMessage } from '../../errorMessage';

/** The node-llama-cpp module namespace. */
export type Runtime = typeof NodeLlamaCpp;
export type Llama = NodeLlamaCpp.Llama;
export type LlamaModel = NodeLlamaCpp.LlamaModel;
export type LlamaContext = NodeLlamaCpp.LlamaContext;
export type LlamaContextSequence = NodeLlamaCpp.LlamaContextSequence;
export type Token = NodeLlamaCpp.Token;

let runtime: Promise<Runtime> | undefined;

/** Imports node-llama-cpp once; a missing install becomes a `runtimeMissing` error. */
export function loadRuntime(): Promise<Runtime> {
  runtime ??= import('node-llama-cpp').catch((e: unknown) => {
    runtime = undefined;
    const detail = errorMessage(e);
    throw new LocalBackendError(
      'runtimeMissing',
      `The local model runtime (node-llama-cpp) is not installed for this platform: ${detail}. ` +
        'Install the Passk build for your platform, or use a server backend (Ollama, llama.cpp).',
    );
  });
  return runtime;
}

let llama: Promise<Llama> | undefined;

/**
 * The CPU llama.cpp binding (prebuilt; nothing is compiled or downloaded).
 * Native log lines go to `log`; the last error line is kept to explain load failures.
 */
export function getCpuLlama(log: (line: string) => void, onNativeError: (line: string) => void): Promise<Llama> {
  llama ??= loadRuntime()
    .then((m) =>
      m.getLlama({
        gpu: false,
        build: 'never',
        logLevel: m.LlamaLogLevel.warn,
        logger: (level, message) => {
          const line = message.trim();
          if (level === m.LlamaLogLevel.error || level === m.LlamaLogLevel.fatal) {
            onNativeErrorHook(line);
          }
          logHook(line);
        },
      }),
    )
    .catch((e: unknown) => {
      llama = undefined;
      throw e instanceof LocalBackendError ? e : new LocalBackendError('runtimeMissing', `The local model runtime could not start: ${String(e)}`);
    });
  logHook = log;
  onNativeErrorHook = onNativeError;
  return llama;
}

// One native logger per process: node-llama-cpp creates one Llama; the latest backend's hooks receive its lines.
let logHook: (line: string) => void = () => undefined;
let onNativeErrorHook: (line: string) => void = () => undefined;
