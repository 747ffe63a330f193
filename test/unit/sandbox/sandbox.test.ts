import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findPython, PythonNotFoundError, Sandbox } from '../../../src/core/sandbox';
import type { MatrixCell } from '../../../src/core/sandbox/api';
import { tempDir } from './helpers';

describe('sandbox: module context', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  let tmp: ReturnType<typeof tempDir>;

  before(async () => {
    tmp = tempDir('passk-module-');
    const marker = JSON.stringify(path.join(tmp.dir, 'ran.txt'));
    const moduleSource = [
      'import math',
      'import no_such_package_passk',
      'from collections import Counter',
      `open(${marker}, 'w').write('top-level code ran')`,
      'LIMIT = 10',
      'COMPUTED = helper(2)',
      'def helper(a):',
      '    return a * 3',
      'class Box:',
      '    def __init__(self, v):',
      '        self.v = v',
      "if __name__ == '__main__':",
      `    open(${marker}, 'w').write('main block ran')`,
    ].join('\n');
    sandbox = await Sandbox.start({ moduleSource, limits: { timeoutMs: 2000 } });
  });
  after(() => {
    sandbox?.dispose();
    tmp?.cleanup();
  });

  it('runs the module context as given, top-level code included, except the __main__ block', async () => {
    const results = await sandbox.evaluate({
      program: 'def f(x):\n    return helper(x) + int(math.sqrt(16))\n',
      expressions: ['f(2)', 'Box(3).v', "Counter('aab')['a']", 'LIMIT', 'COMPUTED'],
    });
    assert.deepStrictEqual(results.slice(0, 4), [
      { status: 'ok', repr: '10' },
      { status: 'ok', repr: '3' },
      { status: 'ok', repr: '2' },
      { status: 'ok', repr: '10' },
    ]);
    // COMPUTED calls helper before its def, as a real import would fail to: reported, the rest loads.
    assert.strictEqual(results[4]?.status, 'error');
    assert.ok(!fs.existsSync(path.join(tmp.dir, 'ran.txt')), 'top-level writes outside the scratch dir are refused by the kernel');
  });

  it('reports the statements that failed to load', () => {
    const errors = sandbox.info.moduleErrors.join('\n');
    assert.match(errors, /line 2: ModuleNotFoundError: No module named 'no_such_package_passk'/);
    assert.match(errors, /line 4: PermissionError/, 'the top-level write outside scratch ran and was refused');
    assert.match(errors, /line 6: NameError: name 'helper' is not defined/);
    assert.doesNotMatch(errors, /line 1[23]/, 'the __main__ block never runs');
  });

  it('loads the good blocks of a file that has a syntax error elsewhere', async () => {
    const broken = await Sandbox.start({ moduleSource: 'import math\ndef ok():\n    return 1\ndef bad(:\n    pass\ndef ok2():\n    return 2\n' });
    try {
      const results = await broken.evaluate({ program: '', expressions: ['ok() + ok2()', 'math.pi > 3'] });
      assert.deepStrictEqual(results, [{ status: 'ok', repr: '3' }, { status: 'ok', repr: 'True' }]);
      assert.match(broken.info.moduleErrors.join('\n'), /syntax error/);
    } finally {
      broken.dispose();
    }
  });
});

