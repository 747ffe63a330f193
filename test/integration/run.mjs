// `npm run test:integration`: runs Passk's integration suite inside a real VS Code — code-server's
// Node extension host (VS Code 1.100.3) — driving its web client with headless Debian Chromium.
// The extension under test is this repository (main = dist/extension.js, built by `npm run build`);
// the suite is out/test/integration/suite/index.js (compiled by tsc).
//
// Two passes, each its own code-server process group:
//   trusted    --disable-workspace-trust, every *.test.js except *.untrusted.test.js
//   untrusted  Workspace Trust on and the folder not trusted (Restricted Mode), only *.untrusted.test.js
// The closing line is `N passed, N failed` over both passes; exit code 0 only if every pass ran and passed.
//
// env: PASSK_CODE_SERVER   path to code-server's out/node/entry.js
//                          (default: $PASSK_CACHE_DIR/code-server-4.100.3/..., see scripts/install-code-server.sh)
//      PASSK_CACHE_DIR     default ~/.cache/passk
//      CHROMIUM            default /usr/bin/chromium
//      PASSK_SCREENSHOTS   folder; when set, a test that logs `SCREENSHOT <name>` is photographed to
//                          <folder>/<name>.png and waits for the harness's signal file before going on
//      PASSK_TEST_TIMEOUT  seconds per pass (default 600)
//      PASSK_TEST_PASSES   comma list of passes to run (default trusted,untrusted)
//      PASSK_TEST_GREP     only tests whose full title matches this regexp
//      DEBUG_BROWSER_CONSOLE=1  echo the browser console too
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { chromium } from 'playwright-core';

const CS_VERSION = '4.100.3';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteIndex = path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index');
const t0 = Date.now();
/** Workbench chatter that says nothing about the tests. */
const NOISE = /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|ChatSessionStore:)/;
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1)}s]`;

function codeServerEntry() {
  if (process.env.PASSK_CODE_SERVER) {
    return process.env.PASSK_CODE_SERVER;
  }
  const cache = process.env.PASSK_CACHE_DIR || path.join(os.homedir(), '.cache', 'passk');
  return path.join(cache, `code-server-${CS_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function checkPrerequisites(entry) {
  const missing = [];
  if (!fs.existsSync(entry)) {
    missing.push(`code-server (${entry}): run scripts/install-code-server.sh or set PASSK_CODE_SERVER`);
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    missing.push('dist/extension.js: run `npm run build`');
  }
  if (!fs.existsSync(`${suiteIndex}.js`)) {
    missing.push('out/test/integration/suite/index.js: run `npm run compile-tests`');
  }
  if (missing.length) {
    console.error(`cannot run the integration tests, missing:\n  ${missing.join('\n  ')}`);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
}

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** Quiet, offline user settings; the untrusted pass starts in Restricted Mode without a prompt. */
function writeUserSettings(tmp, trusted) {
  const dir = path.join(tmp, 'user-data', 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'editor.inlineSuggest.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.emptyWindow': false,
    'security.workspace.trust.untrustedFiles': 'open',
    'python.experiments.enabled': false,
  }, null, 2));
}

function startServer(entry, tmp, port, pass, signalDir) {
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', path.join(tmp, 'user-data'),
    '--extensions-dir', path.join(tmp, 'extensions'),
    '--config', path.join(tmp, 'config.yaml'),
  ];
  if (pass === 'trusted') {
    args.push('--disable-workspace-trust');
  }
  return spawn(process.execPath, args, {
    env: {
      ...process.env,
      // private TMPDIR: the server's sockets and temp folders die with the run
      TMPDIR: path.join(tmp, 'tmp'),
      XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
      // no marketplace (offline)
      EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{}',
      // read by the suite (inherited by the extension host)
      PASSK_TEST_PASS: pass,
      PASSK_TEST_GREP: process.env.PASSK_TEST_GREP || '',
      PASSK_SCREENSHOT_SIGNAL_DIR: signalDir || '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: killed whole (server + extension host + Python children)
  });
}

