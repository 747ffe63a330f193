/**
 * Real code in the sandbox: correct samples using the standard library (threads, frames, logging,
 * enums, …, all refused by the old Python-level guards) pass their docstring examples, and functions
 * that use what the file's top-level code defines (compiled regexes, comprehension tables, guarded
 * imports, dataclasses, enums, decorated functions) see it as a real import would.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadModuleSourceForExecution } from '../../../src/core/python/moduleSource';
import { Sandbox } from '../../../src/core/sandbox';
import { fixturesDir } from './helpers';

const realDir = path.join(fixturesDir, 'realcode');

/** The first triple-quoted docstring in a sample. */
function docstringOf(sample: string): string {
  const m = /"""([\s\S]*?)"""/.exec(sample);
  assert.ok(m, `no docstring in ${sample.slice(0, 80)}`);
  return m[1]!.replace(/\\\\/g, '\\');
}

describe('sandbox: real code', function () {
  this.timeout(120000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ workers: 2, limits: { timeoutMs: 5000 } });
  });
  after(() => sandbox?.dispose());

  const samples = fs.readFileSync(path.join(realDir, 'samples.py'), 'utf8').split('\n# ---\n');

  it('has at least 30 standard-library samples', () => {
    assert.ok(samples.length >= 30, `${samples.length}`);
  });

  it('passes every sample’s docstring examples', async () => {
    const outcomes = await Promise.all(
      samples.map(async (program) => {
        const results = await sandbox.runExamples({ program, docstring: docstringOf(program) });
        return { name: /def (\w+)/.exec(program)?.[1], results };
      }),
    );
    const failed = outcomes.filter((o) => o.results.length === 0 || o.results.some((r) => r.status !== 'passed'));
    assert.deepStrictEqual(failed.map((o) => `${o.name}: ${JSON.stringify(o.results)}`), []);
  });
});

describe('sandbox: module context fixtures', function () {
  this.timeout(60000);
  let sandbox: Sandbox;
  before(async () => {
    const text = fs.readFileSync(path.join(realDir, 'module_context.py'), 'utf8');
    sandbox = await Sandbox.start({ moduleSource: await loadModuleSourceForExecution(text), limits: { timeoutMs: 5000 } });
  });
  after(() => sandbox?.dispose());

  const cases: [string, string, string][] = [
    ['compiled regex constant', 'def words(s):\n    return WORD.findall(s)\n', ">>> words('ab1cd')\n['ab', 'cd']\n"],
    ['comprehension table', 'def score(w):\n    return sum(SCORES[c] for c in w)\n', ">>> score('abc')\n6\n"],
    ['try-import', 'def dumps(x):\n    return fastjson.dumps(x)\n', '>>> dumps([1])\n\'[1]\'\n'],
    ['dataclass', 'def cheap(items):\n    return [i.name for i in items if i.price < 2]\n', ">>> cheap([Item('a', 1.0), Item('b', 3.0)])\n['a']\n"],
    ['enum', 'def red(s):\n    return s in (Suit.HEARTS,)\n', '>>> red(Suit.HEARTS), red(Suit.SPADES)\n(True, False)\n'],
    ['constant computed from another', 'def limit():\n    return LIMIT\n', '>>> limit()\n56\n'],
    ['NamedTuple', 'def swap(p):\n    return Pair(p.right, p.left)\n', '>>> swap(Pair(1, 2))\nPair(left=2, right=1)\n'],
    ['decorated function', 'def sq(x):\n    return slow_square(x)\n', '>>> sq(7)\n49\n'],
    ['frozenset from a generator', 'def vowels(w):\n    return sum(c in VOWELS for c in w)\n', ">>> vowels('banana')\n3\n"],
  ];
  for (const [name, program, docstring] of cases) {
    it(name, async () => {
      const results = await sandbox.runExamples({ program, docstring });
      assert.deepStrictEqual(results.map((r) => r.status), ['passed'], JSON.stringify(results));
    });
  }

  it('loaded the whole file without errors, the __main__ block left out', () => {
    assert.deepStrictEqual(sandbox.info.moduleErrors, []);
  });
});
