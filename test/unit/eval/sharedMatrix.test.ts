import * as assert from 'assert';
import { checkTexts, type CheckItem, type CheckRun, type ProgramRunner } from '../../../src/core/eval/checkSamples';
import { prepare } from '../../../src/core/eval/prepare';
import type { Problem } from '../../../src/core/eval/problems';
import { corePickers, PROBLEMS_IN_FLIGHT, RANKER_MODES } from '../../../src/core/eval/rankers';
import { rankingTable } from '../../../src/core/eval/rankingTable';
import { Sandbox } from '../../../src/core/sandbox';

const PROBLEM: Problem = {
  taskId: 'T/0',
  prompt: 'from typing import List\n\n\ndef total(xs: List[int]) -> int:\n    """Sum of xs.\n\n    >>> total([1, 2])\n    3\n    """\n',
  canonicalSolution: '    return sum(xs)\n',
  test: 'def check(f):\n    assert f([1, 2, 3]) == 6\n',
  entryPoint: 'total',
};

/** A runner on `sandbox` that records the programs it is given (the texts checked on their own). */
function recordingRunner(sandbox: Sandbox, programs: string[]): ProgramRunner {
  return {
    runProgram: (req, signal) => (programs.push(req.program), sandbox.runProgram(req, signal)),
    evaluate: (req, signal) => sandbox.evaluate(req, signal),
  };
}

/**
 * Checks `completions` of PROBLEM beside an `auto` pick, as `passk eval` does: checking reads the matrix
 * jobs' verdicts (`checkOf`) and runs the rest in a sandbox of its own, whose programs are recorded.
 */
async function checkBesideRanking(
  completions: string[],
  options: { inputs: { cap: number; inputTimeoutMs: number }; checkTimeoutMs: number },
  then: (run: { merged: CheckRun; programs: string[]; runner: ProgramRunner; jobs: () => number; items: CheckItem[] }) => Promise<void>,
): Promise<void> {
  const samples = completions.map((completion, index) => ({ taskId: 'T/0', index, completion }));
  const [p] = await prepare([PROBLEM], samples);
  const { pickers, dispose, jobs, checkOf, endChecks } = corePickers(['auto'], { workers: 2, timeoutMs: 3000, inputs: options.inputs, checks: { timeoutMs: options.checkTimeoutMs } });
  const alone = await Sandbox.start({ workers: 1 });
  try {
    const programs: string[] = [];
    const runner = recordingRunner(alone, programs);
    const checking = checkTexts(p!.items, { runner, timeoutMs: options.checkTimeoutMs, concurrency: 2, fromRanking: (it) => checkOf(p!, it.postprocessed) });
    await pickers[0]!.pick(p!, undefined);
    endChecks();
    await then({ merged: await checking, programs, runner, jobs, items: p!.items });
  } finally {
    dispose();
    alone.dispose();
  }
}

