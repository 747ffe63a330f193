import * as assert from 'assert';
import { applyEdit, applyEdits, docstringEdit, formatDocstring } from '../../../src/core/docstring/placement';
import { findDocTargets } from '../../../src/core/docstring/targets';

const CURSOR = '║';

/** Puts `content` on the target at the cursor (║) and returns the text with ║ where the cursor ends. */
async function place(marked: string, content: string, eol = '\n'): Promise<string> {
  const offset = marked.indexOf(CURSOR);
  const text = marked.replace(CURSOR, '');
  const [target] = await findDocTargets(text, { start: offset, end: offset });
  assert.ok(target, 'no target at the cursor');
  const edit = docstringEdit(text, target, content, eol);
  const after = applyEdit(text, edit);
  return after.slice(0, edit.cursorOffset) + CURSOR + after.slice(edit.cursorOffset);
}

describe('docstring formatting', () => {
  it('keeps a one-liner on one line', () => {
    assert.strictEqual(formatDocstring('Add two numbers.', '    ', '\n'), '"""Add two numbers."""');
  });

  it('indents the body lines, leaves blank lines empty and closes on its own line', () => {
    assert.strictEqual(
      formatDocstring('Add.\n\nArgs:\n    a: A.\n', '        ', '\r\n'),
      '"""Add.\r\n\r\n        Args:\r\n            a: A.\r\n        """',
    );
  });

  it('makes a docstring with backslashes raw, so examples mean the same', () => {
    assert.strictEqual(formatDocstring("Split.\n\n>>> f('a\\nb')\n2", '', '\n'), 'r"""Split.\n\n>>> f(\'a\\nb\')\n2\n"""');
  });

  it('never lets the content close the literal early', () => {
    assert.strictEqual(formatDocstring('Says """hi""".', '', '\n'), `'''Says """hi""".'''`);
    assert.strictEqual(formatDocstring('Ends in "quote"', '', '\n'), '"""Ends in "quote"\n"""');
  });
});

describe('docstring placement', () => {
  it('goes right after the signature with the body indentation, cursor after it', async () => {
    const out = await place('def add(a, b):\n    return a +║ b\n', 'Add a and b.');
    assert.strictEqual(out, 'def add(a, b):\n    """Add a and b."""║\n    return a + b\n');
  });

  it('follows a multi-line signature, decorators and a return annotation', async () => {
    const out = await place('@cache\ndef add(\n    a: int,\n    b: int,\n) -> int:\n    ║return a + b\n', 'Add.\n\nArgs:\n    a: A.\n    b: B.');
    assert.strictEqual(
      out,
      '@cache\ndef add(\n    a: int,\n    b: int,\n) -> int:\n    """Add.\n\n    Args:\n        a: A.\n        b: B.\n    """║\n    return a + b\n',
    );
  });

  it('uses tabs in a tab-indented method and keeps a header comment on its line', async () => {
    const out = await place('class C:\n\tdef m(self):  # note\n\t\t║return 1\n', 'One.\n\nMore.');
    assert.strictEqual(out, 'class C:\n\tdef m(self):  # note\n\t\t"""One.\n\n\t\tMore.\n\t\t"""║\n\t\treturn 1\n');
  });

  it('keeps CRLF line endings', async () => {
    const out = await place('def f(x):\r\n    ║return x\r\n', 'Same.\n\nReally.', '\r\n');
    assert.strictEqual(out, 'def f(x):\r\n    """Same.\r\n\r\n    Really.\r\n    """║\r\n    return x\r\n');
  });

  it('moves a body written on the header line below the docstring', async () => {
    const out = await place('if True:\n  def f(x): ║return x\n', 'Same.');
    assert.strictEqual(out, 'if True:\n  def f(x):\n    """Same."""║\n    return x\n');
  });

  it('replaces an existing docstring in place', async () => {
    const out = await place('def f(x):\n    """Old\n    text."""\n    return ║x\n', 'New.');
    assert.strictEqual(out, 'def f(x):\n    """New."""║\n    return x\n');
  });

  it('documents a class after its header', async () => {
    const out = await place('class Po║int:\n    def __init__(self, x):\n        self.x = x\n', 'A point.');
    assert.strictEqual(out, 'class Point:\n    """A point."""║\n    def __init__(self, x):\n        self.x = x\n');
  });

  it('applies several edits from one selection at once', async () => {
    const text = 'def a():\n    return 1\n\ndef b():\n    return 2\n';
    const targets = await findDocTargets(text, { start: 0, end: text.length });
    assert.deepStrictEqual(targets.map((t) => t.name), ['a', 'b']);
    const edits = targets.map((t) => docstringEdit(text, t, `Return ${t.name}.`, '\n'));
    assert.strictEqual(
      applyEdits(text, edits),
      'def a():\n    """Return a."""\n    return 1\n\ndef b():\n    """Return b."""\n    return 2\n',
    );
  });
});
