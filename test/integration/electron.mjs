// `npm run test:electron`: the same integration suite in desktop VS Code (Electron) through
// @vscode/test-electron, for machines that can download VS Code or have one installed.
// NOT used by CI or `npm test` here: these machines cannot download VS Code (see run.mjs, which runs
// the suite in code-server instead). Build first: `npm run build && npm run compile-tests`.
//
// env: VSCODE_EXECUTABLE   an installed VS Code binary to use instead of downloading one
//      VSCODE_VERSION      the version to download (default 1.100.3, matching engines.vscode)
//      PASSK_TEST_PASSES   comma list of passes (default trusted,untrusted)
//      PASSK_TEST_GREP     only tests whose full title matches this regexp
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteIndex = path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index');

async function runPass(pass) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `passk-electron-${pass}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  // the untrusted pass opens the folder in Restricted Mode without the trust prompt
  fs.mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'workbench.startupEditor': 'none',
    'editor.inlineSuggest.enabled': true,
  }));
  const launchArgs = [workspace, '--disable-extensions', '--user-data-dir', path.join(tmp, 'user-data')];
  if (pass === 'trusted') {
    launchArgs.push('--disable-workspace-trust');
  }
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE
        ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
        : { version: process.env.VSCODE_VERSION || '1.100.3' }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      launchArgs,
      extensionTestsEnv: { PASSK_TEST_PASS: pass, PASSK_TEST_GREP: process.env.PASSK_TEST_GREP || '' },
    });
    return 0;
  } catch (e) {
    console.error(`[${pass}] ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const passes = (process.env.PASSK_TEST_PASSES || 'trusted,untrusted').split(',').map((s) => s.trim()).filter(Boolean);
let failed = 0;
for (const pass of passes) {
  failed += await runPass(pass);
}
process.exit(failed ? 1 : 0);
