/**
 * The local GGUF provider (node-llama-cpp, loaded lazily) and the finder for models already on disk.
 */
export { createLocalBackend, DEFAULT_IDLE_RELEASE_MS, type LocalBackend, type LocalBackendDeps } from './localBackend';
export { LocalBackendError, type LocalErrorReason } from './errors';
export { findLocalModels, type LocalModelFile } from './findModels';
export { defaultThreads } from './threads';
