import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildContext } from '../../../src/core/context/buildContext';
import { loadModuleSourceForExecution } from '../../../src/core/python/moduleSource';
import { extractInlineExamples, programForSample } from '../../../src/core/rank';
import { docstringExamples } from '../../../src/core/rank/execute';
import { cleanExpected } from '../../../src/core/rank/examples';
import { Sandbox } from '../../../src/core/sandbox';

interface Problem {
  task_id: string;
  prompt: string;
  entry_point: string;
  canonical_solution: string;
}

const problems: Problem[] = zlib
  .gunzipSync(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'data', 'HumanEval.jsonl.gz')))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Problem);

function problem(n: number): Problem {
  return problems[n]!;
}

/** The docstring of a HumanEval prompt's entry point, as written. */
function docOf(p: Problem): string {
  const start = p.prompt.lastIndexOf(`def ${p.entry_point}`);
  return p.prompt.slice(start);
}

describe('rank: examples written without >>> (real HumanEval prompts)', () => {
  it('reads `==`, `➞`, `=>`, `==>`, `->` with worked sums, `# returns`, bullets, `For x = ... the output should be`, Input/Output pairs', () => {
    const cases: [number, number, { source: string; expected: string }][] = [
      [69, 3, { source: 'search([4, 1, 2, 2, 3, 1])', expected: '2' }],
      [72, 4, { source: 'will_it_fly([1, 2], 5)', expected: 'False' }],
      [66, 6, { source: 'digitSum("")', expected: '0' }],
      [78, 5, { source: 'hex_key("AB")', expected: '1' }],
      [112, 3, { source: 'reverse_delete(s="abcde", c="ae")', expected: "('bcd',False)" }],
      [141, 2, { source: 'file_name_check("example.txt")', expected: "'Yes'" }],
      [88, 4, { source: 'sort_array([])', expected: '[]' }],
      [159, 4, { source: 'eat(5, 6, 10)', expected: '[11, 4]' }],
      [77, 6, { source: 'iscube(1)', expected: 'True' }],
      [67, 4, { source: 'fruit_distribution("5 apples and 6 oranges", 19)', expected: '8' }],
      [79, 2, { source: 'decimal_to_binary(15)', expected: '"db1111db"' }],
      [76, 6, { source: 'is_simple_power(1, 4)', expected: 'True' }],
      [68, 4, { source: 'pluck([4,2,3])', expected: '[2, 1]' }],
    ];
    for (const [n, count, first] of cases) {
      const p = problem(n);
      const found = extractInlineExamples(docOf(p), p.entry_point);
      assert.strictEqual(found.length, count, `${p.task_id}: ${JSON.stringify(found)}`);
      assert.deepStrictEqual({ source: found[0]!.source, expected: found[0]!.expected }, first, p.task_id);
      assert.ok(found.every((e) => e.kind === 'equals'));
    }
  });

  it('ignores `>>>` lines (doctest parses those) and prose', () => {
    assert.deepStrictEqual(extractInlineExamples(docOf(problem(0)), problem(0).entry_point), []);
    assert.deepStrictEqual(extractInlineExamples('Returns f(x) for x.\nf is fast.', 'f'), []);
    assert.deepStrictEqual(extractInlineExamples('For example: f(2) == 4\ne.g. f(3) -> 9\nf(n) -> f(n - 1) * n', 'f'), [
      { kind: 'equals', source: 'f(2)', expected: '4' },
      { kind: 'equals', source: 'f(3)', expected: '9' },
    ]);
  });

  it('reads `f(x) = y`, but not a recurrence (`f(3) = f(2) + f(1)`) nor a definition (`f(n) = ...`)', () => {
    const doc = 'Sum.\n    f(n) = n + f(n - 1)\n    f(3) = f(2) + f(1)\n    f(2, 5) = 7\n    f("a") = "b"\n';
    assert.deepStrictEqual(
      extractInlineExamples(doc, 'f').map((e) => [e.source, e.expected]),
      [
        ['f(2, 5)', '7'],
        ['f("a")', '"b"'],
      ],
    );
  });

  it('reads `Input:` followed by one `name: value` line per argument, passed in that order', () => {
    const doc = 'Fill.\n    Example 1:\n        Input:\n            grid : [[0, 1]]\n            capacity : 2\n        Output: 1\n';
    assert.deepStrictEqual(extractInlineExamples(doc, 'fill').map((e) => [e.source, e.expected]), [['fill([[0, 1]], 2)', '1']]);
  });

  it("reads examples written for the function's old name only when the file does not define it and it is no builtin", () => {
    const doc = "Grades.\n    Example:\n    grade_equation([4.0, 3]) ==> ['A+', 'B']\n";
    const renamed = extractInlineExamples(doc, 'letter_grades', 'def letter_grades(gpas):\n    pass\n');
    assert.deepStrictEqual(renamed.map((e) => [e.source, e.expected]), [['letter_grades([4.0, 3])', "['A+', 'B']"]]);
    assert.deepStrictEqual(extractInlineExamples(doc, 'letter_grades'), [], "without the file: only the function's own name");
    assert.deepStrictEqual(extractInlineExamples(doc, 'letter_grades', 'def grade_equation(x):\n    pass\n'), [], 'a function the file defines');
    assert.deepStrictEqual(extractInlineExamples('Len.\n    len([1, 2]) == 2\n', 'size', ''), [], 'a builtin');
  });

  it('cleans expected values', () => {
    assert.strictEqual(cleanExpected(' false '), 'False');
    assert.strictEqual(cleanExpected(' [1, 2] # note'), '[1, 2]');
    assert.strictEqual(cleanExpected(" 'a # b'"), "'a # b'");
    assert.strictEqual(cleanExpected('100 - 2 - 3 = 95'), '95');
    assert.strictEqual(cleanExpected("{'a': 1} "), "{'a': 1}");
    assert.strictEqual(cleanExpected('  '), undefined);
  });

  it('every HumanEval canonical solution passes nearly all the examples found in its docstring', async function () {
    this.timeout(120000);
    const sandbox = await Sandbox.start({ workers: 2, limits: { timeoutMs: 3000 } });
    let total = 0;
    let passed = 0;
    let withExamples = 0;
    const failures: string[] = [];
    try {
      for (const p of problems) {
        const ctx = await buildContext({ text: p.prompt, offset: p.prompt.length });
        if (!ctx.fn) {
          continue;
        }
        const specs = await docstringExamples(ctx, sandbox);
        if (specs.length === 0) {
          continue;
        }
        withExamples++;
        sandbox.setModuleSource(await loadModuleSourceForExecution(p.prompt, [{ start: ctx.fn.startOffset, end: ctx.fn.endOffset }]));
        const program = programForSample(ctx, { text: p.canonical_solution, index: 0, finishReason: 'stop' })!;
        const results = await sandbox.runExamples({ program, examples: specs });
        total += results.length;
        passed += results.filter((r) => r.status === 'passed').length;
        results.filter((r) => r.status !== 'passed').forEach((r) => failures.push(`${p.task_id} ${r.source}: ${r.status} ${r.got ?? r.message ?? ''}`));
      }
    } finally {
      sandbox.dispose();
    }
    assert.ok(withExamples >= 145, `examples found in ${withExamples} problems`);
    assert.ok(passed / total >= 0.95, `${passed}/${total} passed; failures:\n${failures.join('\n')}`);
  });
});
