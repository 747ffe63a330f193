import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EvalInputError } from '../../../src/core/eval/inputError';
import { readProblems } from '../../../src/core/eval/problems';
import { readSamples } from '../../../src/core/eval/samples';
import type { EvalSummary, SampleResult } from '../../../src/core/eval/summary';
import { FIXTURES, ROOT } from './paths';

const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const EP = path.join(FIXTURES, 'evalplus');

function passk(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJsonl = <T>(file: string): T[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);

function evalRun(problems: string, samples: string, extra: string[] = [], env?: NodeJS.ProcessEnv): { out: string; r: ReturnType<typeof passk> } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-evalplus-'));
  const r = passk(['eval', '--problems', path.join(EP, problems), '--samples', path.join(EP, samples), '--out', out, '--workers', '2', '--k', '1', ...extra], env);
  return { out, r };
}

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('eval: EvalPlus problems and samples (CLI end to end, real sandbox)', function () {
  this.timeout(180_000);

  it('reads HumanEval+ and MBPP+ problems with their inputs; a missing plus_input is a clear error', () => {
    const [add, mean, root] = readProblems(path.join(EP, 'humanevalplus3.jsonl'));
    assert.deepStrictEqual(add?.inputs?.base, [[2, 3], [0, 0], [10, 7]]);
    assert.strictEqual(mean?.inputs?.atol, 0);
    assert.strictEqual(root?.inputs?.atol, 1e-3);
    assert.strictEqual(add?.test, '');
    const [mbpp] = readProblems(path.join(EP, 'mbppplus1.jsonl'));
    assert.strictEqual(mbpp?.entryPoint, 'shared_elements');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-evalplus-'));
    const file = path.join(dir, 'p.jsonl');
    const line = JSON.parse(fs.readFileSync(path.join(EP, 'humanevalplus3.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    delete line.plus_input;
    fs.writeFileSync(file, JSON.stringify(line) + '\n');
    assert.throws(() => readProblems(file), (e: unknown) => e instanceof EvalInputError && /p\.jsonl:1: missing field "plus_input"/.test(e.message));
  });

  it('reads EvalPlus samples: a solution with the prompt becomes its completion, one without runs whole', () => {
    const he = readSamples(path.join(EP, 'samples-humanevalplus3.jsonl'), readProblems(path.join(EP, 'humanevalplus3.jsonl')));
    assert.strictEqual(he[0]?.completion, '    return a + b\n');
    assert.strictEqual(he[0]?.wholeProgram, undefined);
    const mb = readSamples(path.join(EP, 'samples-mbppplus1.jsonl'), readProblems(path.join(EP, 'mbppplus1.jsonl')));
    assert.strictEqual(mb[0]?.wholeProgram, true);
  });

  it('HumanEval+: canonical solutions pass base and plus, base-only passes are reported, float tolerance holds', () => {
    const { out, r } = evalRun('humanevalplus3.jsonl', 'samples-humanevalplus3.jsonl', ['--ranking', 'meanLogprob']);
    assert.strictEqual(r.code, 0, r.stderr);
    const rows = readJsonl<SampleResult>(path.join(out, 'results.jsonl'));
    assert.deepStrictEqual(rows.map((x) => [x.task_id.slice(-1), x.sample_index, x.passed, x.plus_passed]), [
      ['0', 0, true, true], // the canonical solution as a whole `solution`
      ['0', 1, true, false], // abs(): right on the base inputs (all ≥ 0), wrong on the plus ones
      ['0', 2, true, true], // canonical completion
      ['1', 0, true, true], // math.fsum: not == the canonical sum in the last bits, within 1e-6 (atol 0 on floats)
      ['1', 1, true, false], // rounded to 2 places: within 1e-6 on the base inputs only
      ['1', 2, true, true],
      ['2', 0, true, false], // 3 Newton steps: within atol 1e-3 for small x only
      ['2', 1, true, true], // 30 steps: not exactly x ** 0.5 everywhere, within atol
      ['2', 2, true, true],
    ]);
    assert.match(rows[1]!.plus_result!, /wrong output for plus input 1 of 3/);
    const s = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as EvalSummary;
    assert.strictEqual(s.passAtK[0]!.value, 1);
    assert.ok(Math.abs(s.plus!.passAtK[0]!.value - 2 / 3) < 1e-12);
    assert.deepStrictEqual(s.plus!.ranking.map((x) => x.ranker), ['random', 'meanLogprob', 'oracle']);
    assert.ok(Math.abs(s.plus!.ranking[0]!.passAt1 - 2 / 3) < 1e-12);
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /\| 1 \| 1\.0000 \| 0\.6667 \|/);
    assert.match(r.stdout, /pass@1 1\.000 {2}\(base tests\)\n {2}EvalPlus plus \(base \+ plus tests\): pass@1 0\.667/);
  });

  it('the tolerance is what lets the close float outputs pass: exact comparison would fail them', () => {
    const exact = spawnSync('python3', ['-c', 'import math; xs=[0.1, 0.2, 0.3]; print(math.fsum(xs)/3 == sum(xs)/3)'], { encoding: 'utf8' });
    assert.strictEqual(exact.stdout.trim(), 'False');
  });

  it('MBPP+: whole-program solutions run as given, base and plus verdicts', () => {
    const { out, r } = evalRun('mbppplus1.jsonl', 'samples-mbppplus1.jsonl', ['--ranking', 'none']);
    assert.strictEqual(r.code, 0, r.stderr);
    const rows = readJsonl<SampleResult>(path.join(out, 'results.jsonl'));
    assert.deepStrictEqual(rows.map((x) => [x.passed, x.plus_passed, x.whole_program]), [[true, true, true], [true, false, true]]);
  });

  it('a HumanEval-format file whose check imports numpy runs where numpy is installed', function () {
    if (!hasNumpy) {
      this.skip();
    }
    const { out, r } = evalRun('humaneval-numpy-check.jsonl', 'samples-numpy-check.jsonl', ['--ranking', 'none']);
    assert.strictEqual(r.code, 0, r.stderr);
    const rows = readJsonl<SampleResult>(path.join(out, 'results.jsonl'));
    assert.deepStrictEqual(rows.map((x) => x.passed), [true, true, false]);
  });

  it('... and stops with one clear line naming numpy and the interpreter when it is not', function () {
    let env = process.env;
    let python = 'python3';
    if (hasNumpy) {
      // A Python without numpy: a fresh virtual environment, first on PATH.
      const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-venv-'));
      if (spawnSync('python3', ['-m', 'venv', '--without-pip', venv]).status !== 0) {
        this.skip();
      }
      env = { ...process.env, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
      python = path.join(venv, 'bin', 'python3');
    }
    const { r } = evalRun('humaneval-numpy-check.jsonl', 'samples-numpy-check.jsonl', ['--ranking', 'none'], env);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /the problems' tests import the module numpy, which .*python3? .*cannot import .*No module named 'numpy'.*pip install numpy/);
    if (hasNumpy) {
      assert.ok(r.stderr.includes(python), r.stderr);
    }
  });
});
