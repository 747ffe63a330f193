import * as assert from 'assert';
import { extractTests, testsOf } from '../../../src/core/modelTests/extract';
import { getParser } from '../../../src/core/python/parser';

/** The tests of one continuation of a prompt ending in `assert `. */
async function tests(continuation: string, fn = 'add'): Promise<string[]> {
  return testsOf(await getParser(), continuation, fn);
}

describe('model-written tests: extraction', () => {
  it('splits a continuation at each line that starts with assert, and prepends the first assert', async () => {
    assert.deepStrictEqual(await tests('add(1, 2) == 3\nassert add(0, 0) == 0\nassert add(-1, 1) == 0, "zero"\n'), [
      'assert add(1, 2) == 3',
      'assert add(0, 0) == 0',
      'assert add(-1, 1) == 0, "zero"',
    ]);
  });

  it('keeps asserts the model indented (CodeT splits at every assert)', async () => {
    assert.deepStrictEqual(await tests('add(1, 2) == 3\n    assert add(2, 2) == 4\n'), ['assert add(1, 2) == 3', 'assert add(2, 2) == 4']);
  });

  it('keeps a test that spans lines inside brackets, and one continued by a backslash', async () => {
    assert.deepStrictEqual(await tests('add(\n    1,\n    2,\n) == 3\nassert add(1, 1) \\\n    == 2\n'), [
      'assert add(\n    1,\n    2,\n) == 3',
      'assert add(1, 1) \\\n    == 2',
    ]);
  });

  it('takes only the first statement of a piece: what follows the test (other code, prose) is cut', async () => {
    assert.deepStrictEqual(await tests('add(1, 2) == 3\nprint("ok")\ndef other():\n    pass\n'), ['assert add(1, 2) == 3']);
    assert.deepStrictEqual(await tests('add(1, 2) == 3  # a comment\n\n# check more\n'), ['assert add(1, 2) == 3']);
  });

  it('accepts a call through an attribute and calls nested in other calls', async () => {
    assert.deepStrictEqual(await tests('m.add(1, 2) == 3\nassert abs(add(1, -3)) == 2\n'), ['assert m.add(1, 2) == 3', 'assert abs(add(1, -3)) == 2']);
  });

  it('drops placeholders, asserts that never call the function, and names that merely contain it', async () => {
    assert.deepStrictEqual(await tests('____ == ____, "test failed"\n\nimport timeit'), []);
    assert.deepStrictEqual(await tests('add(____) == ____\nassert True\nassert adder(1) == 2\nassert "add(1)" == 3\n'), []);
    assert.deepStrictEqual(await tests('add == add\n'), []);
  });

  it('drops what Python would not compile: a line break right after assert, unclosed brackets, a truncated end', async () => {
    assert.deepStrictEqual(await tests('\n    add(1, 2) == 3\nassert \n    add(0, 0) == 0\n'), []);
    assert.deepStrictEqual(await tests('add(1, 2 == 3\n'), []);
    assert.deepStrictEqual(await tests('add(1, 2) == 3\nassert add(1, '), ['assert add(1, 2) == 3']);
    assert.deepStrictEqual(await tests('add(1, 2) = 3\n'), []);
  });

  it('keeps a repeated test once per continuation', async () => {
    assert.deepStrictEqual(await tests('add(1, 2) == 3\nassert add(1, 2) == 3\n'), ['assert add(1, 2) == 3']);
  });

  it('pools continuations: weight = how many wrote the test, most frequent first, at most 5 per continuation, capped', async () => {
    const continuations = [
      'add(1, 2) == 3\nassert add(2, 2) == 4\n',
      'add(2, 2) == 4\n',
      'add(0, 0) == 0\nassert add(1, 1) == 2\nassert add(2, 1) == 3\nassert add(3, 1) == 4\nassert add(4, 1) == 5\nassert add(5, 1) == 6\n',
    ];
    const all = await extractTests(continuations, 'add');
    assert.deepStrictEqual(all[0], { source: 'assert add(2, 2) == 4', weight: 2 });
    assert.deepStrictEqual(
      all.slice(1).map((t) => [t.source, t.weight]),
      [['assert add(1, 2) == 3', 1], ['assert add(0, 0) == 0', 1], ['assert add(1, 1) == 2', 1], ['assert add(2, 1) == 3', 1], ['assert add(3, 1) == 4', 1], ['assert add(4, 1) == 5', 1]],
    );
    assert.ok(!all.some((t) => t.source.includes('add(5, 1)')), 'the sixth test of a continuation is beyond the limit');
    assert.strictEqual((await extractTests(continuations, 'add', { maxTests: 2 })).length, 2);
    assert.strictEqual((await extractTests(continuations, 'add', { perContinuation: 1 })).length, 3);
  });
});
