import * as assert from 'assert';
import { findDocTargets } from '../../../src/core/docstring/targets';

async function targetsAt(marked: string): Promise<Awaited<ReturnType<typeof findDocTargets>>> {
  const start = marked.indexOf('║');
  const text = marked.replace(/║/g, '');
  const second = marked.indexOf('║', start + 1);
  const end = second === -1 ? start : second - 1;
  return findDocTargets(text, { start, end });
}

describe('docstring targets', () => {
  it('takes the innermost definition at the cursor', async () => {
    const [t] = await targetsAt('class C:\n    def m(self, x):\n        def inner(y):\n            return y║\n        return inner\n');
    assert.strictEqual(t?.name, 'inner');
    assert.deepStrictEqual(t?.nesting, ['C', 'm']);
  });

  it('drops self/cls from a method but not from a staticmethod', async () => {
    const [m] = await targetsAt('class C:\n    def m(self, x, *args, y=1, **kw):\n        pass║\n');
    assert.deepStrictEqual(m?.params.map((p) => p.name), ['x', 'args', 'y', 'kw']);
    const [s] = await targetsAt('class C:\n    @staticmethod\n    def s(a, b):\n        pass║\n');
    assert.deepStrictEqual(s?.params.map((p) => p.name), ['a', 'b']);
  });

  it("gives a class its __init__'s parameters", async () => {
    const [c] = await targetsAt('class P║:\n    def __init__(self, x, y=0):\n        self.x = x\n');
    assert.strictEqual(c?.kind, 'class');
    assert.deepStrictEqual(c?.params.map((p) => p.name), ['x', 'y']);
  });

  it('records returns, yields and raised exceptions of the body only', async () => {
    const [t] = await targetsAt(
      'def f(x):║\n    if x < 0:\n        raise ValueError("neg")\n    def g():\n        raise KeyError\n        return 1\n    return x\n',
    );
    assert.strictEqual(t?.returnsValue, true);
    assert.strictEqual(t?.yields, false);
    assert.deepStrictEqual(t?.raises, ['ValueError']);
    const [gen] = await targetsAt('def g():║\n    yield 1\n');
    assert.strictEqual(gen?.yields, true);
    assert.strictEqual(gen?.returnsValue, false);
  });

  it('gives each definition whose header is in the selection', async () => {
    const targets = await targetsAt('║def a():\n    pass\n\nclass B:\n    def m(self):\n        pass\n║\ndef c():\n    pass\n');
    assert.deepStrictEqual(targets.map((t) => t.name), ['a', 'B', 'm']);
  });

  it('takes the enclosing definition for a selection inside one body', async () => {
    const targets = await targetsAt('def a(x):\n    y = ║x + 1\n    return y║\n');
    assert.deepStrictEqual(targets.map((t) => t.name), ['a']);
  });

  it('finds nothing outside any definition, and copes with syntax errors elsewhere', async () => {
    assert.deepStrictEqual(await targetsAt('import os\n║x = 1\n'), []);
    const [t] = await targetsAt('def broken(:\n    pass\n\ndef ok(a):\n    return a║\n');
    assert.strictEqual(t?.name, 'ok');
  });

  it('sees an existing docstring', async () => {
    const [t] = await targetsAt('def f():\n    """Doc."""\n    return 1║\n');
    assert.strictEqual(t?.docstring?.text, 'Doc.');
  });
});
