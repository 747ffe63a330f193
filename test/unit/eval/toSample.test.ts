import * as assert from 'assert';
import { postprocess } from '../../../src/core/postprocess';
import { meanLogprob } from '../../../src/core/rank';
import { toSample } from '../../../src/core/eval/toSample';
import { contextAt } from '../postprocess/cursorContext';

const ctx = contextAt('def f(x):\n    """Double."""\n║\n');

describe('eval/toSample', () => {
  it('aligned token texts keep only the kept tokens after post-processing', () => {
    const s = toSample({
      taskId: 't', index: 3, completion: '    return 2 * x\nprint(f(1))',
      tokens: ['    return', ' 2 * x', '\n', 'print', '(f(1))'], logprobs: [-1, -2, -3, -4, -5],
    });
    const [out] = postprocess([s], ctx);
    assert.strictEqual(out?.text, '    return 2 * x');
    assert.deepStrictEqual(out?.tokens?.map((t) => t.logprob), [-1, -2]);
    assert.strictEqual(out?.index, 3);
  });

  it('bare log-prob numbers score the whole raw completion', () => {
    const s = toSample({ taskId: 't', index: 0, completion: '    return x\nprint(1)', logprobs: [-1, -3] });
    const [out] = postprocess([s], ctx);
    assert.strictEqual(out?.text, '    return x');
    assert.strictEqual(meanLogprob(out!), -2);
  });

  it('a mean log-prob alone becomes the mean; nothing gives an unscored sample', () => {
    assert.strictEqual(meanLogprob(toSample({ taskId: 't', index: 0, completion: '    return x', meanLogprob: -0.7 })), -0.7);
    assert.strictEqual(toSample({ taskId: 't', index: 0, completion: '    return x' }).tokens, undefined);
  });

  it('token texts that do not spell the completion fall back to unaligned scores', () => {
    const s = toSample({ taskId: 't', index: 0, completion: 'abc', tokens: ['x', 'y'], logprobs: [-1, -2] });
    assert.deepStrictEqual(s.tokens?.map((t) => [t.offset, t.text]), [[0, ''], [0, '']]);
  });
});
