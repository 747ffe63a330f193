import * as assert from 'assert';
import { rankDocCandidates, type RankInput } from '../../../src/core/docstring/rank';
import { docFromChat, docFromCompletion } from '../../../src/core/docstring/samples';
import type { SignatureCheck } from '../../../src/core/docstring/types';
import type { Sample } from '../../../src/core/types';

function sample(text: string, logprobs: number[], finishReason: Sample['finishReason'] = 'stop'): Sample {
  // One token per character keeps the arithmetic easy to follow.
  const tokens = [...text].map((ch, i) => ({ text: ch, logprob: logprobs[i] ?? -1, offset: i }));
  return { text, tokens, finishReason, index: 0 };
}

function check(over: Partial<SignatureCheck> = {}): SignatureCheck {
  const c = { missing: [], invented: [], missingSections: [], extraSections: [], ...over };
  return { ...c, ok: c.missing.length + c.invented.length + c.missingSections.length + c.extraSections.length === 0 };
}

function candidate(index: number, over: Partial<RankInput>): RankInput {
  return { text: `doc ${index}`, index, check: check(), reasons: [], ...over };
}

describe('docstring samples', () => {
  it('cuts a completion at the closing quotes and keeps only the kept tokens', () => {
    const d = docFromCompletion(sample('Add.\n    """\n    return', [-0.5, -0.5, -0.5, -0.5, -0.5, -9, -9, -9, -9, -9, -9, -9]));
    assert.strictEqual(d?.text, 'Add.');
    assert.strictEqual(d?.sample.tokens?.length, 9);
    assert.strictEqual(d?.truncated, false);
  });

  it('dedents a multi-line docstring like inspect.cleandoc', () => {
    const d = docFromCompletion(sample('Add.\n\n    Args:\n        a: A.\n    """', []));
    assert.strictEqual(d?.text, 'Add.\n\nArgs:\n    a: A.');
  });

  it('marks a sample that hit the token limit before closing', () => {
    assert.strictEqual(docFromCompletion(sample('Add two', [], 'length'))?.truncated, true);
  });

  it('ignores an empty docstring', () => {
    assert.strictEqual(docFromCompletion(sample('  \n    """', [])), undefined);
  });

  it('reads a chat reply with fences or a whole function', () => {
    assert.strictEqual(docFromChat({ text: '```\nAdd.\n\nMore.\n```', finishReason: 'stop', index: 0 })?.text, 'Add.\n\nMore.');
    const fn = 'def f(a):\n    """Add.\n\n    Args:\n        a: A.\n    """\n    return a';
    assert.strictEqual(docFromChat({ text: fn, finishReason: 'stop', index: 0 })?.text, 'Add.\n\nArgs:\n    a: A.');
  });
});

describe('docstring ranking', () => {
  it('puts a docstring that invents a parameter last, whatever its score', () => {
    const ranked = rankDocCandidates([
      candidate(0, { meanLogprob: -0.1, check: check({ invented: ['z'] }) }),
      candidate(1, { meanLogprob: -2 }),
      candidate(2, { meanLogprob: -1, check: check({ missing: ['a'] }) }),
    ]);
    assert.deepStrictEqual(ranked.map((c) => c.index), [1, 2, 0]);
    assert.match(ranked[2]!.reasons[0]!, /parameters the signature lacks: z/);
  });

  it('orders by back-translation when measured, else mean log-prob, then backend order', () => {
    const byMean = rankDocCandidates([candidate(0, { meanLogprob: -1 }), candidate(1, { meanLogprob: -0.5 }), candidate(2, {})]);
    assert.deepStrictEqual(byMean.map((c) => c.index), [1, 0, 2]);
    const byBack = rankDocCandidates([
      candidate(0, { meanLogprob: -1, backTranslation: -0.2 }),
      candidate(1, { meanLogprob: -0.5, backTranslation: -0.9 }),
    ]);
    assert.deepStrictEqual(byBack.map((c) => c.index), [0, 1]);
  });

  it('ranks a docstring whose Returns/Raises do not fit the body after one that fits', () => {
    const ranked = rankDocCandidates([
      candidate(0, { meanLogprob: -0.1, check: check({ missingSections: ['Raises ValueError'] }) }),
      candidate(1, { meanLogprob: -0.2, check: check({ extraSections: ['Returns'], missingSections: ['Yields'] }) }),
      candidate(2, { meanLogprob: -0.9 }),
    ]);
    assert.deepStrictEqual(ranked.map((c) => c.index), [2, 0, 1]);
    assert.match(ranked[1]!.reasons.join('; '), /lacks Raises ValueError/);
  });

  it('ranks truncated docstrings after complete ones and merges duplicates', () => {
    const ranked = rankDocCandidates([
      candidate(0, { meanLogprob: -0.1, truncated: true }),
      candidate(1, { meanLogprob: -0.9, text: 'same' }),
      candidate(2, { meanLogprob: -0.3, text: 'same' }),
    ]);
    assert.deepStrictEqual(ranked.map((c) => c.index), [2, 0]);
  });
});
