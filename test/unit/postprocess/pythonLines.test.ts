import * as assert from 'assert';
import { indentWidth, scanLines, scanState } from '../../../src/core/postprocess/pythonLines';

const logicalFlags = (text: string): boolean[] => scanLines(text).map((l) => l.logical);

describe('postprocess/pythonLines', () => {
  it('lines inside a triple-quoted string are not logical starts', () => {
    assert.deepStrictEqual(logicalFlags('x = """\na\nb"""\ny'), [true, false, false, true]);
  });

  it('escaped quotes do not close a string', () => {
    assert.deepStrictEqual(logicalFlags("s = '''a\\'''\nb'''\nc"), [true, false, true]);
  });

  it('a quote inside a comment opens nothing', () => {
    assert.deepStrictEqual(logicalFlags("x = 1  # don't\ny"), [true, true]);
  });

  it('brackets and backslashes continue a line', () => {
    assert.deepStrictEqual(logicalFlags('f(a,\nb)\nx = 1 + \\\n2\ny'), [true, false, true, false, true]);
  });

  it('an unterminated one-quote string ends at the newline', () => {
    assert.deepStrictEqual(logicalFlags("s = 'abc\nx"), [true, true]);
  });

  it('the state at a cursor inside a docstring carries into the completion', () => {
    const state = scanState('def f():\n    """Doc\n');
    assert.strictEqual(state.quote, '"""');
    assert.deepStrictEqual(scanLines('more\n    """\nx', state).map((l) => l.logical), [false, false, true]);
  });

  it('tabs indent to the next multiple of 8', () => {
    assert.strictEqual(indentWidth('\t'), 8);
    assert.strictEqual(indentWidth('  \t'), 8);
    assert.strictEqual(indentWidth('\t  '), 10);
    assert.strictEqual(indentWidth('    '), 4);
  });
});
