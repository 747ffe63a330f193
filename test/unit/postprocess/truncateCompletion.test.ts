import * as assert from 'assert';
import { truncateCompletion } from '../../../src/core/postprocess';

describe('truncateCompletion (raw HumanEval completions)', () => {
  it('cuts at each of the paper stop sequences', () => {
    for (const stop of ['\nclass A:', '\ndef g():', '\n# test', '\nif True:', '\nprint(1)']) {
      assert.strictEqual(truncateCompletion(`    return 1\n${stop}\n    pass\n`), '    return 1\n');
    }
  });

  it('cuts at the block end (a column-0 assert) unless asked not to', () => {
    const text = '    return 1\n\nassert f() == 1\n';
    assert.strictEqual(truncateCompletion(text), '    return 1\n');
    assert.strictEqual(truncateCompletion(text, { blockEnd: false }), text);
  });

  it('keeps whitespace and the body untouched', () => {
    const text = '    x = 1\n\n    if x:\n        return x  \n';
    assert.strictEqual(truncateCompletion(text), text);
  });

  it('a def indent of 4 keeps a method body and cuts at the next method', () => {
    const text = '        return 1\n    def g(self):\n        pass\n';
    assert.strictEqual(truncateCompletion(text, { defIndent: '    ' }), '        return 1');
  });

  it('a completion that leaves at once becomes empty', () => {
    assert.strictEqual(truncateCompletion('def g():\n    pass\n'), '');
  });

  it('a stop word inside a docstring of a nested helper does not cut', () => {
    const text = '    def h():\n        """\nif this\n        """\n    return h()\n';
    assert.strictEqual(truncateCompletion(text), text);
  });

  it('custom stop sequences match anywhere', () => {
    assert.strictEqual(truncateCompletion('    return 1  # END\n', { stopSequences: ['# END'] }), '    return 1  ');
  });
});