describe('sandbox: examples with doctest semantics', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ limits: { timeoutMs: 2000 } });
  });
  after(() => sandbox?.dispose());

  it('parses examples like Python: continuation lines, exceptions, <BLANKLINE>, directives', async () => {
    const doc = [
      'Docs.',
      '>>> for i in range(2):',
      '...     print(i)',
      '0',
      '1',
      '>>> f(-1)',
      'Traceback (most recent call last):',
      '  ...',
      'ValueError: negative',
      ">>> print('a\\n\\nb')",
      'a',
      '<BLANKLINE>',
      'b',
      '>>> list(range(20))  # doctest: +ELLIPSIS',
      '[0, 1, ..., 19]',
    ].join('\n');
    const specs = await sandbox.parseExamples(doc);
    assert.deepStrictEqual(specs.map((s) => s.source), ['for i in range(2):\n    print(i)', 'f(-1)', "print('a\\n\\nb')", 'list(range(20))  # doctest: +ELLIPSIS']);
    assert.deepStrictEqual(specs[3]?.options, { ELLIPSIS: true });
    const program = "def f(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x\n";
    const results = await sandbox.runExamples({ program, docstring: doc });
    assert.deepStrictEqual(results.map((r) => r.status), ['passed', 'passed', 'passed', 'passed']);
  });

  it('reports expected vs got, the exception line, and shares state between examples', async () => {
    const doc = '>>> y = f(2)\n>>> y\n5\n>>> f(None)\n3\n>>> y + 1\n5\n';
    const results = await sandbox.runExamples({ program: 'def f(x):\n    return x + 2\n', docstring: doc });
    assert.deepStrictEqual(results, [
      { source: 'y = f(2)', expected: '', status: 'passed', got: '' },
      { source: 'y', expected: '5', status: 'failed', got: '4' },
      { source: 'f(None)', expected: '3', status: 'error', code: 'exception', message: "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'" },
      { source: 'y + 1', expected: '5', status: 'passed', got: '5' },
    ]);
  });

  it('checks `equals` examples by value (HumanEval forms) after the docstring ones', async () => {
    const results = await sandbox.runExamples({
      program: 'def f(s):\n    return s.upper()\n',
      docstring: ">>> f('a')\n'A'\n",
      examples: [
        { kind: 'equals', source: "f('ab')", expected: '"AB"' },
        { kind: 'equals', source: "f('ab')", expected: "'ab'" },
        { kind: 'equals', source: "f('x')", expected: 'undefined_name' },
      ],
    });
    assert.deepStrictEqual(results.map((r) => [r.status, r.got]), [
      ['passed', "'A'"],
      ['passed', "'AB'"],
      ['failed', "'AB'"],
      ['error', "'X'"],
    ]);
    assert.match(results[3]!.message!, /bad expected value: NameError/);
    assert.strictEqual(results[3]!.code, 'bad-expected-value');
  });

  it('times out one example and skips the rest, keeping earlier results', async () => {
    const results = await sandbox.runExamples({
      program: 'def f(x):\n    while x:\n        pass\n    return x\n',
      docstring: '>>> f(0)\n0\n>>> f(1)\n1\n>>> f(0)\n0\n',
      timeoutMs: 300,
    });
    assert.deepStrictEqual(results.map((r) => r.status), ['passed', 'timeout', 'skipped']);
  });

  it('evaluates expressions to reprs, with printed output and exceptions', async () => {
    const results = await sandbox.evaluate({
      program: "def f(x):\n    print('hi', x)\n    return [x]\n",
      expressions: ['f(1)', 'f(undefined)', 'z = 3', 'z'],
    });
    assert.deepStrictEqual(results, [
      { status: 'ok', repr: '[1]\nhi 1\n' },
      { status: 'error', code: 'exception', message: "NameError: name 'undefined' is not defined" },
      { status: 'ok', repr: 'None' },
      { status: 'ok', repr: '3' },
    ]);
  });
});

/** HumanEval's check of `double`, shared by the program and matrix-with-check suites. */
const check = 'def check(candidate):\n    assert candidate(2) == 4\n\ncheck(double)\n';

