import * as assert from 'assert';
import { applyEdits, cutAt } from '../../../src/core/postprocess/edits';
import type { Sample } from '../../../src/core/types';
import { sampleOf, tilingError } from './tokens';

describe('postprocess/edits', () => {
  it('a cut drops the tokens past it and keeps the scores of the kept ones', () => {
    const s = sampleOf('    return x\ndef g');
    const out = applyEdits(s, cutAt(12, s.text));
    assert.strictEqual(out.text, '    return x');
    assert.deepStrictEqual(
      out.tokens?.map((t) => [t.text, t.logprob]),
      [['    ', -0.01], ['return', -0.02], [' ', -0.03], ['x', -0.04]],
    );
  });

  it('a cut inside a token keeps the token, shortened to the kept text', () => {
    const s: Sample = {
      text: 'ab\n\ncd',
      tokens: [
        { text: 'ab', offset: 0, logprob: -1 },
        { text: '\n\n', offset: 2, logprob: -2 },
        { text: 'cd', offset: 4, logprob: -3 },
      ],
      finishReason: 'stop',
      index: 0,
    };
    const out = applyEdits(s, cutAt(3, s.text));
    assert.deepStrictEqual(out.tokens, [
      { text: 'ab', offset: 0, logprob: -1 },
      { text: '\n', offset: 2, logprob: -2 },
    ]);
  });

  it('replacements shift the later tokens and re-slice the replaced ones', () => {
    const s = sampleOf('        x = 1\n        y = 2');
    const out = applyEdits(s, [
      { start: 14, end: 22, insert: '\t\t' },
      { start: 0, end: 8, insert: '\t\t' },
    ]);
    assert.strictEqual(out.text, '\t\tx = 1\n\t\ty = 2');
    assert.strictEqual(tilingError(out), undefined);
    assert.deepStrictEqual(out.tokens?.map((t) => t.logprob), s.tokens?.map((t) => t.logprob));
  });

  it('tokens that do not tile the text are clipped, not re-sliced', () => {
    const s: Sample = {
      text: 'abcdef',
      tokens: [
        { text: 'abc', offset: 0, logprob: -1 },
        { text: 'x', offset: 4, logprob: -2 },
      ],
      finishReason: 'length',
      index: 3,
    };
    const out = applyEdits(s, cutAt(2, s.text));
    assert.deepStrictEqual(out, { ...s, text: 'ab', tokens: [{ text: 'ab', offset: 0, logprob: -1 }] });
  });

  it('a sample without tokens stays without tokens', () => {
    const out = applyEdits({ text: 'abc', finishReason: 'stop', index: 0 }, cutAt(1, 'abc'));
    assert.deepStrictEqual(out, { text: 'a', finishReason: 'stop', index: 0 });
  });

  it('no edits return the same object', () => {
    const s = sampleOf('abc');
    assert.strictEqual(applyEdits(s, []), s);
  });
});
