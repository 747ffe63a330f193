import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildContext } from '../../../src/core/context/buildContext';
import { loadModuleSourceForExecution } from '../../../src/core/python/moduleSource';
import { extractInlineExamples, programForSample } from '../../../src/core/rank';
import { docstringExamples } from '../../../src/core/rank/execute';
import { cleanExpected, leadingLiteral, paramNames } from '../../../src/core/rank/examples';
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

  it('reads a call that runs over several lines while its brackets are open', () => {
    const p = problem(87);
    const found = extractInlineExamples(docOf(p), p.entry_point, p.prompt, ['lst', 'x']).map((e) => [e.source, e.expected]);
    assert.deepStrictEqual(found[0], ['get_row([ [1,2,3,4,5,6], [1,2,3,4,1,6], [1,2,3,4,5,1] ], 1)', '[(0, 0), (1, 4), (1, 0), (2, 5), (2, 0)]']);
    assert.strictEqual(found.length, 3);
    assert.deepStrictEqual(extractInlineExamples('Sum.\n    f([1,\n       2]) == 3\n', 'f').map((e) => [e.source, e.expected]), [['f([1, 2])', '3']]);
    assert.deepStrictEqual(extractInlineExamples('Sum.\n    f([1,\n    never closed\n', 'f'), [], 'unbalanced: nothing');
  });

  it('reads calls inside prose followed by "should return" (and the like) and a literal, across line breaks', () => {
    const p = problem(99);
    assert.deepStrictEqual(
      extractInlineExamples(docOf(p), p.entry_point, p.prompt, ['value']).map((e) => [e.source, e.expected]),
      [
        ['closest_integer("14.5")', '15'],
        ['closest_integer("-14.5")', '-15'],
      ],
    );
    const doc = 'Doubles.\n    For instance f([1, 2]) returns [2, 4], and f(0) is 0.\n    f(x) is larger than x, f(n) == 0 when n is 0, f(y) should be positive.\n';
    assert.deepStrictEqual(
      extractInlineExamples(doc, 'f', undefined, ['x']).map((e) => [e.source, e.expected]),
      [
        ['f([1, 2])', '[2, 4]'],
        ['f(0)', '0'],
      ],
      'calls on names and non-literal results are prose',
    );
    // A call that begins a line is the line forms' business: the worked sum's answer, not its first term.
    assert.deepStrictEqual(extractInlineExamples('Fruit.\n    f("5 a", 19) -> 19 - 5 = 14\n', 'f').map((e) => e.expected), ['14']);
  });

  it('reads a table of calls with unquoted string arguments as strings, never a lone line nor parameter names', () => {
    const p = problem(80);
    const found = extractInlineExamples(docOf(p), p.entry_point, p.prompt, ['s']).map((e) => [e.source, e.expected]);
    assert.strictEqual(found.length, 6);
    assert.deepStrictEqual(found[2], ["is_happy('abcd')", 'True']);
    assert.deepStrictEqual(extractInlineExamples(docOf(p), p.entry_point, p.prompt), [], 'without the parameters: no reading');
    assert.deepStrictEqual(extractInlineExamples('Check.\n    f(abc) => True\n', 'f', '', ['s']), [], 'one line alone may be prose');
    assert.deepStrictEqual(extractInlineExamples('Check.\n    f(s) => True\n    f(t) => False\n', 'f', '', ['s']), [], 'a parameter name');
    assert.deepStrictEqual(extractInlineExamples('Check.\n    f(ab) => True\n    f(cd) => x\n', 'f', '', ['s']), [], 'a result that is no literal');
    assert.deepStrictEqual(extractInlineExamples('Check.\n    f(ab) => 1\n    f(cd) => 2\n', 'f', 'ab = 3\n', ['s']).map((e) => e.source), [], 'a name the file defines');
    assert.deepStrictEqual(extractInlineExamples('Check.\n    f(ab, c) => 1\n    f(cd, e) => 2\n', 'f', '', ['s']), [], 'another arity');
  });

  it('reads `param = value` lines followed by worked steps and `return value`', () => {
    const p = problem(105);
    assert.deepStrictEqual(
      extractInlineExamples(docOf(p), p.entry_point, p.prompt, ['arr']).map((e) => [e.source, e.expected]),
      [
        ['by_length([2, 1, 1, 4, 5, 8, 2, 3])', '["Eight", "Five", "Four", "Three", "Two", "Two", "One", "One"]'],
        ['by_length([])', '[]'],
        ['by_length([1, -1 , 55])', "['One']"],
      ],
    );
    const doc = 'Add.\n    a = 1\n    b = 2\n    return 3\n\n    b = 5, a = 1\n    -> 1 + 5\n    return = 6\n';
    assert.deepStrictEqual(
      extractInlineExamples(doc, 'add', undefined, ['a', 'b']).map((e) => [e.source, e.expected]),
      [
        ['add(1, 2)', '3'],
        ['add(1, 5)', '6'],
      ],
    );
    assert.deepStrictEqual(extractInlineExamples('Add.\n    a = 1\n    return 3\n', 'add', undefined, ['a', 'b']), [], 'a parameter left out');
    assert.deepStrictEqual(extractInlineExamples('Add.\n    a = 1\n    b = 2\n    so we return 3\n', 'add', undefined, ['a', 'b']), [], 'prose between');
    assert.deepStrictEqual(extractInlineExamples('Add.\n    a = 1\n    b = 2\n    return a + b\n', 'add', undefined, ['a', 'b']), [], 'no literal');
    assert.deepStrictEqual(extractInlineExamples('Add.\n    a = x\n    b = 2\n    return 3\n', 'add', undefined, ['a', 'b']), [], 'a value that is no literal');
  });

  it('reads the literal at the start of a text; names the positional parameters a call passes', () => {
    const cases: [string, string | undefined][] = [
      ['15 and more', '15'],
      ['-15.', '-15'],
      ['15.3 then', '15.3'],
      ['1e3,', '1e3'],
      ["'a b' is it", "'a b'"],
      ['"it\'s" x', '"it\'s"'],
      ["''", "''"],
      ['[1, [2, 3]] and', '[1, [2, 3]]'],
      ["{'a': (1, 2)}.", "{'a': (1, 2)}"],
      ['true.', 'true'],
      ['None', 'None'],
      ['x + 1', undefined],
      ['15abc', undefined],
      ['[1, 2', undefined],
      ["'open", undefined],
    ];
    for (const [text, literal] of cases) {
      assert.strictEqual(leadingLiteral(text), literal, text);
    }
    const positional = (name: string) => ({ name, text: name, kind: 'positional' as const });
    assert.deepStrictEqual(paramNames({ params: [positional('a'), { name: '*', text: '*', kind: 'keyword-only-marker' }, { name: 'k', text: 'k', kind: 'keyword' }] }), ['a']);
    assert.deepStrictEqual(paramNames({ params: [positional('self'), positional('x')], enclosingClass: { name: 'C' } as never }), ['x']);
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
