/**
 * Cheap checks on a model file before node-llama-cpp is even imported, so the common mistakes
 * (wrong path, not a GGUF file, far too big) give a clear message at once.
 */
import * as fs from 'fs';
import { LocalBackendError, missingFileError, notGgufError } from './errors';

const GGUF_MAGIC = 'GGUF';

/** What a usable model file looks like. */
export interface ModelFileInfo {
  path: string;
  sizeBytes: number;
}

/**
 * Checks that `modelPath` is a readable GGUF file that could fit in `memoryBytes` of RAM.
 * Throws `LocalBackendError` (missingFile | notGguf | tooLarge | noModelPath).
 */
export async function checkModelFile(modelPath: string | undefined, memoryBytes: number): Promise<ModelFileInfo> {
  if (!modelPath) {
    throw new LocalBackendError('noModelPath', 'No model file is set for the local provider. Choose a .gguf file in Passk: Select Backend.');
  }
  const stat = await fs.promises.stat(modelPath).catch(() => undefined);
  if (!stat?.isFile()) {
    throw missingFileError(modelPath);
  }
  if ((await readMagic(modelPath)) !== GGUF_MAGIC) {
    throw notGgufError(modelPath);
  }
  if (stat.size > memoryBytes) {
    throw tooLargeError(modelPath, stat.size, memoryBytes);
  }
  return { path: modelPath, sizeBytes: stat.size };
}

async function readMagic(modelPath: string): Promise<string> {
  const handle = await fs.promises.open(modelPath, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

function tooLargeError(modelPath: string, sizeBytes: number, memoryBytes: number): LocalBackendError {
  const gib = (n: number): string => (n / 2 ** 30).toFixed(1);
  return new LocalBackendError(
    'tooLarge',
    `The model ${modelPath} (${gib(sizeBytes)} GiB) is larger than this machine's memory (${gib(memoryBytes)} GiB). ` +
      'Choose a smaller or more quantized model (e.g. Q4_K_M).',
  );
}