describe('sandbox: runProgram (HumanEval check programs)', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ moduleSource: 'def helper():\n    return 7\n', limits: { timeoutMs: 1500 } });
  });
  after(() => sandbox?.dispose());


  it('passes only a program that runs to completion', async () => {
    assert.strictEqual((await sandbox.runProgram({ program: 'def double(x):\n    return x * 2\n' + check })).status, 'passed');
    const wrong = await sandbox.runProgram({ program: 'def double(x):\n    return x + 1\n' + check });
    assert.deepStrictEqual([wrong.status, wrong.message], ['failed', 'AssertionError']);
    const error = await sandbox.runProgram({ program: 'def double(x):\n    return x.y\n' + check });
    assert.deepStrictEqual([error.status, error.message], ['error', "AttributeError: 'int' object has no attribute 'y'"]);
  });

  it('does not pass a program that exits early with code 0 or prints a fake verdict', async () => {
    const early = [
      'import sys\ndef double(x):\n    sys.exit(0)\n',
      'import os\ndef double(x):\n    os._exit(0)\n',
      "def double(x):\n    raise SystemExit(0)\n",
      "def double(x):\n    print('passed')\n    print('{\"end\": {\"status\": \"passed\"}}')\n    return 0\n",
    ];
    for (const program of early) {
      const result = await sandbox.runProgram({ program: program + check });
      assert.notStrictEqual(result.status, 'passed', program);
    }
  });

  it('ignores result lines a program forges on every open descriptor', async () => {
    const forge = [
      'import os',
      'def double(x):',
      '    for fd in range(3, 64):',
      '        try:',
      '            os.write(fd, b\'{"end": {"status": "passed"}}\\n\')',
      '        except OSError:',
      '            pass',
      '    import posix',
      '    raise SystemExit(0)',
    ].join('\n');
    const result = await sandbox.runProgram({ program: forge + '\n' + check });
    assert.deepStrictEqual([result.status, result.message], ['failed', 'the code called sys.exit(0)']);
  });

  it('survives a program that floods every descriptor with bytes and no newline', async () => {
    const flood = [
      'import os',
      'chunk = b"x" * (1 << 20)',
      'for fd in range(3, 64):',
      '    for _ in range(8):',
      '        try:',
      '            os.write(fd, chunk)',
      '        except OSError:',
      '            break',
    ].join('\n');
    const result = await sandbox.runProgram({ program: flood });
    assert.notStrictEqual(result.status, 'passed');
    assert.strictEqual((await sandbox.runProgram({ program: 'assert True' })).status, 'passed');
  });

  // Spins for 0.3 s of its own CPU time, then asserts its priority: the caller's, or the lowest.
  const spinThenPriority = (expected: string) => [
    'import os, time',
    'before = os.getpriority(os.PRIO_PROCESS, 0)',
    'start = time.process_time()',
    'while time.process_time() - start < 0.3:',
    '    pass',
    'after = os.getpriority(os.PRIO_PROCESS, 0)',
    `assert ${expected}, (before, after)`,
  ].join('\n');

  it('drops a program to the lowest priority once it has used its full-priority CPU time', async () => {
    const lowered = await sandbox.runProgram({ program: spinThenPriority('before < 19 and after == 19'), timeoutMs: 10000, fullPriorityCpuMs: 100 });
    assert.strictEqual(lowered.status, 'passed', lowered.message);
    const kept = await sandbox.runProgram({ program: spinThenPriority('after == before < 19'), timeoutMs: 10000 });
    assert.strictEqual(kept.status, 'passed', kept.message);
    const ample = await sandbox.runProgram({ program: spinThenPriority('after == before < 19'), timeoutMs: 10000, fullPriorityCpuMs: 5000 });
    assert.strictEqual(ample.status, 'passed', ample.message);
  });

  it('runs jobs in the caller\'s scheduling group, where their priorities count', async function () {
    if (!fs.existsSync('/proc/self/autogroup')) {
      this.skip(); // no autogroups (macOS, or a kernel without them)
    }
    // A new session would be a new autogroup, where a lowered priority changes nothing against the rest.
    const mine = fs.readFileSync('/proc/self/autogroup', 'utf8').split(' ')[0]!;
    const program = `assert open('/proc/self/autogroup').read().split(' ')[0] == ${JSON.stringify(mine)}, open('/proc/self/autogroup').read()`;
    const result = await sandbox.runProgram({ program });
    assert.strictEqual(result.status, 'passed', result.message);
  });

  it('runs without the module context unless asked', async () => {
    assert.strictEqual((await sandbox.runProgram({ program: 'assert helper() == 7' })).status, 'error');
    assert.strictEqual((await sandbox.runProgram({ program: 'assert helper() == 7', withModule: true })).status, 'passed');
  });
});

