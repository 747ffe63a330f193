/**
 * Entry point of the integration suite: VS Code's extension host requires this module
 * (extensionTestsPath) and calls `run()`; a rejection makes the host exit with code 1.
 * The harness (test/integration/run.mjs) picks the pass through PASSK_TEST_PASS:
 * `trusted` runs every *.test.js but *.untrusted.test.js, `untrusted` runs only those.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Test files for this pass, in name order. */
function suiteFiles(pass: string): string[] {
  const untrusted = pass === 'untrusted';
  return fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.untrusted.test.js') === untrusted)
    .sort()
    .map((f) => path.join(__dirname, f));
}

/** Runs the suite; prints `N passed, N failed` when done. */
export function run(): Promise<void> {
  const pass = process.env.PASSK_TEST_PASS || 'trusted';
  const grep = process.env.PASSK_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, ...(grep ? { grep } : {}) });
  for (const file of suiteFiles(pass)) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    let passed = 0;
    let skipped = 0;
    const runner = mocha.run((failures) => {
      console.log(`${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
      if (failures > 0) {
        reject(new Error(`${failures} integration tests failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', () => passed++);
    runner.on('pending', () => skipped++);
  });
}
