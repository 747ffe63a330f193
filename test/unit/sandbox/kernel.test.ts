/**
 * The kernel layers against the attacks that got past the Python-level guards (issue 11): each attack
 * runs inside a subinterpreter, which has no audit hook and fresh, unpatched modules, so only Landlock
 * and seccomp stand in its way. Each sample returns the right answer only if its attack succeeded, so a
 * sample that passes is an attack that worked; canaries outside scratch must stay unchanged, listeners
 * must see no connection, and the next honest sample must pass. Run as root and (scripts/test-all.mjs)
 * as `nobody`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Sandbox } from '../../../src/core/sandbox';
import type { ExampleResult } from '../../../src/core/types';
import { fixturesDir, snapshot, tempDir } from './helpers';

const DOCSTRING = 'Double x.\n>>> double(2)\n4\n>>> double(5)\n10\n';
const GOOD = 'def double(x):\n    return x * 2\n';
const FAKE_KEY = 'sk-passkTestKey0123456789abcdef';
const FAKE_SSH = '-----BEGIN OPENSSH PRIVATE KEY-----\npasskFakeSshKeyMaterial\n-----END OPENSSH PRIVATE KEY-----\n';

/**
 * A sample whose `double` first runs `attack` (Python source) in a subinterpreter, then answers
 * correctly only if the attack left the file `done` in its scratch dir (the attack's last line writes it).
 */
function viaSubinterpreter(attack: string): string {
  const code = `${attack}\nopen('done', 'w').write('1')\n`;
  return [
    'import os',
    'def double(x):',
    '    try:',
    '        import _testcapi',
    `        _testcapi.run_in_subinterp(${JSON.stringify(code)})`,
    '    except ImportError:',
    `        exec(${JSON.stringify(code)}, {})`,
    "    return x * 2 if os.path.exists('done') else None",
    '',
  ].join('\n');
}

/** A sample that runs `attack` directly (Python guards in front of the kernel) with the same rule. */
function direct(attack: string): string {
  const body = `try:\n${attack.replace(/^/gm, '    ')}\n    open('done', 'w').write('1')\nexcept Exception:\n    pass`;
  return `import os, shutil\ndef double(x):\n${body.replace(/^/gm, '    ')}\n    return x * 2 if os.path.exists('done') else None\n`;
}

