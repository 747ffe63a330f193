import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { findDefinitions } from '../../../src/core/python/functionInfo';
import { loadModuleSourceForExecution, moduleSourceForExecution } from '../../../src/core/python/moduleSource';
import { getParser, parseDocument } from '../../../src/core/python/parser';
import { cleandoc } from '../../../src/core/python/stringLiteral';
import { pointAt, textEdit } from '../../../src/core/python/textEdit';
import { cursors, pythonFixture } from './cursor';

/** A small deterministic PRNG so the random edits are the same on every run. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('python/parser', () => {
  it('initialises once', async () => {
    assert.strictEqual(await getParser(), await getParser());
  });

  it('reuses the cached tree for the same key and text', async () => {
    const a = await parseDocument('x = 1\n', { key: 'same', version: 1 });
    const b = await parseDocument('x = 1\n', { key: 'same', version: 2 });
    assert.strictEqual(a, b);
  });

  it('incremental re-parses equal fresh parses through random edits (unicode, CRLF, deletions)', async () => {
    const parser = await getParser();
    const random = prng(7);
    const inserts = ['x', '\n', '    ', '(', ')', '"""', 'é', '📐', '\r\n', 'def g():\n    pass\n', ':'];
    let text = cursors(pythonFixture('geometry.py')).text;
    for (let round = 0; round < 60; round++) {
      const at = Math.floor(random() * text.length);
      if (random() < 0.4) {
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 5)));
      } else {
        text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + text.slice(at);
      }
      const incremental = await parseDocument(text, { key: 'random-edits', version: round });
      const fresh = parser.parse(text)!;
      assert.strictEqual(incremental.rootNode.toString(), fresh.rootNode.toString(), `round ${round}`);
      fresh.delete();
    }
  });
});

describe('python/textEdit', () => {
  it('describes a one-character insertion', () => {
    const edit = textEdit('ab\ncd', 'ab\ncxd');
    assert.deepStrictEqual(
      [edit.startIndex, edit.oldEndIndex, edit.newEndIndex, edit.startPosition, edit.oldEndPosition, edit.newEndPosition],
      [4, 4, 5, { row: 1, column: 1 }, { row: 1, column: 1 }, { row: 1, column: 2 }],
    );
  });

  it('describes a deletion across lines', () => {
    const edit = textEdit('a\nb\nc', 'a\nc');
    assert.deepStrictEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], [2, 4, 2]);
    assert.deepStrictEqual(edit.oldEndPosition, { row: 2, column: 0 });
  });

  it('finds the change in texts longer than its comparison chunks', () => {
    const big = 'x = 1\n'.repeat(3000);
    const edited = big.slice(0, 9001) + 'y' + big.slice(9001);
    const edit = textEdit(big, edited);
    assert.deepStrictEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], [9001, 9001, 9002]);
    assert.deepStrictEqual(edit.startPosition, pointAt(big, 9001));
  });

  it('never splits a surrogate pair', () => {
    const edit = textEdit('a📐b', 'a📏b');
    assert.strictEqual(edit.startIndex, 1);
    assert.strictEqual(edit.oldEndIndex, 3);
  });
});

describe('python/stringLiteral cleandoc', () => {
  it('behaves like inspect.cleandoc', () => {
    assert.strictEqual(cleandoc('  First.\n\n      Indented.\n    Body.\n    '), 'First.\n\n  Indented.\nBody.');
    assert.strictEqual(cleandoc('\n    Only body.\n    '), 'Only body.');
  });
});

describe('python/functionInfo findDefinitions', () => {
  it('lists functions and classes with nesting, signatures and docstrings', async () => {
    const defs = await findDefinitions(cursors(pythonFixture('geometry.py')).text);
    assert.deepStrictEqual(
      defs.map((d) => [d.kind, d.nesting.concat(d.name).join('.')]),
      [
        ['function', 'clamp'],
        ['class', 'Circle'],
        ['function', 'Circle.area'],
        ['function', 'Circle.scaled'],
        ['function', 'Circle.perimeter'],
        ['function', 'total_area'],
      ],
    );
    const clamp = defs[0]!;
    assert.strictEqual(clamp.signature, 'def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:');
    assert.strictEqual(clamp.docstring!.text, 'Limit x to [lo, hi].\n\n>>> clamp(2.0)\n1.0');
    assert.strictEqual(clamp.bodySoFar, '\n    return max(lo, min(hi, x))');
    assert.strictEqual(defs[1]!.signature, 'class Circle:');
    assert.strictEqual(defs[2]!.enclosingClass!.name, 'Circle');
    // total_area's `for` has no body yet: tree-sitter accepts that, Python would not.
    assert.deepStrictEqual(defs.filter((d) => d.hasError).map((d) => d.name), ['total_area']);
  });

  it('flags definitions with syntax errors', async () => {
    const defs = await findDefinitions('def ok():\n    return 1\n\ndef bad(x):\n    return (x\n');
    assert.deepStrictEqual(defs.map((d) => [d.name, d.hasError]), [['ok', false], ['bad', true]]);
  });
});

describe('python/moduleSource moduleSourceForExecution', () => {
  const text = cursors(pythonFixture('geometry.py')).text;

  it('keeps every top-level statement a real import runs; drops the __main__ block and the docstring', async () => {
    const source = await loadModuleSourceForExecution(text);
    assert.ok(source.startsWith('from __future__ import annotations\nimport math\n'));
    assert.ok(source.includes('try:\n    import numpy as np\nexcept ImportError:\n    np = None'));
    assert.ok(source.includes('TAU = 2 * math.pi'));
    assert.ok(source.includes('UNITS: dict[str, float] = {"m": 1.0, "cm": 0.01}'));
    assert.ok(source.includes('@dataclass(frozen=True)\nclass Circle:'));
    assert.ok(source.includes('print("loading geometry")'), 'top-level code runs, as on import (inside the sandbox)');
    assert.ok(!source.includes('__main__'));
    assert.ok(!source.includes('"""Shapes and their measures."""'));
    assert.ok(!source.includes('def total_area'), 'a def with an empty block would not compile');
  });

  it('keeps calls, comprehension tables and TYPE_CHECKING blocks; drops either spelling of the main guard', async () => {
    await getParser();
    const source = moduleSourceForExecution(
      'import re\nPAT = re.compile(r"\\d+")\nT = {c: i for i, c in enumerate("ab")}\nif TYPE_CHECKING:\n    import os\nmain()\n' +
        "if __name__ == '__main__':\n    main()\nif \"__main__\" == __name__:\n    main()\n",
    );
    assert.deepStrictEqual(source.split('\n'), ['import re', 'PAT = re.compile(r"\\d+")', 'T = {c: i for i, c in enumerate("ab")}', 'if TYPE_CHECKING:', '    import os', 'main()']);
  });

  it('leaves out excluded ranges and statements with syntax errors', async () => {
    await getParser();
    const src = 'import os\n\ndef done():\n    return 1\n\ndef being_written():\n    x = (\n\ndef other():\n    return 2\n';
    const start = src.indexOf('def done');
    const source = moduleSourceForExecution(src, [{ start, end: start + 5 }]);
    assert.ok(!source.includes('def done'));
    assert.ok(source.startsWith('import os'));
  });

  it('is valid Python that defines the module functions (checked with real Python)', async () => {
    const source = await loadModuleSourceForExecution(text);
    const out = execFileSync('python3', ['-c', 'import sys; ns = {}; exec(sys.stdin.read(), ns); print(ns["clamp"](2.0), ns["Circle"](2.0).perimeter() > 12)'], {
      input: source,
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.strictEqual(out.trim().split('\n').pop(), '1.0 True', 'the last line (top-level prints come first)');
  });
});
