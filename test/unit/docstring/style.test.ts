import * as assert from 'assert';
import { detectStyle, resolveStyle, styleOf } from '../../../src/core/docstring/style';

const google = `def f(a):
    """Do it.

    Args:
        a: The thing.

    Returns:
        The result.
    """
`;
const numpy = `def f(a):
    """Do it.

    Parameters
    ----------
    a : int
        The thing.
    """
`;
const rest = `def f(a):
    """Do it.

    :param a: The thing.
    :returns: The result.
    """
`;
const plain = `def f(a):
    """Do it.

    Longer prose about it, with no sections.
    """
`;

describe('docstring style detection', () => {
  it('classifies each convention from one docstring', () => {
    assert.strictEqual(styleOf('Do it.\n\nArgs:\n    a: The thing.'), 'google');
    assert.strictEqual(styleOf('Do it.\n\nParameters\n----------\na : int'), 'numpy');
    assert.strictEqual(styleOf('Do it.\n\n:param a: The thing.'), 'rest');
    assert.strictEqual(styleOf('Do it.\n\nMore words.'), 'plain');
  });

  it('says nothing about a one-line docstring', () => {
    assert.strictEqual(styleOf('Do it.'), undefined);
  });

  it('detects the style a file uses, by its docstrings', () => {
    assert.strictEqual(detectStyle(google), 'google');
    assert.strictEqual(detectStyle(numpy), 'numpy');
    assert.strictEqual(detectStyle(rest), 'rest');
    assert.strictEqual(detectStyle(plain), 'plain');
  });

  it('lets the majority of sectioned docstrings win, and sections win over prose', () => {
    assert.strictEqual(detectStyle(numpy + numpy + google), 'numpy');
    assert.strictEqual(detectStyle(plain + plain + rest), 'rest');
  });

  it('finds nothing in a file with no docstrings or only one-liners', () => {
    assert.strictEqual(detectStyle('def f():\n    return 1\n'), undefined);
    assert.strictEqual(detectStyle('def f():\n    """One line."""\n'), undefined);
  });

  it('reads single-quoted docstrings and CRLF files', () => {
    assert.strictEqual(detectStyle(numpy.replace(/"""/g, "'''").replace(/\n/g, '\r\n')), 'numpy');
  });

  it('resolves auto to the file style, else the fallback; a fixed setting wins', () => {
    assert.strictEqual(resolveStyle('auto', rest, 'google'), 'rest');
    assert.strictEqual(resolveStyle('auto', 'x = 1\n', 'numpy'), 'numpy');
    assert.strictEqual(resolveStyle('google', rest, 'numpy'), 'google');
  });
});