describe('passk eval: one execution matrix per problem', function () {
  this.timeout(120_000);

  it('every ranker row, every subset and the adaptive rounds read it: one sandbox job per distinct sample', async () => {
    const completions = ['    return sum(xs)\n', '    return sum(xs)  # same\n', '    s = 0\n    for x in xs:\n        s += x\n    return s\n', '    return len(xs)\n', '    return max(xs)\n', '    pass\n'];
    const samples = completions.map((completion, index) => ({ taskId: 'T/0', index, completion }));
    const [p] = await prepare([PROBLEM], samples);
    const { pickers, dispose, jobs } = corePickers(RANKER_MODES, { workers: 2, timeoutMs: 3000, inputs: { cap: 10, inputTimeoutMs: 200 } });
    try {
      const results = completions.map((c, i) => ({ task_id: 'T/0', sample_index: i, completion: c, postprocessed: c, passed: i < 3, result: '' }));
      const table = await rankingTable([p!], results, pickers, { sizes: [2, 4], subsets: 5, adaptive: { n: 2, rounds: 3 } });
      // 5 distinct samples (the commented one is a duplicate) + one parse of the docstring's examples.
      assert.strictEqual(jobs(), 5 + 1);
      const auto = table.rows.find((r) => r.ranker === 'auto')!;
      assert.strictEqual(auto.passAt1, 1, 'auto picks a sample that passes the example and agrees with the others');
      assert.ok(table.adaptive && table.adaptive.meanSamplesDrawn >= 2);
    } finally {
      dispose();
    }
  });

  it('the matrix jobs check the samples they rank: checking runs on its own only the texts they did not', async () => {
    const completions = ['    return sum(xs)\n', '    return sum(xs)  # same\n', '    return len(xs)\n', '    pass\n'];
    await checkBesideRanking(completions, { inputs: { cap: 5, inputTimeoutMs: 200 }, checkTimeoutMs: 3000 }, async ({ merged, programs, runner, jobs, items }) => {
      // 3 distinct samples ranked (the commented text shares the first one's code) + one parse; the
      // commented text is the only one checked on its own.
      assert.strictEqual(jobs(), 3 + 1);
      assert.deepStrictEqual(programs.map((program) => program.includes('# same')), [true]);
      const separate = await checkTexts(items, { runner, timeoutMs: 3000, concurrency: 2 });
      assert.deepStrictEqual(merged.results.map((r) => [r.passed, r.result]), separate.results.map((r) => [r.passed, r.result]));
      assert.deepStrictEqual(merged.results.map((r) => r.passed), [true, true, false, false]);
      assert.deepStrictEqual([merged.checkedAlone, separate.checkedAlone], [1, 4]);
    });
  });

  it('a sample whose inputs run out of time is checked on its own, off the ranking\'s workers, with the same verdict', async () => {
    // Loops on lists longer than one (the generated inputs have some; the check's [1, 2, 3] too).
    const looping = '    while len(xs) > 1:\n        pass\n    return sum(xs)\n';
    await checkBesideRanking(['    return sum(xs)\n', looping], { inputs: { cap: 10, inputTimeoutMs: 100 }, checkTimeoutMs: 1000 }, async ({ merged, programs }) => {
      assert.deepStrictEqual(programs.map((program) => program.includes('while len(xs) > 1')), [true], 'only the looping sample ran alone');
      assert.deepStrictEqual(merged.results.map((r) => [r.passed, r.result]), [[true, 'passed'], [false, 'timed out']]);
    });
  });

  it('the ranking sandbox gets --isolation: bestEffort runs the examples on a kernel without the layers, required refuses', async () => {
    const samples = ['    return sum(xs)\n', '    return len(xs)\n'].map((completion, index) => ({ taskId: 'T/0', index, completion }));
    const [p] = await prepare([PROBLEM], samples);
    const noLayers = { workers: 1, timeoutMs: 3000, inputs: { cap: 0, inputTimeoutMs: 200 }, kernel: false };
    const bestEffort = corePickers(['doctest'], { ...noLayers, isolation: 'bestEffort' });
    const required = corePickers(['doctest'], { ...noLayers, isolation: 'required' });
    try {
      const pick = await bestEffort.pickers[0]!.pick(p!, undefined);
      assert.deepStrictEqual(pick, { index: 0, acted: true }, 'the examples ran and chose the sample that passes them');
      await assert.rejects(required.pickers[0]!.pick(p!, undefined), /kernel isolation/);
    } finally {
      bestEffort.dispose();
      required.dispose();
    }
  });

  it('builds the next problem\'s matrix ahead while one ranks, each problem once', async () => {
    const problems = [0, 1, 2].map((i): Problem => ({ ...PROBLEM, taskId: `T/${i}`, prompt: PROBLEM.prompt.replace(/total/g, `total${i}`) }));
    const completions = ['    return sum(xs)\n', '    return len(xs)\n', '    return max(xs)\n'];
    const samples = problems.flatMap((pr) => completions.map((completion, index) => ({ taskId: pr.taskId, index, completion })));
    const prepared = await prepare(problems, samples);
    const { pickers, dispose, jobs, ahead } = corePickers(RANKER_MODES, { workers: 2, timeoutMs: 3000, inputs: { cap: 5, inputTimeoutMs: 200 } });
    try {
      ahead(prepared[1]!);
      const deadline = Date.now() + 60_000;
      while (jobs() === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(jobs() > 0, 'ahead() starts the problem\'s sandbox jobs before any pick asks for them');
      const results = prepared.flatMap((p) => completions.map((c, i) => ({ task_id: p.problem.taskId, sample_index: i, completion: c, postprocessed: c, passed: i === 0, result: '' })));
      const table = await rankingTable(prepared, results, pickers, { sizes: [2], subsets: 3, ahead: (p) => ahead(p) });
      // Per problem: 3 distinct samples + one parse of the docstring's examples; nothing built twice.
      assert.strictEqual(jobs(), 3 * (3 + 1));
      assert.strictEqual(table.rows.find((r) => r.ranker === 'doctest')!.passAt1, 1, 'each problem ranked on its own matrix');
    } finally {
      dispose();
    }
  });
  it('keeps several problems in flight: the table builds the next ones ahead, each problem once', async () => {
    const count = PROBLEMS_IN_FLIGHT + 2; // more problems than in flight: some slot is reused
    const problems = [...Array(count).keys()].map((i): Problem => ({ ...PROBLEM, taskId: `T/${i}`, prompt: PROBLEM.prompt.replace(/total/g, `total${i}`) }));
    const completions = ['    return sum(xs)\n', '    return len(xs)\n'];
    const samples = problems.flatMap((pr) => completions.map((completion, index) => ({ taskId: pr.taskId, index, completion })));
    const prepared = await prepare(problems, samples);
    const { pickers, dispose, jobs, ahead, moduleLoads } = corePickers(['doctest'], { workers: 1, timeoutMs: 3000, inputs: { cap: 0, inputTimeoutMs: 200 } });
    try {
      const asked: string[] = [];
      const firstPicks: number[] = [];
      const results = prepared.flatMap((p) => completions.map((c, i) => ({ task_id: p.problem.taskId, sample_index: i, completion: c, postprocessed: c, passed: i === 0, result: '' })));
      const table = await rankingTable(prepared, results, pickers, {
        ahead: (p) => (asked.push(p.problem.taskId), ahead(p)),
        aheadCount: PROBLEMS_IN_FLIGHT - 1,
        onPick: () => firstPicks.push(asked.length),
      });
      // Before the first pick, the next PROBLEMS_IN_FLIGHT - 1 problems were started.
      assert.strictEqual(firstPicks[0], PROBLEMS_IN_FLIGHT - 1);
      assert.deepStrictEqual([...new Set(asked)], problems.slice(1).map((p) => p.taskId));
      // Per problem: 2 distinct samples + one parse of the docstring's examples; nothing built twice.
      assert.strictEqual(jobs(), count * (2 + 1));
      assert.strictEqual(table.rows.find((r) => r.ranker === 'doctest')!.passAt1, 1, 'each problem ranked on its own matrix');
      // The problems share one module context (the import): a reused slot keeps its workers' templates.
      assert.strictEqual(moduleLoads(), 0);
    } finally {
      dispose();
    }
  });

  it('loads a reused slot\'s sandbox with the next problem\'s module context when it differs', async () => {
    const count = PROBLEMS_IN_FLIGHT + 2;
    const problems = [...Array(count).keys()].map((i): Problem => ({
      ...PROBLEM,
      taskId: `T/${i}`,
      // The example's output holds only with this problem's OFFSET: a stale context fails it.
      prompt: `OFFSET = ${i}\n` + PROBLEM.prompt.replace(/total/g, `total${i}`).replace('Sum of xs.', 'Sum of xs plus OFFSET.').replace('    3\n', `    ${3 + i}\n`),
    }));
    const completions = ['    return len(xs)\n', '    return sum(xs) + OFFSET\n']; // the right one second: no fallback to it
    const samples = problems.flatMap((pr) => completions.map((completion, index) => ({ taskId: pr.taskId, index, completion })));
    const prepared = await prepare(problems, samples);
    const { pickers, dispose, ahead, moduleLoads } = corePickers(['doctest'], { workers: 1, timeoutMs: 3000, inputs: { cap: 0, inputTimeoutMs: 200 } });
    try {
      const results = prepared.flatMap((p) => completions.map((c, i) => ({ task_id: p.problem.taskId, sample_index: i, completion: c, postprocessed: c, passed: i === 1, result: '' })));
      const table = await rankingTable(prepared, results, pickers, { ahead: (p) => ahead(p), aheadCount: PROBLEMS_IN_FLIGHT - 1 });
      assert.strictEqual(table.rows.find((r) => r.ranker === 'doctest')!.passAt1, 1, 'every sample ran with its own problem\'s OFFSET');
      assert.strictEqual(moduleLoads(), 2, 'the two problems that reuse a slot load their own context');
    } finally {
      dispose();
    }
  });
});