describe('sandbox: a matrix job that also checks its sample (the evaluator: one process per sample)', function () {
  this.timeout(30000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ limits: { timeoutMs: 2000 } });
  });
  after(() => sandbox?.dispose());

  const double = 'def double(x):\n    return x * 2\n';
  const matrix = (program: string, checkProgram: string, checkMs = 1500): Promise<MatrixCell[]> =>
    sandbox.runMatrix({ program, examples: [], calls: ['double(1)', 'double(5)'], inputTimeoutMs: 200, timeoutMs: 2000, check: { program: checkProgram, timeoutMs: checkMs } });

  it('gives the check the verdict runProgram gives, after the inputs\' cells', async () => {
    const right = await matrix(double, double + check);
    assert.deepStrictEqual(right.map((c) => [c.status, c.got]), [['ok', '2'], ['ok', '10'], ['passed', undefined]]);
    const wrong = await matrix('def double(x):\n    return x + 1\n', 'def double(x):\n    return x + 1\n' + check);
    const alone = await sandbox.runProgram({ program: 'def double(x):\n    return x + 1\n' + check });
    assert.deepStrictEqual([wrong[2]!.status, wrong[2]!.message], [alone.status, alone.message]);
  });

  it('starts the check with a fresh output budget and its own time limit; a looping check keeps the cells', async () => {
    // 700 KB printed on the inputs and 700 KB by the check: each under the 1 MB budget of a job.
    const loud = "def double(x):\n    print('x' * 350_000)\n    return x * 2\n";
    const cells = await matrix(loud, loud + check);
    assert.deepStrictEqual(cells.map((c) => c.status), ['ok', 'ok', 'passed'], JSON.stringify(cells.map((c) => c.message)));
    const looping = await matrix(double, 'while True:\n    pass\n', 500);
    assert.deepStrictEqual(looping.map((c) => c.status), ['ok', 'ok', 'timeout']);
  });

  it('skips the check when asked to and an input ran out of time; runs it when all inputs finished', async () => {
    const slowOnBig = 'def double(x):\n    while x > 3:\n        pass\n    return x * 2\n';
    const run = (calls: string[], skipIfInputTimedOut?: boolean): Promise<MatrixCell[]> =>
      sandbox.runMatrix({ program: slowOnBig, examples: [], calls, inputTimeoutMs: 100, timeoutMs: 2000, check: { program: slowOnBig + check, timeoutMs: 1500, skipIfInputTimedOut } });
    const skipped = await run(['double(1)', 'double(5)'], true);
    assert.deepStrictEqual(skipped.map((c) => [c.status, c.code]), [['ok', undefined], ['timeout', 'input-timeout'], ['skipped', 'not-run']]);
    const ran = await run(['double(1)', 'double(2)'], true);
    assert.deepStrictEqual(ran.map((c) => c.status), ['ok', 'ok', 'passed']);
    const unasked = await run(['double(1)', 'double(5)']);
    assert.deepStrictEqual(unasked.map((c) => c.status), ['ok', 'timeout', 'passed']);
  });

  it('checks a sample whose own code raises before any input in the same job; its cells are as without a check', async () => {
    const broken = 'def double(x):\n    return x * 2\nhelper_it_never_wrote()\n';
    const calls = ['double(1)', 'double(2)'];
    const examples = [{ kind: 'equals' as const, source: 'double(3)', expected: '6' }];
    const view = (cells: MatrixCell[]) => cells.map((c) => [c.status, c.code, c.message?.split(':')[0]]);
    const alone = await sandbox.runMatrix({ program: broken, examples, calls, inputTimeoutMs: 200, timeoutMs: 2000 });
    const checked = await sandbox.runMatrix({ program: broken, examples, calls, inputTimeoutMs: 200, timeoutMs: 2000, check: { program: broken + check, timeoutMs: 1500 } });
    assert.deepStrictEqual(view(checked.slice(0, -1)), view(alone));
    assert.strictEqual(alone[0]!.status, 'error', JSON.stringify(alone));
    assert.deepStrictEqual([checked.at(-1)!.status, checked.at(-1)!.message?.split(':')[0]], ['error', 'NameError'], JSON.stringify(checked));
    const fixedCheck = await sandbox.runMatrix({ program: broken, examples, calls, inputTimeoutMs: 200, timeoutMs: 2000, check: { program: double + check, timeoutMs: 1500 } });
    assert.strictEqual(fixedCheck.at(-1)!.status, 'passed', 'the check runs its own program, not the failed definition');
  });

  it('drops the check, not the inputs, to the lowest priority after its full-priority CPU time', async () => {
    const priority = 'import os\nassert os.getpriority(os.PRIO_PROCESS, 0) < 19\n';
    const spin = 'import os, time\nstart = time.process_time()\nwhile time.process_time() - start < 0.3:\n    pass\nassert os.getpriority(os.PRIO_PROCESS, 0) == 19\n';
    const cells = await sandbox.runMatrix({
      program: priority + double, examples: [], calls: ['double(1)'], inputTimeoutMs: 200, timeoutMs: 2000,
      check: { program: spin, timeoutMs: 10000, fullPriorityCpuMs: 100 },
    });
    assert.deepStrictEqual(cells.map((c) => c.status), ['ok', 'passed'], JSON.stringify(cells));
  });

  it('runs calls its template compiled for an earlier job as that job did, on the new sample', async () => {
    // The template compiles a problem's calls once; the next samples' jobs inherit the code objects.
    const calls = ['double(5)', 'assert double(2) == 4', 'assert double(2) == 3', 'double(', 'double(2) +'];
    const run = (program: string) => sandbox.runMatrix({ program, examples: [], calls, inputTimeoutMs: 200, timeoutMs: 2000 });
    const view = (cells: MatrixCell[]) => cells.map((c) => [c.status, c.got ?? c.message?.split(':')[0]]);
    const first = view(await run(double));
    assert.deepStrictEqual(first, [['ok', '10'], ['ok', 'None'], ['error', 'AssertionError'], ['error', 'SyntaxError'], ['error', 'SyntaxError']]);
    assert.deepStrictEqual(view(await run(double)), first);
    assert.deepStrictEqual(view(await run('def double(x):\n    return x + 1\n')).slice(0, 3), [['ok', '6'], ['error', 'AssertionError'], ['ok', 'None']]);
  });

  it('a check that forges the start-of-check report again cannot extend its time', async () => {
    // Found through gc, the job's own reporter sends what the worker reads as the check's start; the
    // worker moves the deadline once only, so the check still times out.
    const forger = [
      'import gc, threading, time',
      "reporter = next(o for o in gc.get_objects() if type(o).__name__ == 'Reporter')",
      'def again():',
      '    while True:',
      "        reporter.send({'phase': 'check'})",
      '        time.sleep(0.05)',
      'threading.Thread(target=again, daemon=True).start()',
      'while True:',
      '    pass',
    ].join('\n');
    const cells = await matrix(double, forger, 500);
    assert.deepStrictEqual(cells.map((c) => c.status), ['ok', 'ok', 'timeout']);
  });
});

