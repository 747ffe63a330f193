/**
 * The local provider's failures, as `BackendError`s whose message names the file and what to do.
 * `reason` is finer than `kind` (which the UI already knows how to act on).
 */
import { BackendError, type BackendErrorKind } from '../backend';
import { errorMessage } from '../../errorMessage';

/** Why the local provider failed. */
export type LocalErrorReason =
  | 'noModelPath'
  | 'missingFile'
  | 'notGguf'
  | 'corrupt'
  | 'tooLarge'
  | 'runtimeMissing'
  | 'fimUnsupported'
  | 'generation'
  | 'cancelled';

const kindOf: Record<LocalErrorReason, BackendErrorKind> = {
  noModelPath: 'badRequest',
  missingFile: 'notFound',
  notGguf: 'badRequest',
  corrupt: 'badRequest',
  tooLarge: 'server',
  runtimeMissing: 'notFound',
  fimUnsupported: 'badRequest',
  generation: 'server',
  cancelled: 'cancelled',
};

/** A `BackendError` from the local GGUF provider. */
export class LocalBackendError extends BackendError {
  readonly reason: LocalErrorReason;

  constructor(reason: LocalErrorReason, message: string) {
    const action = reason === 'generation' ? 'showLog' : reason === 'cancelled' ? undefined : 'openSettings';
    super(kindOf[reason], message, { action });
    this.reason = reason;
  }
}

/** The error a fired AbortSignal becomes. */
export function cancelledError(): LocalBackendError {
  return new LocalBackendError('cancelled', 'Cancelled.');
}

/** Turns whatever node-llama-cpp threw while loading into a message the user can act on. */
export function classifyLoadError(e: unknown, modelPath: string, lastNativeError?: string): LocalBackendError {
  if (e instanceof LocalBackendError) {
    return e;
  }
  const text = errorMessage(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return missingFileError(modelPath);
  }
  if (/GGUF magic/i.test(text)) {
    return notGgufError(modelPath);
  }
  if (/memory|too large|RAM|VRAM|allocate/i.test(`${text} ${lastNativeError ?? ''}`)) {
    return new LocalBackendError(
      'tooLarge',
      `The model ${modelPath} does not fit in this machine's memory (${text}). Choose a smaller or more quantized model (e.g. Q4_K_M).`,
    );
  }
  const detail = lastNativeError ? ` (${lastNativeError})` : '';
  return new LocalBackendError(
    'corrupt',
    `The model ${modelPath} could not be loaded: the file is incomplete or corrupted${detail}. Download it again or choose another .gguf file.`,
  );
}

/** The model file does not exist. */
export function missingFileError(modelPath: string): LocalBackendError {
  return new LocalBackendError('missingFile', `The model file ${modelPath} does not exist. Choose a .gguf file in Passk: Select Backend.`);
}

/** The file exists but is not GGUF. */
export function notGgufError(modelPath: string): LocalBackendError {
  return new LocalBackendError(
    'notGguf',
    `${modelPath} is not a GGUF model file (it does not start with "GGUF"). The local provider needs a .gguf file, e.g. one from Ollama, LM Studio or Hugging Face.`,
  );
}
