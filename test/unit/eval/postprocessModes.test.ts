import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type { EvalSummary, SampleResult } from '../../../src/core/eval/summary';
import { Sandbox } from '../../../src/core/sandbox';
import { HUMANEVAL, ROOT } from './paths';

const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const SAMPLES = path.join(ROOT, 'data', 'codet-codegen16B-humaneval-samples.jsonl.gz');
const PROBLEMS = 12;
const PER_PROBLEM = 12;

type Line = Record<string, string>;
const gz = (file: string): Line[] =>
  zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Line);

/** The Codex paper's cut as published harnesses do it: at the first stop sequence, wherever it is. */
function paperCut(completion: string): string {
  const at = ['\nclass', '\ndef', '\n#', '\nif', '\nprint'].map((s) => completion.indexOf(s)).filter((i) => i >= 0);
  return at.length ? completion.slice(0, Math.min(...at)) : completion;
}

/** human-eval's estimator 1 − C(n−c, k)/C(n, k), exactly, with big integers. */
function passAtKExact(n: number, c: number, k: number): number {
  const comb = (a: number, b: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= b; i++) {
      r = (r * BigInt(a - b + i)) / BigInt(i);
    }
    return b < 0 || b > a ? 0n : r;
  };
  const scale = 10n ** 30n;
  return 1 - Number((comb(n - c, k) * scale) / comb(n, k)) / 1e30;
}

function passk(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stderr: r.stderr };
}

describe('eval --postprocess none and stops against an independent human-eval check (real samples)', function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-postprocess-modes-'));
  const problems = gz(HUMANEVAL).slice(0, PROBLEMS);
  const ids = new Set(problems.map((p) => p.task_id));
  const raw = gz(SAMPLES).filter((s) => ids.has(s.task_id!));
  const counts = new Map<string, number>();
  const samples = raw.filter((s) => {
    const i = counts.get(s.task_id!) ?? 0;
    counts.set(s.task_id!, i + 1);
    return i < PER_PROBLEM;
  });
  const cutSamples = samples.map((s) => ({ task_id: s.task_id, completion: paperCut(s.completion!) }));
  const files = { problems: path.join(dir, 'problems.jsonl'), raw: path.join(dir, 'raw.jsonl'), cut: path.join(dir, 'cut.jsonl') };
  const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  fs.writeFileSync(files.problems, jsonl(problems));
  fs.writeFileSync(files.raw, jsonl(samples));
  fs.writeFileSync(files.cut, jsonl(cutSamples));

  const run = (samplesFile: string, mode: string): { summary: EvalSummary; rows: SampleResult[] } => {
    const out = path.join(dir, `out-${mode}`);
    const r = passk('eval', '--problems', files.problems, '--samples', samplesFile, '--postprocess', mode, '--ranking', 'none', '--k', '1,5,10', '--workers', '2', '--out', out);
    assert.strictEqual(r.code, 0, r.stderr);
    const rows = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleResult);
    return { summary: JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as EvalSummary, rows };
  };

  /** human-eval's check_correctness, rebuilt: its program text, run in the sandbox, 3 s. */
  async function independentVerdicts(): Promise<boolean[]> {
    const sandbox = await Sandbox.start({ workers: 2 });
    try {
      const byId = new Map(problems.map((p) => [p.task_id, p]));
      return await Promise.all(cutSamples.map(async (s) => {
        const p = byId.get(s.task_id!)!;
        const program = p.prompt + s.completion + '\n' + p.test + '\n' + `check(${p.entry_point})`;
        return (await sandbox.runProgram({ program, timeoutMs: 3000 })).status === 'passed';
      }));
    } finally {
      sandbox.dispose();
    }
  }

  let none: { summary: EvalSummary; rows: SampleResult[] };

  it('--postprocess none on already-cut samples: the same verdicts and pass@k as human-eval\'s check and estimator', async () => {
    none = run(files.cut, 'none');
    const expected = await independentVerdicts();
    assert.deepStrictEqual(none.rows.map((r) => r.passed), expected);
    assert.deepStrictEqual(none.rows.map((r) => r.postprocessed), cutSamples.map((s) => s.completion)); // run as given
    const c = new Map<string, number>();
    cutSamples.forEach((s, i) => c.set(s.task_id!, (c.get(s.task_id!) ?? 0) + (expected[i] ? 1 : 0)));
    for (const k of [1, 5, 10]) {
      const reference = [...c.values()].reduce((sum, passed) => sum + passAtKExact(PER_PROBLEM, passed, k), 0) / PROBLEMS;
      const got = none.summary.passAtK.find((p) => p.k === k)!.value;
      assert.ok(Math.abs(got - reference) < 1e-12, `pass@${k}: ${got} vs ${reference}`);
    }
    assert.ok(expected.some(Boolean) && !expected.every(Boolean), 'the subset must hold passing and failing samples');
    assert.strictEqual(none.summary.postprocess, 'none');
  });

  it('--postprocess stops on the raw samples cuts like the paper and gives the same figures', () => {
    const stops = run(files.raw, 'stops');
    assert.deepStrictEqual(stops.rows.map((r) => r.postprocessed), cutSamples.map((s) => s.completion));
    assert.deepStrictEqual(stops.summary.passAtK, none.summary.passAtK);
    assert.strictEqual(stops.summary.postprocess, 'stops');
    assert.ok(stops.summary.distinctTexts < samples.length, 'some cut samples are alike');
  });
});