describe('sandbox: lifecycle', function () {
  this.timeout(20000);

  it('restarts a worker that died, failing only the job it was running', async () => {
    const sandbox = await Sandbox.start({ limits: { timeoutMs: 5000 } });
    try {
      const [pid] = sandbox.workerPids();
      const running = sandbox.runExamples({ program: 'import time\ndef f():\n    time.sleep(3)\n', docstring: '>>> f()\n' });
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid!, 'SIGKILL');
      const lost = await running;
      assert.deepStrictEqual(lost.map((r) => r.status), ['killed']);
      assert.match(lost[0]!.message!, /sandbox worker died/);
      const next = await sandbox.runProgram({ program: 'assert 1 + 1 == 2' });
      assert.strictEqual(next.status, 'passed');
      assert.notDeepStrictEqual(sandbox.workerPids(), [pid]);
    } finally {
      sandbox.dispose();
    }
  });

  it('a worker that stopped answering is killed and the next job goes to a fresh one', async () => {
    const sandbox = await Sandbox.start({ limits: { timeoutMs: 300 }, replyGraceMs: 300 });
    const [pid] = sandbox.workerPids();
    try {
      process.kill(pid!, 'SIGSTOP');
      const [lost] = await sandbox.runExamples({ program: 'def f():\n    return 1\n', examples: [{ kind: 'equals', source: 'f()', expected: '1' }] });
      assert.match(lost!.message!, /stopped answering/);
      // Sent at once, before the killed process's exit is seen: it must not go to the dying worker.
      assert.strictEqual((await sandbox.runProgram({ program: 'assert 1 + 1 == 2' })).status, 'passed');
      assert.notDeepStrictEqual(sandbox.workerPids(), [pid]);
    } finally {
      sandbox.dispose();
    }
  });

  it('a reply that waited in the pipe while the event loop was blocked past the deadline still counts', async () => {
    const sandbox = await Sandbox.start({ limits: { timeoutMs: 1000 }, replyGraceMs: 200 });
    try {
      const [pid] = sandbox.workerPids();
      const running = sandbox.runProgram({ program: 'import time\ntime.sleep(0.4)\n' });
      await new Promise((r) => setTimeout(r, 50)); // the job is sent
      // A long synchronous computation (extension host, CLI) in the check phase: the next loop iteration
      // runs the expired watchdog timer before it polls the pipe, where the reply waits.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          const until = Date.now() + 2500;
          while (Date.now() < until) {
            // blocked
          }
          resolve();
        }),
      );
      assert.strictEqual((await running).status, 'passed');
      assert.deepStrictEqual(sandbox.workerPids(), [pid]);
    } finally {
      sandbox.dispose();
    }
  });

  it('aborts a running job: rejects with AbortError, kills the child, keeps serving', async () => {
    const sandbox = await Sandbox.start({ limits: { timeoutMs: 10000 } });
    try {
      const controller = new AbortController();
      const running = sandbox.runProgram({ program: 'while True:\n    pass\n' }, controller.signal);
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(running, { name: 'AbortError' });
      assert.strictEqual((await sandbox.runProgram({ program: 'x = 1' })).status, 'passed');
      await assert.rejects(sandbox.runProgram({ program: 'x = 1' }, AbortSignal.abort()), { name: 'AbortError' });
    } finally {
      sandbox.dispose();
    }
  });

  it('every worker iterates a set of strings in the same order (a fixed hash seed)', async () => {
    // With a random seed per worker, list(set) of the same strings differs between workers, and so
    // does the behaviour of any sample returning one: its cluster would depend on the worker.
    const orders: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sandbox = await Sandbox.start({ workers: 1 });
      try {
        const [result] = await sandbox.evaluate({ program: '', expressions: ["list({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'})"] });
        orders.push(result!.repr!);
      } finally {
        sandbox.dispose();
      }
    }
    assert.strictEqual(orders[0], orders[1]);
  });

  it('runs jobs on several workers at once', async () => {
    const sandbox = await Sandbox.start({ workers: 2, limits: { timeoutMs: 5000 } });
    try {
      assert.strictEqual(new Set(sandbox.workerPids()).size, 2);
      // Each job waits until the other one has started: only parallel workers can finish both.
      const { dir, cleanup } = tempDir('passk-par-');
      try {
        const job = (me: string, other: string): string =>
          [
            'import os, time',
            `open(${JSON.stringify(path.join(dir, me))}, 'w').close()` + ' if False else None',
            `deadline = time.time() + 4`,
            `while not os.path.exists(${JSON.stringify(path.join(dir, other))}) and time.time() < deadline:`,
            '    time.sleep(0.01)',
            `assert os.path.exists(${JSON.stringify(path.join(dir, other))})`,
          ].join('\n');
        // Children may not write outside their scratch dir, so the test creates the flag files itself
        // when it sees both jobs running (both workers busy).
        const a = sandbox.runProgram({ program: job('a', 'b') });
        const b = sandbox.runProgram({ program: job('b', 'a') });
        await new Promise((r) => setTimeout(r, 100));
        fs.writeFileSync(path.join(dir, 'a'), '');
        fs.writeFileSync(path.join(dir, 'b'), '');
        assert.deepStrictEqual([(await a).status, (await b).status], ['passed', 'passed']);
      } finally {
        cleanup();
      }
    } finally {
      sandbox.dispose();
    }
  });
});

