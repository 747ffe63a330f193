import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { atCursor, cursors, pythonFixture } from './cursor';

async function at(marked: string, index = 0, languageId?: string) {
  const { text, offsets } = cursors(marked);
  return buildContext({ text, offset: offsets[index]!, languageId });
}

describe('buildContext: parameters and docstrings', () => {
  it('classifies every kind of parameter', async () => {
    const ctx = await at('def f(a, /, b: int = 1, *args: str, c, d=2, **kw) -> None:\n    """Doc."""\n    ║');
    assert.deepStrictEqual(
      ctx.fn!.params.map((p) => [p.name, p.kind, p.annotation, p.default]),
      [
        ['a', 'positional', undefined, undefined],
        ['/', 'positional-only-marker', undefined, undefined],
        ['b', 'positional', 'int', '1'],
        ['args', 'varargs', 'str', undefined],
        ['c', 'keyword', undefined, undefined],
        ['d', 'keyword', undefined, '2'],
        ['kw', 'kwargs', undefined, undefined],
      ],
    );
    assert.deepStrictEqual(ctx.fn!.params.map((p) => p.text)[2], 'b: int = 1');
  });

  it('keyword-only marker', async () => {
    const ctx = await at('def f(a, *, b):\n    ║');
    assert.deepStrictEqual(ctx.fn!.params.map((p) => p.kind), ['positional', 'keyword-only-marker', 'keyword']);
  });

  it('keeps the docstring raw text, quote and offsets, and cleans its text like inspect.cleandoc', async () => {
    const { text, offset } = atCursor('def f():\n    """Title.\n\n        indented\n    last\n    """\n    ║');
    const doc = (await buildContext({ text, offset })).fn!.docstring!;
    assert.strictEqual(doc.quote, '"""');
    assert.strictEqual(doc.text, 'Title.\n\n    indented\nlast');
    assert.strictEqual(text.slice(doc.startOffset, doc.endOffset), doc.raw);
    assert.ok(doc.raw.startsWith('"""Title.') && doc.raw.endsWith('"""'));
  });

  it('an f-string first statement is not a docstring', async () => {
    const ctx = await at('def f(x):\n    f"{x}"\n    ║');
    assert.strictEqual(ctx.fn!.docstring, undefined);
  });
});

describe('buildContext: documents as editors hold them', () => {
  it('CRLF line endings', async () => {
    const marked = 'import os\r\n\r\ndef f(x):\r\n    """Doc.\r\n\r\n    More.\r\n    """\r\n    ║\r\n\r\ndef g():\r\n    pass\r\n';
    const ctx = await at(marked);
    assert.strictEqual(ctx.eol, '\r\n');
    assert.strictEqual(ctx.decision.kind, 'body');
    assert.strictEqual(ctx.fn!.docstring!.text, 'Doc.\n\nMore.');
    assert.strictEqual(ctx.fn!.bodyIndent, '    ');
    assert.strictEqual(ctx.suffixInFunction, '');
    assert.ok(ctx.suffixAfterFunction.startsWith('\r\n\r\ndef g():'));
    assert.deepStrictEqual(ctx.module.imports, ['import os']);
  });

  it('CRLF: the end of the return line is complete', async () => {
    const ctx = await at('def f(x):\r\n    return x║\r\n');
    assert.strictEqual(ctx.decision.kind, 'none');
  });

  it('tabs: indentation unit and body indentation of a method', async () => {
    const ctx = await at(pythonFixture('tabs.py'));
    assert.strictEqual(ctx.decision.kind, 'body');
    assert.strictEqual(ctx.fn!.indentUnit, '\t');
    assert.strictEqual(ctx.fn!.bodyIndent, '\t\t');
    assert.strictEqual(ctx.fn!.defIndent, '\t');
    assert.deepStrictEqual(ctx.fn!.enclosingClass!.methodSignatures, ['def __init__(self, root):']);
  });

  it('unicode names and astral characters keep offsets right', async () => {
    const marked = pythonFixture('unicode.py');
    const ctx = await at(marked);
    assert.strictEqual(ctx.decision.kind, 'body');
    assert.strictEqual(ctx.fn!.name, 'größe');
    assert.deepStrictEqual(ctx.fn!.params.map((p) => p.name), ['länge', 'breite']);
    assert.ok(ctx.fn!.docstring!.text.startsWith('Fläche 📐 eines'));
    assert.strictEqual(ctx.text.slice(ctx.fn!.startOffset, ctx.fn!.startOffset + 9), 'def größe');
    assert.deepStrictEqual(ctx.module.constants, ['GRÜSSE = "👋 hallo"']);
  });

  it('a notebook cell with IPython magics and shell escapes', async () => {
    const ctx = await at(pythonFixture('notebook-cell.py'), 0, 'python');
    assert.strictEqual(ctx.decision.kind, 'body');
    assert.strictEqual(ctx.fn!.name, 'normalize');
    assert.deepStrictEqual(ctx.module.imports, ['import numpy as np']);
  });

  it('syntax errors above and below the function', async () => {
    const ctx = await at(pythonFixture('broken-elsewhere.py'));
    assert.strictEqual(ctx.decision.kind, 'body');
    assert.strictEqual(ctx.fn!.name, 'parse');
    assert.deepStrictEqual(ctx.module.imports, ['import json']);
  });
});

describe('buildContext: a realistic module', () => {
  const marked = pythonFixture('geometry.py');

  it('method after its docstring: class, fields, other methods, module context', async () => {
    const ctx = await at(marked, 0);
    assert.strictEqual(ctx.decision.kind, 'body');
    const cls = ctx.fn!.enclosingClass!;
    assert.strictEqual(cls.header, 'class Circle:');
    assert.deepStrictEqual(cls.decorators, ['@dataclass(frozen=True)']);
    assert.deepStrictEqual(cls.attributes, ['radius: float', 'name: str = field(default="circle")']);
    assert.deepStrictEqual(cls.methodSignatures, [
      'def scaled(\n        self,\n        factor: float,\n    ) -> Circle:',
      'def perimeter(self) -> float:',
    ]);
    assert.deepStrictEqual(ctx.module.imports, [
      'from __future__ import annotations',
      'import math',
      'from dataclasses import dataclass, field',
      'try:\n    import numpy as np\nexcept ImportError:\n    np = None',
    ]);
    assert.deepStrictEqual(ctx.module.constants, ['TAU = 2 * math.pi', 'UNITS: dict[str, float] = {"m": 1.0, "cm": 0.01}', '_cache = {}']);
    assert.deepStrictEqual(
      ctx.module.definitions.map((d) => [d.kind, d.name, d.firstDocLine]),
      [
        ['function', 'clamp', 'Limit x to [lo, hi].'],
        ['function', 'total_area', 'Sum of the areas of circles.'],
      ],
    );
  });

  it('class body after a complete method is not a function body', async () => {
    const ctx = await at(marked, 1);
    assert.strictEqual(ctx.decision.kind, 'none');
    assert.strictEqual(ctx.fn, undefined);
    assert.ok(ctx.module.definitions.some((d) => d.name === 'Circle' && d.firstDocLine === 'A circle given by its radius.'));
  });

  it('inside a for loop of a partly written function', async () => {
    const ctx = await at(marked, 2);
    assert.strictEqual(ctx.decision.kind, 'rest');
    assert.strictEqual(ctx.fn!.name, 'total_area');
    assert.strictEqual(ctx.fn!.bodySoFar, '\n    total = 0.0\n    for c in circles:\n        ');
    assert.ok(ctx.suffixAfterFunction.includes('if __name__ == "__main__":'));
  });
});
