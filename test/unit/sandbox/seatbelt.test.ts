/**
 * The macOS Seatbelt profile as text (it is not run here: these machines are Linux). The profile is read
 * back with a small S-expression reader, so a quoting mistake shows as a wrong path or a parse error.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IsolationUnavailableError, PythonWorker } from '../../../src/core/sandbox/pythonWorker';
import { resolveLimits } from '../../../src/core/sandbox/limits';
import { sandboxEnv } from '../../../src/core/sandbox/sandbox';
import { SEATBELT_SYSTEM_READ_PATHS, sbplString, seatbeltProfile } from '../../../src/core/sandbox/seatbelt';

type Sexp = string | { str: string } | Sexp[];

/** Reads SBPL: lists, symbols, "strings" with backslash escapes, `;` comments. */
function readSbpl(text: string): Sexp[] {
  let i = 0;
  const skip = (): void => {
    while (i < text.length) {
      if (/\s/.test(text[i]!)) {
        i++;
      } else if (text[i] === ';') {
        while (i < text.length && text[i] !== '\n') {i++;}
      } else {
        return;
      }
    }
  };
  const read = (): Sexp => {
    skip();
    const c = text[i];
    if (c === '(') {
      i++;
      const list: Sexp[] = [];
      for (skip(); text[i] !== ')'; skip()) {
        assert.ok(i < text.length, 'unbalanced parentheses');
        list.push(read());
      }
      i++;
      return list;
    }
    if (c === '"') {
      let str = '';
      for (i++; text[i] !== '"'; i++) {
        assert.ok(i < text.length, 'unterminated string');
        if (text[i] === '\\') {i++;}
        str += text[i];
      }
      i++;
      return { str };
    }
    const start = i;
    while (i < text.length && !/[\s()";]/.test(text[i]!)) {i++;}
    assert.ok(i > start, `unexpected ${JSON.stringify(c)} at ${i}`);
    return text.slice(start, i);
  };
  const out: Sexp[] = [];
  for (skip(); i < text.length; skip()) {
    out.push(read());
  }
  return out;
}

const rules = (profile: string): Sexp[][] => readSbpl(profile) as Sexp[][];
/** The operations of a rule: its symbols after allow/deny. */
const operations = (rule: Sexp[]): string[] => rule.slice(1).filter((x): x is string => typeof x === 'string');
/** The path filters of a rule, as [kind, path]. */
const filters = (rule: Sexp[]): [string, string][] =>
  rule.slice(1).filter(Array.isArray).map((f) => [f[0] as string, (f[1] as { str: string }).str]);

const PATHS = {
  scratchDir: '/private/var/folders/x/T/passk-sandbox-abc',
  readRoots: ['/Users/me/proj', '/opt/homebrew/Cellar/python@3.11/3.11.7/Frameworks/Python.framework/Versions/3.11'],
  interpreters: ['/opt/homebrew/Cellar/python@3.11/3.11.7/Frameworks/Python.framework/Versions/3.11/bin/python3.11'],
};

describe('sandbox: macOS Seatbelt profile (text only; not run on a Mac here)', () => {
  it('quotes paths with quotes and backslashes so they read back unchanged', () => {
    const odd = '/Users/me/my "quoted" \\ dir\\"; (allow default)';
    const profile = seatbeltProfile({ ...PATHS, readRoots: [odd], scratchDir: '/tmp/a\\b"c' });
    const all = rules(profile).flatMap(filters).map(([, p]) => p);
    assert.ok(all.includes(odd), 'the read root reads back as given');
    assert.ok(all.includes('/tmp/a\\b"c'), 'the scratch dir reads back as given');
    assert.ok(!rules(profile).some((r) => r[0] === 'allow' && operations(r).includes('default')), 'a path cannot inject a rule');
    assert.strictEqual(sbplString('a"b\\c'), '"a\\"b\\\\c"');
  });

  it('refuses control characters and relative paths instead of guessing an escape', () => {
    assert.throws(() => sbplString('/tmp/a\nb'), /control character/);
    assert.throws(() => seatbeltProfile({ ...PATHS, readRoots: ['proj'] }), /absolute/);
  });

  it('denies by default, then allows exactly the interpreter exec, fork, reads beneath the roots, writes beneath scratch', () => {
    const list = rules(seatbeltProfile(PATHS));
    assert.deepStrictEqual(list[0], ['version', '1']);
    assert.deepStrictEqual(list[1], ['deny', 'default']);
    const exec = list.filter((r) => operations(r).some((o) => o.startsWith('process-exec')));
    assert.deepStrictEqual(exec.map(filters), [PATHS.interpreters.map((p) => ['literal', p])], 'only the interpreter may be exec-ed');
    assert.ok(list.some((r) => r[0] === 'allow' && operations(r).includes('process-fork')), 'the pool forks templates and jobs');
    const reads = list.filter((r) => r[0] === 'allow' && operations(r).includes('file-read*')).flatMap(filters);
    for (const root of [...PATHS.readRoots, ...SEATBELT_SYSTEM_READ_PATHS, PATHS.scratchDir]) {
      assert.ok(reads.some(([kind, p]) => kind === 'subpath' && p === root), `reads beneath ${root}`);
    }
    assert.ok(!reads.some(([, p]) => p === '/' || p.startsWith('/Users/me/.') || p === '/Users/me'), 'no home directory, no /');
    const metadataOnly = list.filter((r) => operations(r).join() === 'file-read-metadata').flatMap(filters);
    assert.ok(metadataOnly.every(([kind]) => kind === 'literal'), 'ancestors: stat only, never their contents');
    assert.ok(metadataOnly.some(([, p]) => p === '/Users/me'), 'stat of the workspace folder\'s ancestors for path lookups');
    assert.ok(list.some((r) => r[0] === 'allow' && operations(r).includes('signal') && JSON.stringify(r).includes('same-sandbox')));
  });

  it('has no write rule outside the scratch dir (and /dev/null)', () => {
    const list = rules(seatbeltProfile(PATHS));
    const writes = list.filter((r) => r[0] === 'allow' && operations(r).some((o) => o.startsWith('file-write')));
    assert.ok(writes.length > 0);
    for (const rule of writes) {
      const where = filters(rule);
      assert.ok(where.length > 0, `a write rule without a path filter allows every path: ${JSON.stringify(rule)}`);
      for (const [kind, p] of where) {
        assert.ok((kind === 'subpath' && p === PATHS.scratchDir) || (kind === 'literal' && p === '/dev/null'), `write allowed at ${kind} ${p}`);
      }
    }
  });

  it('denies the network: no allow rule for network*, and a final deny that overrides any earlier allow', () => {
    const list = rules(seatbeltProfile(PATHS));
    assert.ok(!list.some((r) => r[0] === 'allow' && operations(r).some((o) => o.startsWith('network'))));
    assert.deepStrictEqual(list[list.length - 1], ['deny', 'network*'], 'last matching rule wins in SBPL');
  });

  it('the worker counts Seatbelt only when a write outside is refused: a launch that only claims it gets no isolation', async function () {
    this.timeout(30000);
    const scratchParent = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-seatbelt-'));
    const script = path.resolve(__dirname, '..', '..', '..', '..', 'src', 'core', 'sandbox', 'worker.py');
    const worker = new PythonWorker({
      command: ['python3', '-u', script], env: sandboxEnv(process.env), limits: resolveLimits({}), moduleSource: '',
      pythonPath: [], isolation: 'required', kernel: false, seatbelt: true, scratchParent,
    });
    try {
      await assert.rejects(worker.start(), (e: unknown) => e instanceof IsolationUnavailableError && e.layers?.seatbelt === false);
    } finally {
      worker.kill();
      fs.rmSync(scratchParent, { recursive: true, force: true });
    }
  });
});
