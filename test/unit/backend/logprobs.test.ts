import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { completeUtf8Length, readContentLogprobs, readLegacyLogprobs, readLogprobs, sliceTokens } from '../../../src/core/backend/logprobs';
import type { TokenLogprob } from '../../../src/core/types';

const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'llama-server-v1-completions-response.json');

/** Every token sits in the text at its offset, offsets never go back. */
function assertAligned(tokens: TokenLogprob[], text: string): void {
  let last = 0;
  for (const t of tokens) {
    assert.ok(t.offset >= last, `offset ${t.offset} after ${last}`);
    assert.strictEqual(text.slice(t.offset, t.offset + t.text.length), t.text);
    last = t.offset;
  }
}

describe('backend/logprobs readers', () => {
  it('reads the real llama-server /v1/completions response: every token, in order, spelling the text', () => {
    const reply = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    assert.strictEqual(reply.choices.length, 3);
    for (const choice of reply.choices) {
      const tokens = readLogprobs(choice.logprobs, choice.text);
      assert.ok(tokens);
      assert.strictEqual(tokens.length, choice.logprobs.content.length);
      assert.strictEqual(tokens.map((t) => t.text).join(''), choice.text);
      assert.deepStrictEqual(tokens.map((t) => t.logprob), choice.logprobs.content.map((c: { logprob: number }) => c.logprob));
      assertAligned(tokens, choice.text);
    }
    const first = readLogprobs(reply.choices[0].logprobs, reply.choices[0].text);
    assert.deepStrictEqual(first?.[6], { text: 'вет', logprob: -4.400028705596924, offset: 27 });
  });

  it('rebuilds characters split across tokens from their bytes (llama.cpp keeps only the valid prefix in `token`)', () => {
    // "é" (c3 a9) split into two tokens; "你" (e4 bd a0) split 1 + 2; an emoji (4 bytes, 2 UTF-16 units) split 2 + 2.
    const text = 'aé你😀!';
    const content = [
      { token: 'a', bytes: [0x61], logprob: -1 },
      { token: '', bytes: [0xc3], logprob: -2 },
      { token: '\ufffd', bytes: [0xa9], logprob: -3 },
      { token: '', bytes: [0xe4], logprob: -4 },
      { token: '\ufffd\ufffd', bytes: [0xbd, 0xa0], logprob: -5 },
      { token: '', bytes: [0xf0, 0x9f], logprob: -6 },
      { token: '\ufffd\ufffd!', bytes: [0x98, 0x80, 0x21], logprob: -7 },
    ];
    const tokens = readContentLogprobs(content, text);
    assert.deepStrictEqual(tokens, [
      { text: 'a', logprob: -1, offset: 0 },
      { text: '', logprob: -2, offset: 1 },
      { text: 'é', logprob: -3, offset: 1 },
      { text: '', logprob: -4, offset: 2 },
      { text: '你', logprob: -5, offset: 2 },
      { text: '', logprob: -6, offset: 3 },
      { text: '😀!', logprob: -7, offset: 3 },
    ]);
  });

  it('falls back to token strings when a server sends no bytes', () => {
    const tokens = readContentLogprobs([{ token: 'ab', logprob: -1 }, { token: 'c', logprob: -2, bytes: null }], 'abc');
    assert.deepStrictEqual(tokens.map((t) => [t.text, t.offset]), [['ab', 0], ['c', 2]]);
  });

  it('stops at a token the text does not contain (e.g. a stop string the server cut off)', () => {
    const tokens = readContentLogprobs([{ token: 'x = 1', logprob: -1 }, { token: '\ndef', logprob: -2 }], 'x = 1');
    assert.deepStrictEqual(tokens, [{ text: 'x = 1', logprob: -1, offset: 0 }]);
  });

  it('reads legacy arrays; text_offset counted from the prompt does not matter', () => {
    const lp = { tokens: ['    ', 'return', ' 1'], token_logprobs: [-0.1, -0.2, -0.3], text_offset: [120, 124, 130] };
    assert.deepStrictEqual(readLegacyLogprobs(lp, '    return 1'), [
      { text: '    ', logprob: -0.1, offset: 0 },
      { text: 'return', logprob: -0.2, offset: 4 },
      { text: ' 1', logprob: -0.3, offset: 10 },
    ]);
  });

  it("reads OpenAI's `bytes:\\x..` tokens for partial characters", () => {
    const lp = { tokens: ['"', 'bytes:\\xe4\\xbd', 'bytes:\\xa0', '"'], token_logprobs: [-1, -2, -3, -4], text_offset: [5, 6, 6, 7] };
    assert.deepStrictEqual(readLegacyLogprobs(lp, '"你"').map((t) => [t.text, t.offset]), [['"', 0], ['', 1], ['你', 1], ['"', 2]]);
  });

  it('uses re-based text_offset when the legacy tokens do not spell the text', () => {
    const lp = { tokens: ['▁return', '▁1'], token_logprobs: [-1, -2], text_offset: [50, 57] };
    assert.deepStrictEqual(readLegacyLogprobs(lp, ' return 1'), [
      { text: ' return', logprob: -1, offset: 0 },
      { text: ' 1', logprob: -2, offset: 7 },
    ]);
  });

  it('skips tokens whose log-prob is null but keeps later offsets right', () => {
    const lp = { tokens: ['a', 'b', 'c'], token_logprobs: [null, -2, -3], text_offset: [0, 1, 2] };
    assert.deepStrictEqual(readLegacyLogprobs(lp, 'abc').map((t) => [t.text, t.offset]), [['b', 1], ['c', 2]]);
  });

  it('returns undefined for a missing or unknown shape (unscored)', () => {
    assert.strictEqual(readLogprobs(null, 'x'), undefined);
    assert.strictEqual(readLogprobs({ something: [] }, 'x'), undefined);
  });

  it('completeUtf8Length keeps an unfinished character out', () => {
    assert.strictEqual(completeUtf8Length(Buffer.from([0x61, 0xe4, 0xbd])), 1);
    assert.strictEqual(completeUtf8Length(Buffer.from([0x61, 0xe4, 0xbd, 0xa0])), 4);
    assert.strictEqual(completeUtf8Length(Buffer.from([0xc3])), 0);
  });

  it('sliceTokens clips tokens to a range and re-bases their offsets', () => {
    const text = '```python\n    return 1\n```';
    const tokens: TokenLogprob[] = [
      { text: '```', logprob: -1, offset: 0 },
      { text: 'python\n  ', logprob: -2, offset: 3 },
      { text: '  return', logprob: -3, offset: 12 },
      { text: ' 1\n', logprob: -4, offset: 20 },
      { text: '```', logprob: -5, offset: 23 },
    ];
    const start = text.indexOf('    return');
    const end = text.lastIndexOf('```');
    const sliced = sliceTokens(tokens, start, end);
    assert.deepStrictEqual(sliced, [
      { text: '  ', logprob: -2, offset: 0 },
      { text: '  return', logprob: -3, offset: 2 },
      { text: ' 1\n', logprob: -4, offset: 10 },
    ]);
    assert.strictEqual(sliced?.map((t) => t.text).join(''), text.slice(start, end));
    assert.strictEqual(sliceTokens(undefined, 0, 1), undefined);
  });
});
