import * as assert from 'assert';
import { Sandbox, type SandboxOptions } from '../../../src/core/sandbox';
import { ExecutionService, type ExecutionDeps, type ExecutionSandbox } from '../../../src/vscode/engine/execution';

/** A sandbox that records what the service does to it. */
class FakeSandbox implements ExecutionSandbox {
  modules: string[];
  disposed = false;
  constructor(readonly opts: SandboxOptions) {
    this.modules = [opts.moduleSource ?? ''];
  }
  runExamples = () => Promise.resolve([]);
  parseExamples = () => Promise.resolve([]);
  evaluate = () => Promise.resolve([]);
  runMatrix = () => Promise.resolve([]);
  setModuleSource(moduleSource: string): void {
    this.modules.push(moduleSource);
  }
  dispose(): void {
    this.disposed = true;
  }
}

function service(over: Partial<ExecutionDeps> = {}) {
  const started: FakeSandbox[] = [];
  let allowed = true;
  let python = '/usr/bin/python3';
  const svc = new ExecutionService({
    allowed: () => allowed,
    interpreterFor: () => Promise.resolve(python),
    sysPathFor: (key) => (key ? ['/ws', `/ws/${key}`] : []),
    start: (opts) => {
      const s = new FakeSandbox(opts);
      started.push(s);
      return Promise.resolve(s);
    },
    ...over,
  });
  return {
    svc,
    started,
    setAllowed: (v: boolean) => (allowed = v),
    setPython: (p: string) => (python = p),
  };
}

describe('ExecutionService (the editor’s one sandbox owner)', () => {
  it('starts nothing when execution is not allowed (untrusted workspace or execution off)', async () => {
    const { svc, started, setAllowed } = service();
    setAllowed(false);
    assert.strictEqual(svc.allowed(), false);
    assert.strictEqual(await svc.sandboxFor('a.py', 'import os'), undefined);
    assert.strictEqual(started.length, 0);
    setAllowed(true);
    assert.ok(await svc.sandboxFor('a.py', 'import os'));
  });

  it('starts with the document’s interpreter and sys.path, and shares it between callers (ranking, docstring)', async () => {
    const { svc, started } = service();
    const ranking = await svc.sandboxFor('a.py', 'X = 1');
    const docstring = await svc.sandboxFor('a.py', 'X = 1');
    assert.strictEqual(ranking, docstring);
    assert.strictEqual(started.length, 1);
    assert.deepStrictEqual(
      { python: started[0]!.opts.python, pythonPath: started[0]!.opts.pythonPath, moduleSource: started[0]!.opts.moduleSource },
      { python: '/usr/bin/python3', pythonPath: ['/ws', '/ws/a.py'], moduleSource: 'X = 1' },
    );
  });

  it('reloads a changed module context in the running sandbox instead of starting another', async () => {
    const { svc, started } = service();
    const first = await svc.sandboxFor('a.py', 'X = 1');
    const second = await svc.sandboxFor('a.py', 'X = 2');
    await svc.sandboxFor('a.py', 'X = 2');
    assert.strictEqual(first, second);
    assert.strictEqual(started.length, 1);
    assert.deepStrictEqual(started[0]!.modules, ['X = 1', 'X = 2'], 'reloaded once, only when it changed');
  });

  it('a new interpreter gets a new sandbox; clear() and forget() dispose them', async () => {
    const { svc, started, setPython } = service();
    await svc.sandboxFor('a.py', '');
    setPython('/opt/venv/bin/python');
    await svc.sandboxFor('a.py', '');
    assert.strictEqual(started.length, 2);
    assert.strictEqual(started[1]!.opts.python, '/opt/venv/bin/python');
    await svc.sandboxFor('b.py', '');
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(started.map((s) => s.disposed), [true, false, false], 'at most two live: the oldest went');
    svc.forget('a.py');
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(started.map((s) => s.disposed), [true, true, false]);
    svc.clear();
    await new Promise((r) => setImmediate(r));
    assert.ok(started.every((s) => s.disposed));
  });

  it('a sandbox that cannot start rejects, and the next call tries again', async () => {
    let attempts = 0;
    const { svc } = service({
      start: (opts) => (++attempts === 1 ? Promise.reject(new Error('no python3 on PATH')) : Promise.resolve(new FakeSandbox(opts))),
    });
    await assert.rejects(svc.sandboxFor('a.py', ''), /no python3/);
    assert.ok(await svc.sandboxFor('a.py', ''));
    assert.strictEqual(attempts, 2);
  });

  it('with a real sandbox: a reloaded module context is seen by the same worker process', async function () {
    this.timeout(20000);
    const svc = new ExecutionService({ allowed: () => true, interpreterFor: () => Promise.resolve(undefined), sysPathFor: () => [] });
    try {
      const a = (await svc.sandboxFor('m.py', 'LIMIT = 1'))! as Sandbox;
      const pids = a.workerPids();
      const example = { program: 'def f():\n    return LIMIT\n', examples: [{ kind: 'equals' as const, source: 'f()', expected: '2' }] };
      assert.strictEqual((await a.runExamples(example))[0]!.status, 'failed');
      const b = (await svc.sandboxFor('m.py', 'LIMIT = 2'))! as Sandbox;
      assert.strictEqual(b, a);
      assert.strictEqual((await b.runExamples(example))[0]!.status, 'passed');
      assert.deepStrictEqual(b.workerPids(), pids, 'no new interpreter');
      assert.strictEqual(svc.started, 1);
    } finally {
      svc.dispose();
    }
  });
});
