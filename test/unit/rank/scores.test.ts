import * as assert from 'assert';
import { dedupe, meanLogprob, normalizeByTokens, sumLogprob } from '../../../src/core/rank';
import { normalizer, normalizeWithParser } from '../../../src/core/rank/normalize';
import { getParser } from '../../../src/core/python/parser';
import type { Sample } from '../../../src/core/types';

/** A sample whose tokens are its characters in chunks, each with the given log-prob. */
function scored(text: string, logprobs: number[], index = 0): Sample {
  const size = Math.ceil(text.length / logprobs.length);
  return { text, index, finishReason: 'stop', tokens: logprobs.map((logprob, i) => ({ text: text.slice(i * size, (i + 1) * size), logprob, offset: i * size })) };
}

describe('rank: log-prob scores', () => {
  it('averages and sums the kept tokens only', () => {
    const s = scored('abcdef', [-1, -2, -3]);
    assert.strictEqual(meanLogprob(s), -2);
    assert.strictEqual(sumLogprob(s), -6);
    // Post-processing cut the text after "abcd": the third token (offset 4) is no longer shown.
    const cut = { ...s, text: 'abcd' };
    assert.strictEqual(meanLogprob(cut), -1.5);
    assert.strictEqual(sumLogprob(cut), -3);
  });

  it('leaves samples without log-probs unscored', () => {
    assert.strictEqual(meanLogprob({ text: 'x', index: 0, finishReason: 'stop' }), undefined);
    assert.strictEqual(meanLogprob({ text: 'x', index: 0, finishReason: 'stop', tokens: [] }), undefined);
  });
});

describe('rank: duplicate detection', () => {
  const a = '    # add them\n    total = a + b\n\n    return total\n';
  const sameLayoutDiffers = '    total = a+b   # sum\n    return (total)\n';
  const b = '    total = a + b\n    return total\n';
  const c = '    total=a+b\n    return total\n';
  const differentBlocks = ['    for x in xs:\n        y = x\n        z = y\n    return z\n', '    for x in xs:\n        y = x\n    z = y\n    return z\n'];

  async function normalizers(): Promise<[string, (code: string) => string][]> {
    const parser = await getParser();
    return [
      ['tree-sitter', (code) => normalizeWithParser(parser, code)],
      ['tokens', normalizeByTokens],
    ];
  }

  it('treats comments, blank lines and spacing as the same program (both normalizers)', async () => {
    for (const [name, normalize] of await normalizers()) {
      assert.strictEqual(normalize(a), normalize(b), name);
      assert.strictEqual(normalize(b), normalize(c), name);
      assert.notStrictEqual(normalize(b), normalize(sameLayoutDiffers), `${name}: parentheses are code`);
      assert.notStrictEqual(normalize(differentBlocks[0]!), normalize(differentBlocks[1]!), `${name}: indentation is structure`);
      assert.notStrictEqual(normalize("    return '# not a comment'\n"), normalize("    return ''\n"), `${name}: # in a string`);
      assert.notStrictEqual(normalize("    return 'a  b'\n"), normalize("    return 'a b'\n"), `${name}: spaces in a string`);
    }
  });

  it('parses a text once for every normalizer the process makes (rankers, matrix rows and subsets share it)', async () => {
    const parser = await getParser();
    const parse = parser.parse.bind(parser);
    let parses = 0;
    parser.parse = ((...args: Parameters<typeof parse>) => (parses++, parse(...args))) as typeof parser.parse;
    try {
      const text = `    return ${Math.random()}\n`; // not normalized by an earlier test
      const [first, second] = [await normalizer(), await normalizer()];
      const key = first(text);
      assert.strictEqual(second(text), key);
      assert.strictEqual(first(text), key);
      assert.strictEqual(parses, 1);
      assert.strictEqual(key, normalizeWithParser(parser, text), 'the memoized key is the parser\'s');
    } finally {
      parser.parse = parse;
    }
  });

  it('merges duplicates into votes, keeping the best-scored member as representative', async () => {
    const [, [, normalize]] = (await normalizers()) as [unknown, [string, (c: string) => string]];
    const samples = [scored(a, [-2], 0), scored(differentBlocks[0]!, [-0.1], 1), scored(b, [-0.5], 2), { text: c, index: 3, finishReason: 'stop' as const }];
    const groups = dedupe(samples, normalize);
    assert.deepStrictEqual(groups.map((g) => [g.representative.index, g.members.map((m) => m.index)]), [
      [2, [0, 2, 3]],
      [1, [1]],
    ]);
  });
});