/** Runs one pass; resolves to { code, passed, failed, skipped }. */
async function runPass(entry, pass) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `passk-it-${pass}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const shotsDir = process.env.PASSK_SCREENSHOTS ? path.resolve(process.env.PASSK_SCREENSHOTS) : '';
  const signalDir = shotsDir ? path.join(tmp, 'signals') : '';
  if (shotsDir) {
    fs.mkdirSync(shotsDir, { recursive: true });
    fs.mkdirSync(signalDir, { recursive: true });
  }
  writeUserSettings(tmp, pass === 'trusted');
  const port = await freePort();
  const server = startServer(entry, tmp, port, pass, signalDir);
  const counts = { passed: 0, failed: 0, skipped: 0, reported: false };
  let serverLog = '';
  let browser;
  let settle;
  const done = new Promise((resolve) => { settle = resolve; });
  let finished = false;

  const killGroup = () => {
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  process.on('exit', killGroup);
  const finish = async (code, why) => {
    if (finished) return;
    finished = true;
    if (why) console.error(`${stamp()} [${pass}] ${why}`);
    killGroup();
    try { await browser?.close(); } catch { /* closing anyway */ }
    if (code !== 0) {
      fs.writeFileSync(path.join(tmp, 'server.log'), serverLog);
      console.error(`${stamp()} [${pass}] kept ${tmp} (server.log, user-data/logs)`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`${stamp()} [${pass}] exit ${code}`);
    settle({ code, ...counts });
  };

  const timeoutS = Number(process.env.PASSK_TEST_TIMEOUT || 600);
  const timer = setTimeout(() => finish(3, `timed out after ${timeoutS}s`), 1000 * timeoutS);
  server.on('exit', (c, s) => finish(4, `code-server exited early (${c ?? s})`));
  const listening = new Promise((resolve) => {
    const onData = (d) => {
      serverLog += d;
      if (/HTTP server listening on/.test(serverLog)) resolve();
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
  });
  await Promise.race([listening, done]);
  if (finished) {
    clearTimeout(timer);
    return done;
  }
  console.log(`${stamp()} [${pass}] code-server listening on 127.0.0.1:${port}`);

  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      env: { ...process.env, TMPDIR: path.join(tmp, 'tmp') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    if (process.env.DEBUG_BROWSER_CONSOLE) {
      page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    }
    // The workbench calls these when it runs extension tests (VS Code's own browser test hooks).
    await page.exposeFunction('codeAutomationLog', async (type, args) => {
      const text = util.format(...args);
      if (!NOISE.test(text)) {
        (console[type] || console.log)(text);
      }
      const summary = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(text.trim());
      if (summary) {
        counts.passed = Number(summary[1]);
        counts.failed = Number(summary[2]);
        counts.skipped = Number(summary[3] || 0);
        counts.reported = true;
      }
      const shot = /^SCREENSHOT ([\w.-]+)$/.exec(text.trim());
      if (shot && shotsDir) {
        const file = path.join(shotsDir, `${shot[1]}.png`);
        await page.screenshot({ path: file });
        console.log(`${stamp()} [${pass}] screenshot saved to ${path.relative(repoRoot, file)}`);
        fs.writeFileSync(path.join(signalDir, `${shot[1]}.done`), 'ok');
      }
    });
    await page.exposeFunction('codeAutomationExit', async (code) => {
      console.log(`${stamp()} [${pass}] extension host exited with code ${code}`);
      await finish(code);
    });
    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'],
    ]);
    const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    // A loaded machine can take longer than playwright's 30 s default to serve the workbench.
    await page.goto(url, { timeout: 180_000 });
    console.log(`${stamp()} [${pass}] workbench loaded, running the suite`);
  } catch (e) {
    await finish(5, `harness error: ${e?.stack || e}`);
  }
  const result = await done;
  clearTimeout(timer);
  process.off('exit', killGroup);
  return result;
}

async function main() {
  const entry = codeServerEntry();
  checkPrerequisites(entry);
  const passes = (process.env.PASSK_TEST_PASSES || 'trusted,untrusted').split(',').map((s) => s.trim()).filter(Boolean);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let exitCode = 0;
  for (const pass of passes) {
    const r = await runPass(entry, pass);
    passed += r.passed;
    skipped += r.skipped;
    // a pass that crashed or timed out before reporting counts as one failure
    failed += r.reported ? r.failed : Math.max(r.failed, 1);
    if (r.code !== 0 || !r.reported) {
      exitCode = r.code || 1;
    }
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(exitCode);
}

process.on('unhandledRejection', (e) => {
  console.error(`harness error: ${e?.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(5);
});
await main();