describe('sandbox: kernel confinement against hostile samples', function () {
  this.timeout(60000);
  let sandbox: Sandbox;
  let home: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;
  let tcp: net.Server;
  let unix: net.Server;
  let connections = 0;
  let port = 0;
  let socketPath = '';
  let savedKey: string | undefined;
  let canaries: () => Record<string, string>[];
  let initial: Record<string, string>[];

  before(async () => {
    home = tempDir('passk-home-');
    outside = tempDir('passk-outside-');
    fs.writeFileSync(path.join(home.dir, 'precious.txt'), 'keep me');
    fs.mkdirSync(path.join(home.dir, '.ssh'));
    fs.writeFileSync(path.join(home.dir, '.ssh', 'id_rsa'), FAKE_SSH);
    fs.mkdirSync(path.join(outside.dir, 'tree'));
    fs.writeFileSync(path.join(outside.dir, 'tree', 'victim.txt'), 'keep me too');
    fs.mkdirSync(path.join(outside.dir, 'tree', 'sub'));
    tcp = net.createServer((s) => {
      connections++;
      s.end('hello');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    port = (tcp.address() as net.AddressInfo).port;
    socketPath = path.join(outside.dir, 'listener.sock');
    unix = net.createServer((s) => {
      connections++;
      s.end('hello');
    });
    await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
    fs.chmodSync(socketPath, 0o777);
    savedKey = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = FAKE_KEY;
    sandbox = await Sandbox.start({
      limits: { timeoutMs: 1500, memoryBytes: 256 * 1024 * 1024, outputBytes: 64 * 1024, scratchBytes: 16 * 1024 * 1024 },
      env: { ...process.env, HOME: home.dir },
      pythonPath: [fixturesDir],
      isolateNetwork: false, // as where unshare is unavailable: only the kernel layers stop the network
    });
    canaries = () => [snapshot(home.dir), snapshot(outside.dir), snapshot(fixturesDir)];
    initial = canaries();
  });

  after(() => {
    sandbox?.dispose();
    tcp?.close();
    unix?.close();
    home?.cleanup();
    outside?.cleanup();
    if (savedKey === undefined) {
      delete process.env.OPENAI_API_KEY;
    } else {
      process.env.OPENAI_API_KEY = savedKey;
    }
  });

  it('runs with Landlock and seccomp active', () => {
    assert.ok(sandbox.info.layers.landlock >= 1, JSON.stringify(sandbox.info.layers));
    assert.strictEqual(sandbox.info.layers.seccomp, true);
  });

  /** Runs the hostile program, then asserts: nothing passed, canaries intact, the next honest sample passes. */
  async function contained(program: string): Promise<ExampleResult[]> {
    const results = await sandbox.runExamples({ program, docstring: DOCSTRING });
    assert.strictEqual(results.length, 2);
    assert.ok(results.every((r) => r.status !== 'passed'), `hostile sample passed: ${JSON.stringify(results)}`);
    assert.deepStrictEqual(canaries(), initial, 'something outside the scratch dir changed');
    assert.strictEqual(connections, 0, 'a listener was reached');
    const good = await sandbox.runExamples({ program: GOOD, docstring: DOCSTRING });
    assert.deepStrictEqual(good.map((r) => r.status), ['passed', 'passed'], `honest sample after: ${JSON.stringify(good)}`);
    assert.deepStrictEqual(jobDirsLeft(), [], 'a job scratch dir was left behind');
    return results;
  }

  function jobDirsLeft(): string[] {
    const left: string[] = [];
    const walk = (d: string, depth: number): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.name.startsWith('job-')) {
          left.push(path.join(d, e.name));
        } else if (e.isDirectory() && depth < 2) {
          walk(path.join(d, e.name), depth + 1);
        }
      }
    };
    walk(sandbox.scratchDir, 0);
    return left;
  }

  const tree = (): string => JSON.stringify(path.join(outside.dir, 'tree'));
  const victim = (): string => JSON.stringify(path.join(outside.dir, 'tree', 'victim.txt'));

  it('dir_fd writes, truncation and creation outside scratch', async () => {
    await contained(viaSubinterpreter(`import os\nfd = os.open(${tree()}, os.O_RDONLY)\nos.open('new.txt', os.O_WRONLY | os.O_CREAT, dir_fd=fd)`));
    await contained(viaSubinterpreter(`import os\nfd = os.open(${tree()}, os.O_RDONLY)\nos.open('victim.txt', os.O_WRONLY | os.O_TRUNC, dir_fd=fd)`));
    await contained(direct(`fd = os.open(${tree()}, os.O_RDONLY)\nos.open('victim.txt', os.O_WRONLY | os.O_TRUNC, dir_fd=fd)`));
  });

  it('os.chdir(fd) then a plain open for writing', async () => {
    await contained(viaSubinterpreter(`import os\nos.chdir(os.open(${tree()}, os.O_RDONLY))\nopen('here.txt', 'w').write('x')`));
    await contained(direct(`os.chdir(os.open(${tree()}, os.O_RDONLY))\nopen('here.txt', 'w').write('x')`));
  });

  it('hard links, renames, unlink and rmdir through dir_fd', async () => {
    const here = "import os\nfd = os.open(" + tree() + ', os.O_RDONLY)\n';
    await contained(viaSubinterpreter(`${here}os.link('victim.txt', 'mine.txt', src_dir_fd=fd)\nopen('mine.txt', 'w').write('owned')`));
    await contained(viaSubinterpreter(`${here}os.rename('victim.txt', 'stolen.txt', src_dir_fd=fd, dst_dir_fd=fd)`));
    await contained(viaSubinterpreter(`${here}os.rename('victim.txt', 'stolen.txt', src_dir_fd=fd)`));
    await contained(viaSubinterpreter(`${here}os.unlink('victim.txt', dir_fd=fd)`));
    await contained(viaSubinterpreter(`${here}os.rmdir('sub', dir_fd=fd)`));
    await contained(viaSubinterpreter(`import shutil\nshutil.rmtree(${tree()})`));
    await contained(viaSubinterpreter(`import os\nos.symlink('/etc/passwd', ${JSON.stringify(path.join(outside.dir, 'link'))})`));
  });

  it('fchmod and utime on a read-only descriptor', async () => {
    await contained(viaSubinterpreter(`import os\nos.fchmod(os.open(${victim()}, os.O_RDONLY), 0o777)`));
    await contained(viaSubinterpreter(`import os\nos.utime(os.open(${victim()}, os.O_RDONLY), (0, 0))`));
    await contained(viaSubinterpreter(`import os\nos.chmod(${victim()}, 0o777)`));
  });

  it('sqlite3 and readline history files outside scratch', async () => {
    const db = JSON.stringify(path.join(outside.dir, 'tree', 'db.sqlite'));
    await contained(viaSubinterpreter(`import sqlite3\nc = sqlite3.connect(${db})\nc.execute('create table t(x)')\nc.commit()`));
    await contained(direct(`import sqlite3\nc = sqlite3.connect(${db})\nc.execute('create table t(x)')\nc.commit()`));
    const hist = JSON.stringify(path.join(home.dir, '.python_history'));
    await contained(viaSubinterpreter(`import readline\nreadline.add_history('x')\nreadline.write_history_file(${hist})`));
  });

  it('planting sitecustomize.py on sys.path', async () => {
    const target = JSON.stringify(path.join(fixturesDir, 'sitecustomize.py'));
    await contained(viaSubinterpreter(`open(${target}, 'w').write('import builtins')`));
    assert.ok(!fs.existsSync(path.join(fixturesDir, 'sitecustomize.py')));
  });

  it('processes: os.system, subprocess, _posixsubprocess.fork_exec, os.fork in a subinterpreter', async () => {
    const pwned = JSON.stringify(path.join(outside.dir, 'pwned'));
    await contained(viaSubinterpreter(`import os\nif os.system('touch ' + ${pwned}) != 0:\n    raise OSError('refused')`));
    await contained(viaSubinterpreter(`import subprocess\nsubprocess.run(['touch', ${pwned}], check=True)`));
    await contained(
      viaSubinterpreter(
        `import _posixsubprocess, os\nr, w = os.pipe()\n` +
          `_posixsubprocess.fork_exec(['/bin/sh', '-c', 'touch ' + ${pwned}], [b'/bin/sh'], True, (), None, None, -1, -1, -1, -1, -1, -1, r, w, True, True, None, None, None, -1, None, False)`,
      ),
    );
    await contained(viaSubinterpreter(`import os\nif os.fork() == 0:\n    os._exit(0)`));
    assert.ok(!fs.existsSync(path.join(outside.dir, 'pwned')));
  });

  it('signals and pidfds towards the worker and the Node process', async () => {
    const [worker] = sandbox.workerPids();
    for (const target of [worker!, process.pid]) {
      await contained(viaSubinterpreter(`import os, signal\nos.kill(${target}, signal.SIGSTOP)`));
      await contained(viaSubinterpreter(`import os, signal\nsignal.pidfd_send_signal(os.pidfd_open(${target}), signal.SIGSTOP)`));
    }
    await contained(viaSubinterpreter('import os, signal\nos.kill(-1, signal.SIGSTOP)'));
    await contained(viaSubinterpreter('import os, signal\nos.kill(0, signal.SIGSTOP)'));
    assert.deepStrictEqual(sandbox.workerPids(), [worker], 'the worker survived, not restarted');
  });

  it('the controlling terminal: Landlock refuses /dev/tty (jobs share the caller\'s session)', async () => {
    // Jobs are not session leaders (their priorities must count beside the caller's processes), so a
    // terminal the run has would be theirs to open and inject keystrokes into (TIOCSTI). Landlock must
    // refuse the open itself: EACCES, not the ENXIO of a run without a terminal.
    const program = [
      'import errno',
      'try:',
      "    open('/dev/tty', 'rb')",
      'except OSError as e:',
      '    assert e.errno == errno.EACCES, e',
      'else:',
      "    raise AssertionError('opened /dev/tty')",
    ].join('\n');
    const result = await sandbox.runProgram({ program });
    assert.strictEqual(result.status, 'passed', result.message);
  });

  it('TCP to 127.0.0.1 and AF_UNIX connections, with no network namespace', async () => {
    assert.strictEqual(sandbox.info.network, 'none');
    await contained(viaSubinterpreter(`import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=1).recv(5)`));
    const unixConnect = `import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect(${JSON.stringify(socketPath)})\ns.recv(5)`;
    await contained(viaSubinterpreter(unixConnect));
    await contained(direct(`import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=1).recv(5)`));
  });

  it('reading ~/.ssh/id_rsa, and its text never reaches a message', async () => {
    const key = JSON.stringify(path.join(home.dir, '.ssh', 'id_rsa'));
    await contained(viaSubinterpreter(`data = open(${key}).read()`));
    const results = await contained(`def double(x):\n    raise ValueError(open(${key}).read())\n`);
    assert.match(results[0]!.message ?? '', /PermissionError/);
    assert.doesNotMatch(JSON.stringify(results), /passkFakeSshKeyMaterial/);
  });

  it('secrets: the API key is not in the environment, and a message quoting a key is redacted', async () => {
    const leak = await contained("import os\ndef double(x):\n    raise ValueError(os.environ.get('OPENAI_API_KEY', 'no key here'))\n");
    assert.match(leak[0]!.message ?? '', /no key here/);
    const quoted = await contained(`def double(x):\n    raise ValueError(${JSON.stringify(`key ${FAKE_KEY} and ${FAKE_SSH}`)})\n`);
    const text = JSON.stringify(quoted);
    assert.ok(!text.includes(FAKE_KEY) && !text.includes('passkFakeSshKeyMaterial'), text);
    assert.match(quoted[0]!.message ?? '', /«redacted»/);
    const printed = await sandbox.evaluate({ program: '', expressions: [JSON.stringify(FAKE_KEY), `print(${JSON.stringify(FAKE_KEY)})`] });
    assert.ok(!JSON.stringify(printed).includes(FAKE_KEY), JSON.stringify(printed));
  });

  it('a pipe flood on every descriptor holds the deadline', async () => {
    const flood = "import os\ndef double(x):\n    while True:\n        for fd in range(3, 64):\n            try:\n                os.write(fd, b'x' * 65536 + b'\\n')\n            except OSError:\n                pass\n";
    const results = await contained(flood);
    assert.match(results[0]!.code ?? '', /^(timeout|report-flood)$/, JSON.stringify(results));
  });

  it('a malformed verdict, an oversized one and a closed report pipe fail only that sample', async () => {
    // Frame introspection is allowed: the sample can find its own nonce, as a cheater could.
    const findNonce = [
      'import gc, sys',
      'def nonce_and_fd():',
      '    f = sys._getframe()',
      '    while f:',
      "        r = f.f_locals.get('reporter')",
      '        if r is not None:',
      '            return r._nonce, r._fd',
      '        f = f.f_back',
      '',
    ].join('\n');
    const malformed = `${findNonce}import os\ndef double(x):\n    n, fd = nonce_and_fd()\n    os.write(fd, (n + ' {not json\\n').encode())\n    return x * 2\n`;
    const bad = await contained(malformed);
    assert.strictEqual(bad[0]!.code, 'malformed-report');
    const wrongShape = `${findNonce}import os\ndef double(x):\n    n, fd = nonce_and_fd()\n    os.write(fd, (n + ' {"item": {"status": "won"}}\\n').encode())\n    return x * 2\n`;
    assert.strictEqual((await contained(wrongShape))[0]!.code, 'malformed-report');
    const oversized = `${findNonce}import os\ndef double(x):\n    n, fd = nonce_and_fd()\n    os.write(fd, (n + ' {"item": {"status": "passed", "got": "' + 'x' * 5000000 + '"}}\\n').encode())\n    return None\n`;
    await contained(oversized);
    const closed = "import os\ndef double(x):\n    os.closerange(3, 1024)\n    return x * 2\n";
    const results = await contained(closed);
    assert.strictEqual(results[0]!.code, 'report-closed', JSON.stringify(results));
  });

  it('a job that stops itself times out', async () => {
    const results = await contained('import signal\ndef double(x):\n    signal.raise_signal(signal.SIGSTOP)\n    return x * 2\n');
    assert.strictEqual(results[0]!.status, 'timeout');
  });

  it('a scratch flood is stopped at the scratch size limit and removed', async () => {
    const flood = "def double(x):\n    for i in range(1000):\n        with open('f%d' % i, 'wb') as f:\n            f.write(b'x' * 2**20)\n    return x * 2\n";
    const results = await contained(flood);
    assert.strictEqual(results[0]!.code, 'scratch-limit', JSON.stringify(results));
    const many = "def double(x):\n    for i in range(10**6):\n        open('e%d' % i, 'w').close()\n    return x * 2\n";
    await contained(many);
  });

  it('a thread still creating files after the final report leaves no scratch dir behind', async () => {
    // The sample answers correctly (it is no attack on the verdict); its thread keeps creating files
    // while the job is killed and its scratch dir removed, and after its exit is waited for.
    const racer = [
      'import threading',
      'def _fill():',
      '    i = 0',
      '    while True:',
      "        open('t%d' % i, 'w').close()",
      '        i += 1',
      'def double(x):',
      '    threading.Thread(target=_fill, daemon=True).start()',
      '    return x * 2',
      '',
    ].join('\n');
    for (let i = 0; i < 5; i++) {
      const results = await sandbox.runExamples({ program: racer, docstring: DOCSTRING });
      assert.deepStrictEqual(results.map((r) => r.status), ['passed', 'passed'], JSON.stringify(results));
      const good = await sandbox.runExamples({ program: GOOD, docstring: DOCSTRING });
      assert.deepStrictEqual(good.map((r) => r.status), ['passed', 'passed']);
      assert.deepStrictEqual(jobDirsLeft(), [], 'a job scratch dir was left behind');
    }
  });

  it("the worker's death ends its processes and removes its scratch dirs; dispose removes everything", async () => {
    const other = await Sandbox.start({ limits: { timeoutMs: 5000 } });
    try {
      const program = "import time\ndef double(x):\n    open('big', 'w').write('x' * 1000)\n    time.sleep(10)\n";
      const running = other.runExamples({ program, docstring: DOCSTRING });
      await new Promise((r) => setTimeout(r, 700));
      const [pid] = other.workerPids();
      const oldDir = path.join(other.scratchDir, fs.readdirSync(other.scratchDir)[0]!);
      assert.ok(processesIn(oldDir).length > 0, 'the job runs in its scratch dir');
      process.kill(pid!, 'SIGKILL');
      const lost = await running;
      assert.strictEqual(lost[0]!.status, 'killed');
      assert.ok(!fs.existsSync(oldDir), 'the dead worker left its scratch dirs');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepStrictEqual(processesIn(oldDir), [], 'a process of the dead worker lives on');
      assert.strictEqual((await other.runProgram({ program: 'assert 1' })).status, 'passed');
    } finally {
      other.dispose();
    }
    assert.ok(!fs.existsSync(other.scratchDir));
  });
});

