import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EvalSummary, SampleResult } from '../../../src/core/eval/summary';
import { FIXTURES, ROOT } from './paths';

const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');

function passk(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJsonl = <T>(file: string): T[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);

describe('passk eval (the CLI, end to end, real sandbox)', function () {
  this.timeout(180_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-cli-'));
  const args = ['eval', '--problems', path.join(FIXTURES, 'problems3.jsonl'), '--samples', path.join(FIXTURES, 'samples3.jsonl'),
    '--out', out, '--workers', '2', '--timeout', '1', '--k', '1,2,10', '--ranking', 'all'];

  it('checks each sample, writes results, summary, report and chart atomically', () => {
    const r = passk(...args);
    assert.strictEqual(r.code, 0, r.stderr);
    const results = readJsonl<SampleResult>(path.join(out, 'results.jsonl'));
    assert.deepStrictEqual(results.map((x) => [x.task_id, x.sample_index, x.passed]), [
      ['HumanEval/0', 0, true], // canonical + an extra top-level def, cut at the block end
      ['HumanEval/0', 1, false],
      ['HumanEval/2', 0, false], // sys.exit(0) must not pass
      ['HumanEval/2', 1, true],
      ['HumanEval/4', 0, false], // infinite loop
      ['HumanEval/4', 1, false], // leaves the function at once: empty
    ]);
    assert.strictEqual(results[4]?.result, 'timed out');
    assert.strictEqual(results[5]?.postprocessed, '');
    assert.ok(!results[0]?.postprocessed.includes('def extra'));
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as EvalSummary;
    assert.deepStrictEqual(summary.passAtK.map((p) => p.k), [1, 2]);
    assert.ok(Math.abs(summary.passAtK[0]!.value - 1 / 3) < 1e-12);
    assert.ok(Math.abs(summary.passAtK[1]!.value - 2 / 3) < 1e-12);
    assert.deepStrictEqual(summary.headline.map((h) => h.k), [1, 2]);
    assert.deepStrictEqual(summary.ranking.map((x) => x.ranker), ['random', 'auto', 'meanLogprob', 'sumLogprob', 'doctest', 'agreement', 'codet', 'behaviour', 'oracle']);
    const meanRow = summary.ranking.find((x) => x.ranker === 'meanLogprob');
    // HumanEval/0 picks sample 0 (−0.15 > −1.5), HumanEval/2 picks the sys.exit sample (−0.5 > −0.9), /4 unscored → random 0.
    assert.deepStrictEqual({ ...meanRow, atN: undefined }, { ranker: 'meanLogprob', passAt1: 1 / 3, actedOn: 2, atN: undefined });
    // Two samples per problem: a subset of 5 or 10 is all of them, so the row is the same at every n.
    assert.deepStrictEqual(meanRow?.atN, [{ n: 5, passAt1: 1 / 3 }, { n: 10, passAt1: 1 / 3 }]);
    assert.strictEqual(summary.emptyAfterPostprocess, 1);
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /\| doctest \| /);
    assert.match(fs.readFileSync(path.join(out, 'chart.svg'), 'utf8'), /^<svg /);
    assert.deepStrictEqual(fs.readdirSync(out).filter((f) => f.endsWith('.tmp')), []);
    assert.match(r.stdout, /3 problems, 6 samples: pass@1 0\.333 {2}pass@2 0\.667/);
    assert.match(r.stdout, /pass@10 left out: some problems have only 2 samples/);
  });

  it('--tests: the codet row ranks by the model-written tests, matched by task_id or by prompt', () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-tests-'));
    const r = passk('eval', '--problems', path.join(FIXTURES, 'problems3.jsonl'), '--samples', path.join(FIXTURES, 'samples3.jsonl'),
      '--tests', path.join(FIXTURES, 'tests3.jsonl'), '--out', own, '--workers', '2', '--timeout', '1', '--k', '1', '--ranking', 'codet,meanLogprob');
    assert.strictEqual(r.code, 0, r.stderr);
    const summary = JSON.parse(fs.readFileSync(path.join(own, 'summary.json'), 'utf8')) as EvalSummary;
    // /0: only the right sample passes both tests; /2: only `number % 1.0` passes (sys.exit raises); /4: no tests → random (0).
    assert.deepStrictEqual({ ...summary.ranking.find((x) => x.ranker === 'codet'), atN: undefined }, { ranker: 'codet', passAt1: 2 / 3, actedOn: 2, atN: undefined });
    const picks = readJsonl<{ ranker: string; task_id: string; index: number; n?: number }>(path.join(own, 'picks.partial.jsonl')).filter((p) => p.ranker === 'codet' && p.n === undefined);
    assert.deepStrictEqual(picks.map((p) => [p.task_id, p.index]), [['HumanEval/0', 0], ['HumanEval/2', 1], ['HumanEval/4', 0]]);
  });

  it('a re-run resumes: nothing is checked again, a torn journal line is ignored', () => {
    fs.appendFileSync(path.join(out, 'results.partial.jsonl'), '{"task_id": "HumanEval/0", "sam');
    const before = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8');
    const r = passk(...args);
    assert.strictEqual(r.code, 0, r.stderr);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as EvalSummary;
    assert.strictEqual(summary.checkedThisRun, 0);
    assert.strictEqual(fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8'), before);
  });

  it('bad input is one line naming file and line, no stack trace, exit 1', () => {
    const r = passk('eval', '--problems', path.join(FIXTURES, 'problems3.jsonl'), '--samples', path.join(FIXTURES, 'bad', 'malformed.jsonl'), '--out', out);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /^passk: .*malformed\.jsonl:2: not valid JSON/);
    assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
  });

  it('bad command lines are usage errors (exit 2)', () => {
    for (const extra of [['--samples', 'a', '--backend', 'ollama'], [], ['--samples', 'a', '--k', '0'], ['--samples', 'a', '--ranking', 'magic']]) {
      const r = passk('eval', '--problems', 'p.jsonl', ...extra);
      assert.strictEqual(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
      assert.strictEqual(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
