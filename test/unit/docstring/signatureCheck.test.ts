import * as assert from 'assert';
import { readSections } from '../../../src/core/docstring/sections';
import { checkSignature } from '../../../src/core/docstring/signatureCheck';
import type { Param } from '../../../src/core/types';

function params(...names: string[]): { params: Param[] } {
  return {
    params: names.map((text) => ({
      name: text.replace(/^\*+/, '').split(/[:=]/)[0]!.trim(),
      text,
      kind: text.startsWith('**') ? 'kwargs' : text.startsWith('*') ? 'varargs' : 'positional',
    })),
  };
}

describe('docstring sections', () => {
  it('reads Google Args, Returns and Raises with types and continuation lines', () => {
    const s = readSections(
      'Sum.\n\nArgs:\n    a (int): First.\n        More about a: still a.\n    *rest: Others.\n\nReturns:\n    int: The sum.\n\nRaises:\n    ValueError: Bad.',
    );
    assert.deepStrictEqual(s.params, ['a', 'rest']);
    assert.strictEqual(s.hasReturns, true);
    assert.deepStrictEqual(s.raises, ['ValueError']);
  });

  it('reads NumPy parameters, including `x, y : int` lines', () => {
    const s = readSections(
      'Sum.\n\nParameters\n----------\nx, y : int\n    Coordinates.\n**kwargs\n    Passed on.\n\nReturns\n-------\nint\n    The sum.\n\nRaises\n------\nKeyError\n    Missing.',
    );
    assert.deepStrictEqual(s.params, ['x', 'y', 'kwargs']);
    assert.strictEqual(s.hasReturns, true);
    assert.deepStrictEqual(s.raises, ['KeyError']);
  });

  it('reads reST fields, typed params too', () => {
    const s = readSections('Sum.\n\n:param int a: First.\n:param b: Second.\n:type b: str\n:rtype: int\n:raises ValueError: Bad.');
    assert.deepStrictEqual(s.params, ['a', 'b']);
    assert.strictEqual(s.hasReturns, true);
    assert.deepStrictEqual(s.raises, ['ValueError']);
  });

  it('does not take Returns entries or example lines for parameters', () => {
    const s = readSections('Sum.\n\nReturns:\n    total: the sum.\n\nExamples:\n    >>> f(a=1)\n    1');
    assert.deepStrictEqual(s.params, []);
    assert.strictEqual(s.hasParamSection, false);
  });
});

describe('signature checking', () => {
  it('accepts a docstring that documents exactly the parameters', () => {
    const check = checkSignature('Sum.\n\nArgs:\n    a: A.\n    b: B.', params('a', 'b'), 'google');
    assert.deepStrictEqual(check, { missing: [], invented: [], missingSections: [], extraSections: [], ok: true });
  });

  it('reports an invented parameter', () => {
    const check = checkSignature('Sum.\n\nArgs:\n    a: A.\n    c: C.', params('a'), 'google');
    assert.deepStrictEqual(check.invented, ['c']);
    assert.strictEqual(check.ok, false);
  });

  it('reports missing parameters in sectioned styles only', () => {
    assert.deepStrictEqual(checkSignature('Sum.\n\n:param a: A.', params('a', 'b'), 'rest').missing, ['b']);
    assert.deepStrictEqual(checkSignature('Sum of a and b.', params('a', 'b'), 'plain').missing, []);
    assert.deepStrictEqual(checkSignature('Sum of a and b.', params('a', 'b'), 'numpy').missing, ['a', 'b']);
  });

  it('matches *args and **kwargs written with or without stars', () => {
    const check = checkSignature('F.\n\nArgs:\n    *args: More.\n    kwargs: Options.', params('*args', '**kwargs'), 'google');
    assert.strictEqual(check.ok, true);
  });

  it('still catches an invented name in a plain docstring that grew a section', () => {
    const check = checkSignature('Sum.\n\nArgs:\n    z: Z.', params('a'), 'plain');
    assert.deepStrictEqual(check.invented, ['z']);
  });

  it('ignores parameter markers', () => {
    const check = checkSignature('F.\n\nArgs:\n    a: A.\n    b: B.', {
      params: [
        { name: 'a', text: 'a', kind: 'positional' },
        { name: '/', text: '/', kind: 'positional-only-marker' },
        { name: '*', text: '*', kind: 'keyword-only-marker' },
        { name: 'b', text: 'b', kind: 'keyword' },
      ],
    }, 'google');
    assert.strictEqual(check.ok, true);
  });

  it('asks for Returns when the body returns a value, Yields for a generator, and no Returns otherwise', () => {
    const returns = { ...params('a'), kind: 'function' as const, returnsValue: true, yields: false, raises: [] };
    assert.deepStrictEqual(checkSignature('F.\n\nArgs:\n    a: A.', returns, 'google').missingSections, ['Returns']);
    assert.strictEqual(checkSignature('F.\n\nArgs:\n    a: A.\n\nReturns:\n    int: B.', returns, 'google').ok, true);
    const gen = { ...returns, returnsValue: false, yields: true };
    assert.deepStrictEqual(checkSignature('F.\n\nParameters\n----------\na : int', gen, 'numpy').missingSections, ['Yields']);
    const none = { ...returns, returnsValue: false };
    assert.deepStrictEqual(checkSignature('F.\n\n:param a: A.\n:returns: 1.', none, 'rest').extraSections, ['Returns']);
  });

  it('asks for each exception the body raises itself under Raises', () => {
    const target = { ...params('a'), kind: 'function' as const, returnsValue: false, yields: false, raises: ['ValueError', 'errors.Bad'] };
    const check = checkSignature('F.\n\nArgs:\n    a: A.\n\nRaises:\n    Bad: Sometimes.', target, 'google');
    assert.deepStrictEqual(check.missingSections, ['Raises ValueError']);
  });

  it('asks nothing of a plain docstring or of a class docstring beyond its parameters', () => {
    const fn = { ...params('a'), kind: 'function' as const, returnsValue: true, yields: false, raises: ['ValueError'] };
    assert.strictEqual(checkSignature('Return a, checked.', fn, 'plain').ok, true);
    const cls = { ...params('a'), kind: 'class' as const, returnsValue: false, yields: false, raises: [] };
    assert.strictEqual(checkSignature('A thing.\n\nArgs:\n    a: A.', cls, 'google').ok, true);
  });
});
