import * as assert from 'assert';
import { checkSamples, type CheckItem } from '../../../src/core/eval/checkSamples';
import { readProblems } from '../../../src/core/eval/problems';
import { Sandbox } from '../../../src/core/sandbox';
import { HUMANEVAL } from './paths';

describe('eval on HumanEval through the real sandbox', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  const problems = readProblems(HUMANEVAL);

  before(async () => {
    sandbox = await Sandbox.start({ workers: 2 });
  });
  after(() => sandbox.dispose());

  const run = (completion: (i: number) => string): Promise<{ passed: boolean; result: string }[]> => {
    const items: CheckItem[] = problems.map((problem, i) => ({ problem, index: 0, completion: completion(i), postprocessed: completion(i) }));
    return checkSamples(items, { runner: sandbox, timeoutMs: 5000, concurrency: 4 });
  };

  it('the canonical solutions pass 164/164', async () => {
    const results = await run((i) => problems[i]!.canonicalSolution);
    const failed = results.map((r, i) => [problems[i]!.taskId, r.result]).filter(([, r]) => r !== 'passed');
    assert.deepStrictEqual(failed, []);
  });

  it('empty completions pass 0/164', async () => {
    const results = await run(() => '');
    assert.strictEqual(results.filter((r) => r.passed).length, 0);
    assert.ok(results.every((r) => r.result.startsWith('failed')), results[0]?.result);
  });
});
