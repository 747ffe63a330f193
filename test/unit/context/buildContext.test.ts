import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import type { CompletionContext } from '../../../src/core/types';
import { DECISION_CASES, FUNCTION_CASES, type ContextCase } from './cases';
import { atCursor } from './cursor';

async function contextOf(c: ContextCase): Promise<CompletionContext> {
  const { text, offset } = atCursor(c.code);
  return buildContext({ text, offset, languageId: c.languageId });
}

function check(c: ContextCase, ctx: CompletionContext): void {
  assert.strictEqual(ctx.decision.kind, c.decision, `decision: ${JSON.stringify(ctx.decision)}`);
  if (c.reason) {
    assert.ok(ctx.decision.kind === 'none' && ctx.decision.reason.includes(c.reason), JSON.stringify(ctx.decision));
  }
  if (c.fn) {
    assert.ok(ctx.fn, 'expected a function at the cursor');
    const { docText, className, ...fields } = c.fn;
    for (const [key, want] of Object.entries(fields)) {
      assert.deepStrictEqual(ctx.fn[key as keyof typeof ctx.fn], want, `fn.${key}`);
    }
    if (docText !== undefined) {
      assert.strictEqual(ctx.fn.docstring?.text, docText);
    }
    if (className !== undefined) {
      assert.strictEqual(ctx.fn.enclosingClass?.name, className);
    }
  }
  if (c.suffixInFunction !== undefined) {
    assert.strictEqual(ctx.suffixInFunction, c.suffixInFunction);
  }
  if (c.suffixAfterStartsWith !== undefined) {
    assert.ok(ctx.suffixAfterFunction.startsWith(c.suffixAfterStartsWith), JSON.stringify(ctx.suffixAfterFunction));
  }
}

describe('buildContext: decisions', () => {
  for (const c of DECISION_CASES) {
    it(c.name, async () => check(c, await contextOf(c)));
  }
});

describe('buildContext: the function at the cursor', () => {
  for (const c of FUNCTION_CASES) {
    it(c.name, async () => check(c, await contextOf(c)));
  }
});

describe('buildContext: invariants', () => {
  it('prefix + suffixInFunction + suffixAfterFunction is the document', async () => {
    for (const c of [...DECISION_CASES, ...FUNCTION_CASES]) {
      const ctx = await contextOf(c);
      assert.strictEqual(ctx.prefix + ctx.suffixInFunction + ctx.suffixAfterFunction, ctx.text, c.name);
      assert.strictEqual(ctx.prefix.length, ctx.offset, c.name);
    }
  });

  it('bodySoFar is the text between the docstring (or the colon) and the cursor', async () => {
    for (const c of [...DECISION_CASES, ...FUNCTION_CASES]) {
      const ctx = await contextOf(c);
      if (ctx.fn && ctx.decision.kind !== 'none') {
        assert.ok(ctx.prefix.endsWith(ctx.fn.bodySoFar), c.name);
        const start = ctx.fn.docstring ? ctx.fn.docstring.endOffset : ctx.text.indexOf(':', ctx.fn.startOffset);
        assert.ok(ctx.offset - ctx.fn.bodySoFar.length >= start, c.name);
      }
    }
  });

  it('rejects an offset outside the text', async () => {
    await assert.rejects(buildContext({ text: 'x = 1\n', offset: 7 }), RangeError);
    await assert.rejects(buildContext({ text: 'x = 1\n', offset: -1 }), RangeError);
  });
});
