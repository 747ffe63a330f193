// `npm test`: lint, type-check, unit tests (plain Node), the sandbox suites again as `nobody`, then the integration tests in a real VS Code.
// Every step runs even when an earlier one fails; the closing line totals the tests of both suites as
// `N passed, N failed`, and the exit code is non-zero when any step failed.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'lint', script: 'lint' },
  { name: 'check-types', script: 'check-types' },
  { name: 'unit', script: 'test:unit', counts: mochaCounts },
  { name: 'sandbox as nobody', script: 'test:sandbox-unprivileged', counts: mochaCounts },
  { name: 'integration', script: 'test:integration', counts: harnessCounts },
];

/** mocha's spec reporter: `  540 passing (53s)`, `  2 failing`, `  1 pending`. */
function mochaCounts(output) {
  const grab = (word) => Number(output.match(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm'))?.[1] ?? 0);
  return { passed: grab('passing'), failed: grab('failing'), skipped: grab('pending') };
}

/** The VS Code harness closes with `N passed, N failed` over all its passes. */
function harnessCounts(output) {
  const all = [...output.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3] ?? 0) } : undefined;
}

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const total = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
for (const step of steps) {
  console.log(`\n== ${step.name}`);
  const { code, output } = await run(step.script);
  const counts = step.counts?.(output);
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  if (code !== 0) {
    failedSteps.push(step.name);
    if (step.counts && (!counts || counts.failed === 0)) {
      total.failed += 1; // the suite itself failed (crash, timeout): count it, never report all green
    }
  }
}
if (failedSteps.length) {
  console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
