/**
 * Finds GGUF models that Ollama and LM Studio already keep on disk, for the model quick pick.
 * Reads only; takes the home folder so tests can point it at a fixture tree.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A model file found on disk. */
export interface LocalModelFile {
  /** Absolute path of the GGUF file (for Ollama, the blob). */
  path: string;
  /** What the user knows it as: `qwen2.5-coder:1.5b` (Ollama) or `publisher/repo/file.gguf` (LM Studio). */
  name: string;
  source: 'ollama' | 'lmstudio';
  sizeBytes: number;
}

const OLLAMA_MODEL_LAYER = 'application/vnd.ollama.image.model';
const OLLAMA_DEFAULT_REGISTRY = 'registry.ollama.ai';
const LMSTUDIO_DIRS = ['.lmstudio/models', '.cache/lm-studio/models'];
const MAX_DEPTH = 4; // LM Studio: models/<publisher>/<repo>/<file>.gguf

/**
 * Every GGUF model under `homeDir`'s Ollama (`~/.ollama/models`, or `ollamaModelsDir` as from
 * `OLLAMA_MODELS`) and LM Studio (`~/.lmstudio/models`, `~/.cache/lm-studio/models`) folders,
 * sorted by source then name. Missing folders and unreadable manifests are skipped.
 */
export async function findLocalModels(homeDir: string, ollamaModelsDir?: string): Promise<LocalModelFile[]> {
  const ollama = await findOllamaModels(ollamaModelsDir ?? path.join(homeDir, '.ollama', 'models'));
  const lmstudio = (await Promise.all(LMSTUDIO_DIRS.map((d) => findGgufFiles(path.join(homeDir, d))))).flat();
  const seen = new Set<string>();
  const unique = [...ollama, ...lmstudio].filter((m) => !seen.has(m.path) && seen.add(m.path));
  return unique.sort((a, b) => a.source.localeCompare(b.source) || a.name.localeCompare(b.name));
}

/** Ollama: manifests/<registry>/<namespace>/<model>/<tag> name a model layer stored as blobs/sha256-<hex>. */
async function findOllamaModels(modelsDir: string): Promise<LocalModelFile[]> {
  const manifestsDir = path.join(modelsDir, 'manifests');
  const manifests = await listFiles(manifestsDir, MAX_DEPTH);
  const found = await Promise.all(manifests.map((m) => ollamaModel(modelsDir, manifestsDir, m)));
  return found.filter((m): m is LocalModelFile => m !== undefined);
}

async function ollamaModel(modelsDir: string, manifestsDir: string, manifestPath: string): Promise<LocalModelFile | undefined> {
  const layer = await readModelLayer(manifestPath);
  if (!layer) {
    return undefined;
  }
  const blob = path.join(modelsDir, 'blobs', layer.digest.replace(':', '-'));
  const size = await fileSize(blob);
  if (size === undefined) {
    return undefined;
  }
  return { path: blob, name: ollamaName(path.relative(manifestsDir, manifestPath)), source: 'ollama', sizeBytes: size };
}

async function readModelLayer(manifestPath: string): Promise<{ digest: string } | undefined> {
  try {
    const manifest = JSON.parse(await fs.promises.readFile(manifestPath, 'utf8')) as { layers?: { mediaType?: string; digest?: string }[] };
    const layer = manifest.layers?.find((l) => l.mediaType === OLLAMA_MODEL_LAYER);
    return layer?.digest && /^sha256:[0-9a-f]+$/.test(layer.digest) ? { digest: layer.digest } : undefined;
  } catch {
    return undefined;
  }
}

/** `registry.ollama.ai/library/qwen2.5-coder/1.5b` → `qwen2.5-coder:1.5b`; other registries keep their path. */
function ollamaName(relative: string): string {
  let parts = relative.split(path.sep);
  const tag = parts.pop() ?? '';
  if (parts[0] === OLLAMA_DEFAULT_REGISTRY) {
    parts = parts.slice(1);
    parts = parts[0] === 'library' ? parts.slice(1) : parts;
  }
  return `${parts.join('/')}:${tag}`;
}

/** LM Studio keeps plain .gguf files; vision projectors (mmproj-*) are not language models. */
async function findGgufFiles(root: string): Promise<LocalModelFile[]> {
  const files = (await listFiles(root, MAX_DEPTH)).filter(
    (f) => f.toLowerCase().endsWith('.gguf') && !path.basename(f).toLowerCase().startsWith('mmproj'),
  );
  const found = await Promise.all(
    files.map(async (f) => {
      const size = await fileSize(f);
      const name = path.relative(root, f).split(path.sep).join('/');
      return size === undefined ? undefined : ({ path: f, name, source: 'lmstudio', sizeBytes: size } as const);
    }),
  );
  return found.filter((m) => m !== undefined);
}

async function listFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        return depth > 0 ? listFiles(full, depth - 1) : [];
      }
      return e.isFile() || e.isSymbolicLink() ? [full] : [];
    }),
  );
  return nested.flat();
}

async function fileSize(file: string): Promise<number | undefined> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  return stat?.isFile() ? stat.size : undefined;
}
