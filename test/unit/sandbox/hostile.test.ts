/**
 * The hostile-sample suite: each sample must end as a failure with a reason, the worker must keep
 * serving, and the next good sample must still pass. Real Python, real fork, real limits.
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

function sample(body: string): string {
  return `def double(x):\n${body.replace(/^/gm, '    ')}\n`;
}

describe('sandbox: hostile samples', function () {
  this.timeout(30000);
  let sandbox: Sandbox;
  let home: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;
  let server: net.Server;
  let connections = 0;
  let port = 0;

  before(async () => {
    home = tempDir('passk-home-');
    outside = tempDir('passk-outside-');
    fs.writeFileSync(path.join(home.dir, 'precious.txt'), 'keep me');
    fs.mkdirSync(path.join(outside.dir, 'tree'));
    fs.writeFileSync(path.join(outside.dir, 'tree', 'victim.txt'), 'keep me too');
    server = net.createServer((s) => {
      connections++;
      s.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    sandbox = await Sandbox.start({
      limits: { timeoutMs: 800, memoryBytes: 256 * 1024 * 1024, outputBytes: 64 * 1024 },
      env: { ...process.env, HOME: home.dir },
      pythonPath: [fixturesDir],
    });
  });

  after(() => {
    sandbox?.dispose();
    server?.close();
    home?.cleanup();
    outside?.cleanup();
  });

  async function expectFailsThenGoodPasses(program: string, reason: RegExp): Promise<ExampleResult[]> {
    const results = await sandbox.runExamples({ program, docstring: DOCSTRING });
    assert.strictEqual(results.length, 2);
    assert.ok(
      results.every((r) => r.status !== 'passed'),
      `hostile sample passed an example: ${JSON.stringify(results)}`,
    );
    const first = results.find((r) => r.status !== 'skipped');
    assert.ok(first, 'no example was reported');
    assert.match(`${first.status}: ${first.message ?? ''} ${first.got ?? ''}`, reason);
    const good = await sandbox.runExamples({ program: GOOD, docstring: DOCSTRING });
    assert.deepStrictEqual(
      good.map((r) => r.status),
      ['passed', 'passed'],
      `good sample after the hostile one: ${JSON.stringify(good)}`,
    );
    return results;
  }

  it('infinite loop → timeout', async () => {
    await expectFailsThenGoodPasses(sample('while True:\n    pass'), /^timeout: timed out/);
  });

  it('C-level spin sum(range(10**12)) → timeout', async () => {
    await expectFailsThenGoodPasses(sample('return sum(range(10**12))'), /^timeout/);
  });

  it('fork bomb → refused', async () => {
    await expectFailsThenGoodPasses(
      'import os\n' + sample('while True:\n    os.fork()\nreturn x * 2'),
      /^error: SandboxRefused/,
    );
  });

  it('memory bomb → killed by the memory limit', async () => {
    await expectFailsThenGoodPasses(
      // 512 MB would be granted without the 256 MB limit, and the sample would then pass.
      sample('hog = [bytearray(512 * 2**20)]\nreturn x * 2'),
      /^killed: memory limit/,
    );
  });

  it('100 MB of output → killed by the output limit', async () => {
    await expectFailsThenGoodPasses(
      sample("for _ in range(100):\n    print('x' * 10**6)\nreturn x * 2"),
      /^killed: output limit/,
    );
  });

  it('raw writes of 100 MB to fd 1 go nowhere and cannot pass', async () => {
    await expectFailsThenGoodPasses(
      'import os\n' + sample("for _ in range(100):\n    os.write(1, b'4\\n' * 500000)\nreturn None"),
      /^failed: .*got.*|^failed/,
    );
  });

  it('writing and deleting files outside the scratch dir changes nothing (HOME is a temp dir)', async () => {
    const before = [snapshot(home.dir), snapshot(outside.dir)];
    const victim = path.join(outside.dir, 'tree');
    const attacks = [
      "open(os.path.expanduser('~/owned.txt'), 'w').write('x')",
      "os.remove(os.path.expanduser('~/precious.txt'))",
      `os.remove(${JSON.stringify(path.join(victim, 'victim.txt'))})`,
      `os.rename(${JSON.stringify(path.join(victim, 'victim.txt'))}, 'stolen.txt')`,
      `shutil.rmtree(${JSON.stringify(victim)})`,
      `os.open(${JSON.stringify(path.join(outside.dir, 'new.txt'))}, os.O_CREAT | os.O_WRONLY)`,
      `os.symlink('/etc/passwd', ${JSON.stringify(path.join(outside.dir, 'link'))})`,
      `pathlib.Path(${JSON.stringify(path.join(home.dir, 'precious.txt'))}).write_text('gone')`,
      `os.chdir(${JSON.stringify(outside.dir)}); open('here.txt', 'w').write('x')`,
    ];
    for (const attack of attacks) {
      const program = 'import os, shutil, pathlib\n' + sample(`${attack}\nreturn x * 2`);
      await expectFailsThenGoodPasses(program, /^error: (SandboxRefused|PermissionError)/);
    }
    assert.deepStrictEqual([snapshot(home.dir), snapshot(outside.dir)], before);
  });

  it('writing inside its own scratch dir is allowed', async () => {
    const program = sample("with open('scratch.txt', 'w') as f:\n    f.write(str(x * 2))\nreturn int(open('scratch.txt').read())");
    const results = await sandbox.runExamples({ program, docstring: DOCSTRING });
    assert.deepStrictEqual(results.map((r) => r.status), ['passed', 'passed']);
  });

  it('a socket to 127.0.0.1 is refused and never connects', async () => {
    const program = 'import socket\n' + sample(`s = socket.create_connection(('127.0.0.1', ${port}), timeout=0.5)\nreturn x * 2`);
    await expectFailsThenGoodPasses(program, /^error: SandboxRefused: .*socket/);
    assert.strictEqual(connections, 0);
  });

  it('os.kill(os.getppid(), 9) is refused and the worker lives', async () => {
    await expectFailsThenGoodPasses('import os\n' + sample('os.kill(os.getppid(), 9)\nreturn x * 2'), /^error: SandboxRefused/);
  });

  it('os._exit(0), posix._exit(0) and sys.exit(0) are failures', async () => {
    await expectFailsThenGoodPasses('import os\n' + sample('os._exit(0)'), /^error: SandboxRefused/);
    await expectFailsThenGoodPasses('import posix\n' + sample('posix._exit(0)'), /^error: SandboxRefused/);
    await expectFailsThenGoodPasses('import sys\n' + sample('sys.exit(0)'), /^failed: the code called sys.exit\(0\)/);
  });

  it('ctypes reaches only a kernel that refuses execve; a real segfault kills only the child', async () => {
    const execve = "libc = ctypes.CDLL(None, use_errno=True)\nif libc.syscall({'x86_64': 59, 'aarch64': 221}[os.uname().machine], b'/bin/true', None, None) == -1:\n    raise OSError(ctypes.get_errno(), 'execve refused')\nreturn x * 2";
    await expectFailsThenGoodPasses('import ctypes, os\n' + sample(execve), /^error: (OSError|PermissionError): \[Errno 1\] execve refused/);
    await expectFailsThenGoodPasses('import faulthandler\n' + sample('faulthandler._sigsegv()\nreturn x * 2'), /^killed: crashed \(segmentation fault\)/);
  });

  it('unbounded recursion → RecursionError', async () => {
    await expectFailsThenGoodPasses(sample('return double(x) + 0'), /^error: RecursionError/);
  });

  it('reading stdin gets end-of-file', async () => {
    await expectFailsThenGoodPasses(sample('return int(input())'), /^error: EOFError/);
  });

  it('a slow import → timeout', async () => {
    await expectFailsThenGoodPasses('import slow_module\n' + sample('return x * 2'), /^timeout/);
  });

  it('forking from a thread fails', async () => {
    const body = [
      'box = []',
      'def spawn():',
      '    box.append(os.fork())',
      't = threading.Thread(target=spawn)',
      't.start()',
      't.join()',
      'return x * 2 if box else None',
    ].join('\n');
    await expectFailsThenGoodPasses('import os, threading\n' + sample(body), /^(failed|error)/);
  });
});
