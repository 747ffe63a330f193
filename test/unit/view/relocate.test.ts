import * as assert from 'assert';
import { relocateRange } from '../../../src/core/view/relocate';

/** `║` marks an empty range, `[…]` a non-empty one; returns the text without marks and the range. */
function marked(s: string): { text: string; start: number; end: number } {
  const caret = s.indexOf('║');
  if (caret >= 0) {
    return { text: s.replace('║', ''), start: caret, end: caret };
  }
  const start = s.indexOf('[');
  const end = s.indexOf(']') - 1;
  return { text: s.replace('[', '').replace(']', ''), start, end };
}

/** Relocates the marked range of `before` into `after` and returns `after` with the result marked. */
function relocate(before: string, after: string): string | undefined {
  const { text, start, end } = marked(before);
  const r = relocateRange(text, after, { start, end });
  if (!r) {
    return undefined;
  }
  return r.start === r.end ? after.slice(0, r.start) + '║' + after.slice(r.end)
    : `${after.slice(0, r.start)}[${after.slice(r.start, r.end)}]${after.slice(r.end)}`;
}

describe('view/relocate', () => {
  it('keeps the range when nothing changed', () => {
    assert.strictEqual(relocate('def f():\n    ║\n', 'def f():\n    \n'), 'def f():\n    ║\n');
  });

  it('shifts the range by an edit wholly before it', () => {
    assert.strictEqual(
      relocate('import os\ndef f():\n    ║\n', 'import os\nimport sys\ndef f():\n    \n'),
      'import os\nimport sys\ndef f():\n    ║\n',
    );
    assert.strictEqual(relocate('abc\n[xy]z', 'c\nxyz'), 'c\n[xy]z'); // a deletion before it
  });

  it('keeps the range for an edit wholly after it', () => {
    assert.strictEqual(
      relocate('def f():\n    ║\n\ndef g(): pass\n', 'def f():\n    \n\ndef g(): return 1\n'),
      'def f():\n    ║\n\ndef g(): return 1\n',
    );
  });

  it('refuses an edit inside the range', () => {
    assert.strictEqual(relocate('a[bcd]e', 'abXde'), undefined);
  });

  it('refuses an edit that touches the range at either edge', () => {
    assert.strictEqual(relocate('ab║cd', 'abXcd'), undefined); // typed at the cursor
    assert.strictEqual(relocate('a[bc]d', 'aXbcd'), undefined);
    assert.strictEqual(relocate('a[bc]d', 'abcXd'), undefined);
  });

  it('refuses when edits on both sides span the range', () => {
    assert.strictEqual(relocate('x = 1\n║\ny = 2\n', 'x = 10\n\ny = 20\n'), undefined);
  });

  it('refuses ranges outside the old text', () => {
    assert.strictEqual(relocateRange('abc', 'abc', { start: 2, end: 5 }), undefined);
    assert.strictEqual(relocateRange('abc', 'abc', { start: 2, end: 1 }), undefined);
    assert.strictEqual(relocateRange('abc', 'abc', { start: -1, end: 1 }), undefined);
  });

  it('whatever it returns, the range and the unchanged side read the same in the new text', () => {
    const old = 'def f(a):\n    """Doc."""\n    return a\n\nx = 1\n';
    const range = { start: 25, end: 38 };
    const edits = ['#\n' + old, old + 'y = 2\n', old.replace('x = 1', 'x = 100'), old.slice(3), old.replace('Doc', 'D')];
    for (const now of edits) {
      const r = relocateRange(old, now, range);
      assert.ok(r, now);
      assert.strictEqual(now.slice(r.start, r.end), old.slice(range.start, range.end));
    }
  });
});
