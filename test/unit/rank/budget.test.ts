import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { prepareExecution, scaledBudget, type RankingSandbox } from '../../../src/core/rank';
import type { MatrixCell, MatrixRequest } from '../../../src/core/sandbox';
import type { ModelTest } from '../../../src/core/modelTests/extract';
import type { CompletionContext } from '../../../src/core/types';

/** `inc`'s context, and a sandbox that records each matrix request and answers every call (and check). */
async function recording(): Promise<{ ctx: CompletionContext; requests: MatrixRequest[]; runner: RankingSandbox }> {
  const text = 'def inc(x: int) -> int:\n    """Add one."""\n';
  const ctx = await buildContext({ text, offset: text.length });
  const requests: MatrixRequest[] = [];
  const runner: RankingSandbox = {
    parseExamples: () => Promise.resolve([]),
    runMatrix: (req) => {
      requests.push(req);
      const cells: MatrixCell[] = req.calls.map(() => ({ status: 'ok', got: '1', key: 'n1' }));
      return Promise.resolve(req.check ? [...cells, { status: 'passed' }] : cells);
    },
  };
  return { ctx, requests, runner };
}

describe('rank: the calls\' shared CPU budget', () => {
  it('grows with the calls beyond the generated-input cap, never shrinks, and stays off when unset', () => {
    assert.strictEqual(scaledBudget(undefined, 300, 30), undefined);
    assert.strictEqual(scaledBudget(1000, 20, 30), 1000);
    assert.strictEqual(scaledBudget(1000, 30, 30), 1000);
    assert.strictEqual(scaledBudget(1000, 90, 30), 3000);
  });

  it('a job with many model-written tests gets the grown budget in its matrix request', async () => {
    const { ctx, requests, runner } = await recording();
    const tests: ModelTest[] = Array.from({ length: 50 }, (_, i) => ({ source: `assert inc(${i}) == ${i + 1}`, weight: 1 }));
    const sample = { text: '    return x + 1\n', index: 0, finishReason: 'stop' as const };
    await prepareExecution(ctx, [sample], { mode: 'auto', sandbox: runner, modelTests: tests, inputs: { cap: 10, cpuBudgetMs: 1000 } });
    const last = requests[requests.length - 1]!;
    assert.strictEqual(last.calls.length, 60, 'ten generated inputs and fifty tests');
    assert.strictEqual(last.cpuBudgetMs, 6000);
    // The evaluator's two budgets: a small one for the generated inputs alone, a larger one with tests.
    await prepareExecution(ctx, [sample], { mode: 'auto', sandbox: runner, modelTests: tests, inputs: { cap: 10, cpuBudgetMs: 250, testsCpuBudgetMs: 1000 } });
    assert.strictEqual(requests[requests.length - 1]!.cpuBudgetMs, 6000, 'with tests: the tests\' budget, grown');
    await prepareExecution(ctx, [sample], { mode: 'auto', sandbox: runner, inputs: { cap: 10, cpuBudgetMs: 250, testsCpuBudgetMs: 1000 } });
    assert.strictEqual(requests[requests.length - 1]!.cpuBudgetMs, 250, 'without tests: the generated inputs\' budget');
  });

  it('the model-written tests run before the generated inputs, so a slow sample spends its budget on them first', async () => {
    const { ctx, requests, runner } = await recording();
    const tests: ModelTest[] = [{ source: 'assert inc(1) == 2', weight: 1 }, { source: 'assert inc(5) == 6', weight: 1 }];
    const sample = { text: '    return x + 1\n', index: 0, finishReason: 'stop' as const };
    const execution = await prepareExecution(ctx, [sample], { mode: 'auto', sandbox: runner, modelTests: tests, inputs: { cap: 4, cpuBudgetMs: 150 } });
    const calls = requests[requests.length - 1]!.calls;
    assert.deepStrictEqual(calls.slice(0, 2), tests.map((t) => t.source));
    assert.ok(calls.length > 2, JSON.stringify(calls));
    assert.deepStrictEqual(execution.matrix?.inputs.map((i) => i.kind), ['test', 'test', ...calls.slice(2).map(() => 'generated')], 'the matrix lists the inputs in the order they ran');
  });

  it('a sample check reaches the matrix request with its time limit and full-priority CPU time', async () => {
    const { ctx, requests, runner } = await recording();
    const sample = { text: '    return x + 1\n', index: 0, finishReason: 'stop' as const };
    const check = { timeoutMs: 3000, fullPriorityCpuMs: 1000, skipIfInputTimedOut: true, program: (s: { text: string }) => `check(${JSON.stringify(s.text)})` };
    await prepareExecution(ctx, [sample], { mode: 'auto', sandbox: runner, inputs: { cap: 3 }, check });
    assert.deepStrictEqual(requests[requests.length - 1]!.check, { program: 'check("    return x + 1\\n")', timeoutMs: 3000, fullPriorityCpuMs: 1000, skipIfInputTimedOut: true });
  });
});
