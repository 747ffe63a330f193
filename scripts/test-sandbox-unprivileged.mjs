// `npm run test:sandbox-unprivileged`: the sandbox suites again as an unprivileged user (`nobody`
// through setpriv), because the kernel layers must hold without root's privileges too, and threads
// must work for users whom RLIMIT_NPROC would stop. HOME and TMPDIR point to a world-writable temp dir.
// Needs root and setpriv (CI runs as root); elsewhere it says why it skips and exits 0.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const specs = 'out/test/unit/sandbox/*.test.js';
if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) {
  console.log('skipped: the unprivileged sandbox run needs root and setpriv (it drops to nobody)');
  process.exit(0);
}
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-nobody-'));
fs.chmodSync(home, 0o1777);
const mocha = path.resolve('node_modules', 'mocha', 'bin', 'mocha.js');
const args = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--',
  process.execPath, mocha, '--no-config', '--ui', 'bdd', '--timeout', '60000', '--enable-source-maps', '--reporter', 'spec', specs];
const env = { ...process.env, HOME: home, TMPDIR: home, USER: 'nobody', LOGNAME: 'nobody' };
const run = spawnSync('setpriv', args, { stdio: 'inherit', env });
fs.rmSync(home, { recursive: true, force: true });
process.exit(run.status ?? 1);
