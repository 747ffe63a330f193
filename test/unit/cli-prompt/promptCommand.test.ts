import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, parseArgs, required } from '../../../src/cli/args';
import { offsetOf, readSourceFile } from '../../../src/cli/promptCommand';

/** The compiled CLI (tests run from out/test/unit/cli-prompt). */
const MAIN = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

function passk(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('passk prompt', () => {
  let dir: string;
  const file = (name: string, content: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-prompt-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const SOURCE = 'import math\n\n\ndef area(r: float) -> float:\n    """Area of a circle of radius r."""\n    \n';

  it('prints the context, the decision and a codex prompt as JSON', () => {
    const r = passk('prompt', file('area.py', SOURCE), '--line', '6', '--column', '5');
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(out.decision, { kind: 'body' });
    assert.strictEqual(out.offset, SOURCE.indexOf('    \n', SOURCE.indexOf('"""\n')) + 4);
    assert.strictEqual(out.context.function.name, 'area');
    assert.strictEqual(out.context.function.docstring.text, 'Area of a circle of radius r.');
    assert.deepStrictEqual(out.context.module.imports, ['import math']);
    assert.strictEqual(out.prompt.kind, 'codex');
    assert.strictEqual(out.prompt.text, SOURCE.slice(0, out.offset));
  });

  it('--style fim --fim-template picks the template', () => {
    const r = passk('prompt', file('area.py', SOURCE), '--line', '6', '--column', '5', '--style', 'fim', '--fim-template', 'codellama');
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.prompt.template, 'codellama');
    assert.ok(out.prompt.text.startsWith('<PRE> import math'));
  });

  it('columns are counted on the line without its CR; the decision explains a none', () => {
    const r = passk('prompt', file('crlf.py', 'x = 1\r\ny = 2\r\n'), '--line', '2', '--column', '6');
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.offset, 12);
    assert.strictEqual(out.context.eol, '\r\n');
    assert.strictEqual(out.decision.kind, 'none');
    assert.match(out.decision.reason, /not inside a function/);
  });

  // Spawned: one per kind of failure, to see the real exit code and stderr of the process.
  const failures: [string, () => string[], RegExp, number][] = [
    ['a missing file', () => ['prompt', path.join(dir, 'nope.py'), '--line', '1', '--column', '1'], /nope\.py: no such file/, 1],
    ['a binary file', () => ['prompt', file('bin.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), '--line', '1', '--column', '1'], /binary/, 1],
    ['a line past the end', () => ['prompt', file('area.py', SOURCE), '--line', '99', '--column', '1'], /line 99 is outside/, 1],
    ['a non-numeric line', () => ['prompt', file('area.py', SOURCE), '--line', 'five', '--column', '1'], /--line must be a whole number/, 2],
    ['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/, 2],
  ];
  for (const [what, args, message, code] of failures) {
    it(`${what}: one clear line on stderr, exit ${code}, no stack trace`, () => {
      const r = passk(...args());
      assert.strictEqual(r.code, code, r.stderr);
      assert.match(r.stderr.split('\n')[0]!, message);
      assert.ok(r.stderr.startsWith('passk: '), r.stderr);
      assert.ok(!/\n\s+at /.test(r.stderr), `stack trace: ${r.stderr}`);
      assert.strictEqual(r.stdout, '');
    });
  }

  // In-process: the same checks' messages and exit codes, without a process each.
  const rejected: [string, () => unknown, RegExp, number][] = [
    ['a directory', () => readSourceFile(dir), /is a directory/, 1],
    ['invalid UTF-8', () => readSourceFile(file('latin1.py', Buffer.from([0x78, 0x3d, 0xe9, 0x0a]))), /not valid UTF-8/, 1],
    ['an empty file', () => readSourceFile(file('empty.py', '')), /the file is empty/, 1],
    ['a column past the end of the line', () => offsetOf('x = 1\r\n', 1, 7), /column 7 is outside line 1 \(it has 5 characters\)/, 1],
    ['a line past the end', () => offsetOf('x\ny', 3, 1), /line 3 is outside the file \(it has 2 lines\)/, 1],
    ['a zero column', () => parseArgs(['--column', '0'], { column: { kind: 'integer', min: 1 } }), /--column must be at least 1/, 2],
    ['an unknown style', () => parseArgs(['--style', 'poem'], { style: { kind: 'string', choices: ['codex', 'fim', 'chat'] } }), /--style must be one of codex, fim, chat/, 2],
    ['an unknown option', () => parseArgs(['--lines', '1'], {}), /unknown option --lines/, 2],
    ['a missing required option', () => required(parseArgs([], { column: { kind: 'integer' } }), 'column'), /--column is required/, 2],
  ];
  for (const [what, run, message, code] of rejected) {
    it(`rejects ${what} (exit ${code})`, () => {
      assert.throws(run, (e: unknown) => e instanceof CliError && message.test(e.message) && e.exitCode === code);
    });
  }

  it('offsetOf: 1-based line and column, up to just past the line end, a BOM is not a column', () => {
    assert.strictEqual(offsetOf('ab\ncd', 2, 3), 5);
    assert.strictEqual(offsetOf('ab\r\ncd', 1, 3), 2);
    assert.strictEqual(readSourceFile(file('bom.py', '\ufeffx = 1\n')), 'x = 1\n');
  });

  it('--help prints the usage and exits 0', () => {
    const r = passk('prompt', '--help');
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /passk prompt FILE --line L --column C/);
  });

  it('no command prints the usage and exits 2', () => {
    const r = passk();
    assert.strictEqual(r.code, 2);
    assert.match(r.stdout, /usage: passk <command>/);
  });
});

describe('cli/args parseArgs', () => {
  const spec = { n: { kind: 'integer' as const, min: 1, default: 5 }, t: { kind: 'number' as const }, v: { kind: 'boolean' as const } };

  it('reads positionals, both option forms, flags and defaults', () => {
    assert.deepStrictEqual(parseArgs(['a', '--t=0.5', '--v', 'b'], spec), { positionals: ['a', 'b'], options: { t: 0.5, v: true, n: 5 } });
    assert.deepStrictEqual(parseArgs(['--n', '3', '--', '--not-an-option'], spec).positionals, ['--not-an-option']);
  });

  it('rejects malformed numbers', () => {
    assert.throws(() => parseArgs(['--n', '1.5'], spec), /whole number/);
    assert.throws(() => parseArgs(['--t', '1e'], spec), /a number/);
    assert.throws(() => parseArgs(['--n'], spec), /needs a value/);
  });
});
