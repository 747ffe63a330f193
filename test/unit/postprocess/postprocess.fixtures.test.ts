import * as assert from 'assert';
import { postprocess } from '../../../src/core/postprocess';
import { contextAt } from './cursorContext';
import { readCases } from './fixtures';
import { sampleOf, tilingError } from './tokens';

describe('postprocess (cursor-marked fixtures)', () => {
  for (const c of readCases()) {
    it(c.name, () => {
      const out = postprocess([sampleOf(c.sample, 7)], contextAt(c.document));
      if (c.expected === undefined) {
        assert.deepStrictEqual(out, []);
        return;
      }
      assert.strictEqual(out.length, 1);
      const got = out[0]!;
      assert.strictEqual(got.text, c.expected);
      assert.strictEqual(got.index, 7);
      assert.strictEqual(tilingError(got), undefined);
    });
  }
});
