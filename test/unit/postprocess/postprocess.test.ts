import * as assert from 'assert';
import { postprocess } from '../../../src/core/postprocess';
import { contextAt } from './cursorContext';
import { sampleOf, tilingError } from './tokens';

const DOC = 'def add(a, b):\n    """Add."""\n║\n';

describe('postprocess', () => {
  it('keeps order and indices, dropping only the empty samples', () => {
    const out = postprocess(
      [sampleOf('    return a + b\n', 0), sampleOf('def g():\n', 1), sampleOf('    return b + a', 2)],
      contextAt(DOC),
    );
    assert.deepStrictEqual(out.map((s) => [s.index, s.text]), [[0, '    return a + b'], [2, '    return b + a']]);
  });

  it('only the kept tokens remain, so a mean log-prob scores what is shown', () => {
    const [out] = postprocess([sampleOf('    return a + b\ndef g():\n    return 0\n')], contextAt(DOC));
    assert.ok(out?.tokens);
    assert.strictEqual(tilingError(out), undefined);
    assert.strictEqual(out.tokens.map((t) => t.text).join(''), '    return a + b');
    assert.strictEqual(out.tokens.length, 8);
  });

  it('a CRLF document gets CRLF line endings, from LF or CRLF samples alike', () => {
    const ctx = contextAt('def add(a, b):\r\n    """Add."""\r\n║\r\n');
    for (const raw of ['    s = a + b\n    return s\n\ndef g', '    s = a + b\r\n    return s\r\n\r\ndef g']) {
      const [out] = postprocess([sampleOf(raw)], ctx);
      assert.strictEqual(out?.text, '    s = a + b\r\n    return s');
      assert.strictEqual(tilingError(out), undefined);
    }
  });

  it('a sample without log-probs is post-processed all the same', () => {
    const [out] = postprocess([{ text: '    return 1\nprint(2)', finishReason: 'length', index: 0 }], contextAt(DOC));
    assert.deepStrictEqual(out, { text: '    return 1', finishReason: 'length', index: 0 });
  });

  it('outside a function only the stop sequences cut', () => {
    const [out] = postprocess([sampleOf('x = 1\ny = 2\ndef g():\n')], contextAt('║\n'));
    assert.strictEqual(out?.text, 'x = 1\ny = 2');
  });

  it('cuts at each of the paper’s stop sequences', () => {
    for (const stop of ['\nclass A:', '\ndef g():', '\n# test', '\nif True:', '\nprint(1)']) {
      const [out] = postprocess([sampleOf(`    return a + b\n${stop}\n    pass\n`)], contextAt(DOC));
      assert.strictEqual(out?.text, '    return a + b', JSON.stringify(stop));
    }
  });

  it('cuts at the block end: a column-0 assert after the body', () => {
    const [out] = postprocess([sampleOf('    return a + b\n\nassert add(1, 2) == 3\n')], contextAt(DOC));
    assert.strictEqual(out?.text, '    return a + b');
  });

  it('in a method, keeps the body and cuts at the next method', () => {
    const ctx = contextAt('class A:\n    def f(self):\n        """Doc."""\n║\n');
    const [out] = postprocess([sampleOf('        return 1\n    def g(self):\n        pass\n')], ctx);
    assert.strictEqual(out?.text, '        return 1');
  });

  it('a stop word inside a nested helper’s docstring does not cut', () => {
    const body = '    def h():\n        """\nif this\n        """\n    return h()';
    const [out] = postprocess([sampleOf(`${body}\n`)], contextAt(DOC));
    assert.strictEqual(out?.text, body);
  });

  it('a cursor inside an unfinished docstring does not cut at column-0 text in it', () => {
    const ctx = contextAt('def f():\n    """Doc║\n');
    const [out] = postprocess([sampleOf(' line\nif this is prose\n    """\n    return 1\nx = 2')], ctx);
    assert.strictEqual(out?.text, ' line\nif this is prose\n    """\n    return 1');
  });
});
