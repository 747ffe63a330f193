import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTexts, type CheckItem, type CheckOptions, type ProgramRunner } from '../../../src/core/eval/checkSamples';
import { Journal } from '../../../src/core/eval/files';
import { CHECK_FULL_PRIORITY_CPU_MS, readProblems, type Problem } from '../../../src/core/eval/problems';
import type { SampleResult } from '../../../src/core/eval/summary';
import { Sandbox } from '../../../src/core/sandbox';
import type { EvalResult, EvaluateRequest, ProgramResult, RunProgramRequest } from '../../../src/core/sandbox/api';
import { FIXTURES } from './paths';

/** The real sandbox, counting the jobs it is given. */
class CountingRunner implements ProgramRunner {
  readonly programs: string[] = [];
  readonly fullPriority: (number | undefined)[] = [];
  evaluations = 0;
  constructor(private readonly sandbox: Sandbox) {}
  runProgram(req: RunProgramRequest, signal?: AbortSignal): Promise<ProgramResult> {
    this.programs.push(req.program);
    this.fullPriority.push(req.fullPriorityCpuMs);
    return this.sandbox.runProgram(req, signal);
  }
  evaluate(req: EvaluateRequest, signal?: AbortSignal): Promise<EvalResult[]> {
    this.evaluations++;
    return this.sandbox.evaluate(req, signal);
  }
}

const item = (problem: Problem, index: number, text: string): CheckItem => ({ problem, index, completion: text, postprocessed: text });

describe('eval: each distinct (task, text) is checked once (real sandbox, jobs counted)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ workers: 2 });
  });
  after(() => sandbox.dispose());

  const [p0, p2] = readProblems(path.join(FIXTURES, 'problems3.jsonl'));
  const right0 = p0!.canonicalSolution;
  const right2 = p2!.canonicalSolution;
  // Five samples of /0 with two texts, three of /2 with two texts; the same wrong text on both problems
  // is two checks (one per problem).
  const items = [
    item(p0!, 0, right0), item(p0!, 1, '    return True\n'), item(p0!, 2, right0), item(p0!, 3, right0), item(p0!, 4, '    return True\n'),
    item(p2!, 0, '    return True\n'), item(p2!, 1, right2), item(p2!, 2, right2),
  ];

  const run = (runner: ProgramRunner, extra: Partial<CheckOptions> = {}): ReturnType<typeof checkTexts> =>
    checkTexts(items, { runner, timeoutMs: 3000, concurrency: 4, ...extra });

  it('runs one sandbox job per distinct text and still writes a row per sample', async () => {
    const runner = new CountingRunner(sandbox);
    const { results, distinct, executed } = await run(runner);
    assert.strictEqual(runner.programs.length, 4);
    assert.strictEqual(new Set(runner.programs).size, 4);
    assert.deepStrictEqual([distinct, executed], [4, 4]);
    assert.deepStrictEqual(results.map((r) => [r.task_id, r.sample_index, r.passed]), [
      ['HumanEval/0', 0, true], ['HumanEval/0', 1, false], ['HumanEval/0', 2, true], ['HumanEval/0', 3, true], ['HumanEval/0', 4, false],
      ['HumanEval/2', 0, false], ['HumanEval/2', 1, true], ['HumanEval/2', 2, true],
    ]);
    assert.ok(results.every((r) => r.timeout_ms === 3000 && r.postprocess === 'editor'));
    // A looping check spends the rest of its 3 s at the lowest priority (see CHECK_FULL_PRIORITY_CPU_MS).
    assert.deepStrictEqual(runner.fullPriority, items.slice(0, 4).map(() => CHECK_FULL_PRIORITY_CPU_MS));
  });

  it('resumes from the journal only with the same timeout and post-processing mode', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-check-once-'));
    const journal = new Journal<SampleResult>(path.join(dir, 'results.partial.jsonl'));
    const first = new CountingRunner(sandbox);
    await run(first, { journal });
    assert.strictEqual(journal.read().length, items.length); // one row per sample
    const same = new CountingRunner(sandbox);
    const resumed = await run(same, { journal });
    assert.deepStrictEqual([same.programs.length, resumed.executed], [0, 0]);
    assert.strictEqual(journal.read().length, items.length); // nothing written twice
    const longer = new CountingRunner(sandbox);
    assert.strictEqual((await run(longer, { journal, timeoutMs: 4000 })).executed, 4);
    assert.strictEqual(longer.programs.length, 4);
    const plain = new CountingRunner(sandbox);
    assert.strictEqual((await run(plain, { journal, postprocess: 'none' })).executed, 4);
    assert.strictEqual(plain.programs.length, 4);
  });

  it('EvalPlus problems: the canonical solution runs once per problem, each distinct text once per input set', async () => {
    const [add] = readProblems(path.join(FIXTURES, 'evalplus', 'humanevalplus3.jsonl'));
    const right = '    return a + b\n';
    const positiveOnly = '    return abs(a) + abs(b)\n';
    const wrong = '    return a - b\n';
    const plusItems = [item(add!, 0, right), item(add!, 1, positiveOnly), item(add!, 2, right), item(add!, 3, wrong), item(add!, 4, positiveOnly)];
    const runner = new CountingRunner(sandbox);
    const { results } = await checkTexts(plusItems, { runner, timeoutMs: 3000, concurrency: 4 });
    assert.strictEqual(runner.evaluations, 1);
    // base for the 3 texts; plus only for the 2 that passed base
    assert.strictEqual(runner.programs.length, 5);
    assert.deepStrictEqual(results.map((r) => [r.passed, r.plus_passed]), [[true, true], [true, false], [true, true], [false, false], [true, false]]);
  });

  it('a worker killed from outside mid-check is retried once (the death says nothing about the sample)', async () => {
    const one = await Sandbox.start({ workers: 1 });
    try {
      const runner = new CountingRunner(one);
      const [looping] = [item(p0!, 0, '    while True:\n        pass\n')];
      const checking = checkTexts([looping!], { runner, timeoutMs: 1500, concurrency: 1 });
      await new Promise((r) => setTimeout(r, 500));
      for (const pid of one.workerPids()) {
        process.kill(pid, 'SIGKILL');
      }
      const { results } = await checking;
      assert.strictEqual(runner.programs.length, 2);
      assert.strictEqual(results[0]?.result, 'timed out'); // the second run's own verdict
    } finally {
      one.dispose();
    }
  });
});
