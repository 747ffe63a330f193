import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findLocalModels } from '../../../src/core/backend/local';

/** Writes `files` (relative path → content) under a fresh home folder. */
function makeHome(files: Record<string, string>): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-home-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(home, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return home;
}

function manifest(modelDigest: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: 'sha256:cfg', size: 10 },
    layers: [
      { mediaType: 'application/vnd.ollama.image.template', digest: 'sha256:0123', size: 5 },
      { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${modelDigest}`, size: 4 },
    ],
  });
}

describe('findLocalModels', () => {
  const homes: string[] = [];
  after(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })));

  it('finds Ollama models through their manifests and LM Studio .gguf files, named as users know them', async () => {
    const home = makeHome({
      '.ollama/models/manifests/registry.ollama.ai/library/qwen2.5-coder/1.5b': manifest('aa11'),
      '.ollama/models/manifests/hf.co/bartowski/Some-Coder-GGUF/Q4_K_M': manifest('bb22'),
      '.ollama/models/blobs/sha256-aa11': 'GGUF1',
      '.ollama/models/blobs/sha256-bb22': 'GGUF22',
      '.ollama/models/blobs/sha256-0123': 'templ',
      '.lmstudio/models/lmstudio-community/Qwen2.5-Coder-GGUF/qwen2.5-coder-1.5b-q4_k_m.gguf': 'GGUF333',
      '.lmstudio/models/lmstudio-community/Qwen2-VL-GGUF/mmproj-qwen2-vl-f16.gguf': 'GGUF',
      '.lmstudio/models/lmstudio-community/Qwen2.5-Coder-GGUF/README.md': '# not a model',
      '.cache/lm-studio/models/TheBloke/old-GGUF/old.Q4_0.gguf': 'GGUF4444',
    });
    homes.push(home);
    const found = await findLocalModels(home);
    assert.deepStrictEqual(
      found.map((m) => [m.source, m.name, path.relative(home, m.path), m.sizeBytes]),
      [
        ['lmstudio', 'lmstudio-community/Qwen2.5-Coder-GGUF/qwen2.5-coder-1.5b-q4_k_m.gguf', '.lmstudio/models/lmstudio-community/Qwen2.5-Coder-GGUF/qwen2.5-coder-1.5b-q4_k_m.gguf', 7],
        ['lmstudio', 'TheBloke/old-GGUF/old.Q4_0.gguf', '.cache/lm-studio/models/TheBloke/old-GGUF/old.Q4_0.gguf', 8],
        ['ollama', 'hf.co/bartowski/Some-Coder-GGUF:Q4_K_M', '.ollama/models/blobs/sha256-bb22', 6],
        ['ollama', 'qwen2.5-coder:1.5b', '.ollama/models/blobs/sha256-aa11', 5],
      ],
    );
  });

  it('skips manifests that are broken or whose blob is missing, and homes with neither app', async () => {
    const home = makeHome({
      '.ollama/models/manifests/registry.ollama.ai/library/broken/latest': '{not json',
      '.ollama/models/manifests/registry.ollama.ai/library/gone/latest': manifest('cc33'),
      '.ollama/models/manifests/registry.ollama.ai/library/nomodel/latest': JSON.stringify({ layers: [] }),
    });
    homes.push(home);
    assert.deepStrictEqual(await findLocalModels(home), []);
    const empty = makeHome({});
    homes.push(empty);
    assert.deepStrictEqual(await findLocalModels(empty), []);
  });

  it('reads Ollama models from OLLAMA_MODELS when given', async () => {
    const home = makeHome({
      'elsewhere/manifests/registry.ollama.ai/library/tiny/latest': manifest('dd44'),
      'elsewhere/blobs/sha256-dd44': 'GGUF',
    });
    homes.push(home);
    const found = await findLocalModels(home, path.join(home, 'elsewhere'));
    assert.deepStrictEqual(found.map((m) => m.name), ['tiny:latest']);
  });
});