describe("sandbox: processes forked by the module's top-level code", function () {
  this.timeout(60000);
  // A sleeper (and its child, which tries to leave the process group) forked while the file loads:
  // no pdeathsig for them, so only the template's group guard ends them.
  const moduleSource = [
    'import os, time',
    'if os.fork() == 0:',
    '    if os.fork() == 0:',
    '        try:',
    '            os.setsid()',
    '        except OSError:',
    '            pass',
    '    time.sleep(60)',
    '    os._exit(0)',
    'LOADED = True',
  ].join('\n');

  for (const end of ['dispose', 'worker SIGKILL', 'module reload'] as const) {
    it(`no process is left after ${end}`, async () => {
      const sandbox = await Sandbox.start({ moduleSource, limits: { timeoutMs: 5000 } });
      const dir = sandbox.scratchDir;
      try {
        assert.strictEqual((await sandbox.runProgram({ program: 'assert LOADED', withModule: true })).status, 'passed');
        const before = processesIn(dir);
        assert.ok(before.length >= 3, `the template and the two sleepers run beneath the scratch dir (${before.length})`);
        if (end === 'dispose') {
          sandbox.dispose();
        } else if (end === 'worker SIGKILL') {
          process.kill(sandbox.workerPids()[0]!, 'SIGKILL');
        } else {
          sandbox.setModuleSource('LOADED = 2');
          assert.strictEqual((await sandbox.runProgram({ program: 'assert LOADED == 2', withModule: true })).status, 'passed');
        }
        const left = await settled(() => before.filter((pid) => processesIn(dir).includes(pid)));
        assert.deepStrictEqual(left, [], 'a process forked by top-level code outlived its template');
      } finally {
        sandbox.dispose();
      }
    });
  }
});

/** `probe()` once it returns an empty list, or its last answer after 3 s (processes take a moment to die). */
async function settled(probe: () => number[]): Promise<number[]> {
  const until = Date.now() + 3000;
  let left = probe();
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = probe();
  }
  return left;
}

/** Pids of the processes whose working directory lies beneath dir (Linux /proc). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) {
        pids.push(Number(entry));
      }
    } catch {
      // gone meanwhile, or not ours to look at
    }
  }
  return pids;
}
