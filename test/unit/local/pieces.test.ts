import * as assert from 'assert';
import { findStop } from '../../../src/core/backend/local/stops';
import { defaultThreads } from '../../../src/core/backend/local/threads';
import { cutTokens, TokenTextBuilder } from '../../../src/core/backend/local/tokenText';

/** A byte-level "tokenizer": each token id indexes a byte string; decoding is UTF-8 with U+FFFD for bad bytes. */
function byteVocab(pieces: Buffer[]): (ids: readonly number[]) => string {
  return (ids) => Buffer.concat(ids.map((i) => pieces[i]!)).toString('utf8');
}

describe('local provider pieces', () => {
  describe('defaultThreads', () => {
    it('uses 1 thread on 1–2 cores and about half the cores above, at most 8', () => {
      assert.deepStrictEqual([1, 2, 3, 4, 8, 12, 32].map(defaultThreads), [1, 1, 1, 2, 4, 6, 8]);
    });
  });

  describe('findStop', () => {
    it('finds the earliest of several stops', () => {
      assert.strictEqual(findStop('abc\ndef\nclass', ['\nclass', '\ndef']), 3);
      assert.strictEqual(findStop('abc', ['x', '']), -1);
    });
    it('finds a stop that straddles the already-checked part', () => {
      assert.strictEqual(findStop('return x\nde', ['\ndef'], 9), -1);
      assert.strictEqual(findStop('return x\ndef', ['\ndef'], 11), 8);
    });
  });

  describe('TokenTextBuilder', () => {
    const pieces = [Buffer.from('a'), Buffer.from([0xf0, 0x9f]), Buffer.from([0x98, 0x80]), Buffer.from('b'), Buffer.from([0xe4])];
    const detok = byteVocab(pieces);

    it('gives a character split over tokens to the token that completes it', () => {
      const b = new TokenTextBuilder((ids) => detok(ids));
      assert.deepStrictEqual([0, 1, 2, 3].map((id) => b.push(id, -id)), ['a', '', '😀', 'b']);
      b.finish();
      assert.strictEqual(b.text, 'a😀b');
      assert.deepStrictEqual(b.tokens, [
        { text: 'a', logprob: -0, offset: 0 },
        { text: '', logprob: -1, offset: 1 },
        { text: '😀', logprob: -2, offset: 1 },
        { text: 'b', logprob: -3, offset: 3 },
      ]);
    });

    it('gives bytes that never complete a character to the last token as U+FFFD', () => {
      const b = new TokenTextBuilder((ids) => detok(ids));
      b.push(0, -1);
      b.push(4, -1);
      assert.strictEqual(b.text, 'a');
      b.finish();
      assert.strictEqual(b.text, 'a\uFFFD');
      assert.strictEqual(b.tokens.map((t) => t.text).join(''), b.text);
    });
  });

  describe('cutTokens', () => {
    it('drops tokens after the cut and trims the one that straddles it', () => {
      const tokens = [
        { text: 'ab', logprob: -1, offset: 0 },
        { text: 'cd', logprob: -2, offset: 2 },
        { text: 'ef', logprob: -3, offset: 4 },
      ];
      assert.deepStrictEqual(cutTokens(tokens, 3), [
        { text: 'ab', logprob: -1, offset: 0 },
        { text: 'c', logprob: -2, offset: 2 },
      ]);
      assert.deepStrictEqual(cutTokens(tokens, 0), []);
    });
  });
});