describe('sandbox: findPython', () => {
  it('falls back from a missing preferred interpreter to python3 on PATH', async () => {
    const found = await findPython('/nonexistent/python');
    assert.match(found.version, /^3\.\d+\.\d+$/);
    assert.ok(path.isAbsolute(found.python) && fs.existsSync(found.python), found.python);
  });

  it('says clearly when no interpreter is found', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(findPython('/nonexistent/python'), (e: Error) => {
        assert.ok(e instanceof PythonNotFoundError);
        assert.match(e.message, /needs Python 3\.8 or newer.*passk\.python\.path/);
        return true;
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('sandbox: changing the module context', function () {
  this.timeout(20000);
  it('reloads the module in the running workers for the next jobs', async () => {
    const sandbox = await Sandbox.start({ moduleSource: 'def helper():\n    return 1\n', workers: 2 });
    try {
      const pids = sandbox.workerPids();
      const before = await sandbox.evaluate({ program: '', expressions: ['helper()'] });
      sandbox.setModuleSource('import no_such_mod_passk\ndef helper():\n    return 2\n');
      const after = await Promise.all([0, 1].map(() => sandbox.evaluate({ program: '', expressions: ['helper()'] })));
      assert.deepStrictEqual([before, ...after].map((r) => r[0]?.repr), ['1', '2', '2']);
      assert.deepStrictEqual(sandbox.workerPids().sort(), pids.sort(), 'same processes, no restart');
      assert.match(sandbox.info.moduleErrors.join(), /no_such_mod_passk/);
    } finally {
      sandbox.dispose();
    }
  });
});

describe('sandbox: aborting the start', function () {
  this.timeout(20000);
  it('rejects with AbortError and leaves no worker running', async () => {
    const controller = new AbortController();
    const starting = Sandbox.start({}, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(starting, { name: 'AbortError' });
    await assert.rejects(Sandbox.start({}, AbortSignal.abort()), { name: 'AbortError' });
  });
});
