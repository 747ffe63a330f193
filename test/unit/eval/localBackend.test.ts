import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SampleResult } from '../../../src/core/eval/summary';
import { FIXTURES, ROOT } from './paths';

const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const MODEL = path.join(ROOT, 'test', 'fixtures', 'models', 'tiny-deepseekcoder-f16-tied-e32-l1.gguf');

function passk(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 170_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('passk eval --backend local (a real GGUF model in-process, no server)', function () {
  this.timeout(180_000);

  it('samples every problem with the local model and checks each sample in the sandbox', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-local-'));
    const r = passk('eval', '--problems', path.join(FIXTURES, 'problems3.jsonl'), '--backend', 'local', '--model', MODEL,
      '--n', '2', '--max-tokens', '12', '--k', '1', '--ranking', 'meanLogprob', '--out', out, '--workers', '1');
    assert.strictEqual(r.code, 0, r.stderr);
    const results = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleResult);
    assert.strictEqual(results.length, 6, '3 problems × n=2');
    // The test model's text is noise: no sample can pass, and every one must have been checked.
    assert.ok(results.every((x) => x.passed === false && typeof x.result === 'string'));
    assert.match(r.stdout, /pass@1/);
  });

  it('asks for the model file when none is given', () => {
    const r = passk('eval', '--problems', path.join(FIXTURES, 'problems3.jsonl'), '--backend', 'local');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--backend local needs --model FILE\.gguf/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
