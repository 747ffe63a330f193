import * as assert from 'assert';
import { applyExampleResults, parseExamples } from '../../../src/core/docstring/examples';
import { Sandbox } from '../../../src/core/sandbox';

const GOOGLE = [
  'Add two numbers.',
  '',
  'Args:',
  '    a: First.',
  '    b: Second.',
  '',
  'Examples:',
  '    >>> add(1, 2)',
  '    3',
  '    >>> add(2, 2)',
  '    5',
  '    >>> add(1, None)',
  '    1',
].join('\n');

describe('docstring examples', () => {
  it('parses examples like doctest: continuation lines, output up to a blank line or the next >>>', () => {
    const examples = parseExamples('Doc.\n\n>>> for i in range(2):\n...     print(i)\n0\n1\n\n>>> x = 1\n>>> x\n1');
    assert.deepStrictEqual(
      examples.map((e) => [e.source, e.expected]),
      [
        ['for i in range(2):\n    print(i)', ['0', '1']],
        ['x = 1', []],
        ['x', ['1']],
      ],
    );
  });

  it('keeps passed examples, corrects failed ones and drops errors', () => {
    const { content, report } = applyExampleResults(GOOGLE, [
      { source: 'add(1, 2)', expected: '3', got: '3', status: 'passed' },
      { source: 'add(2, 2)', expected: '5', got: '4', status: 'failed' },
      { source: 'add(1, None)', expected: '1', status: 'error', message: 'TypeError: unsupported operand' },
    ]);
    assert.deepStrictEqual(report, { kept: 1, corrected: 1, dropped: 1 });
    assert.strictEqual(content, GOOGLE.replace('    5\n', '    4\n').replace('\n    >>> add(1, None)\n    1', ''));
  });

  it('removes an Examples section left empty, in Google and NumPy layouts', () => {
    const google = 'Doc.\n\nExamples:\n    >>> f()\n    1\n\nRaises:\n    ValueError: Never.';
    assert.strictEqual(applyExampleResults(google, []).content, 'Doc.\n\nRaises:\n    ValueError: Never.');
    const numpy = 'Doc.\n\nExamples\n--------\n>>> f()\n1';
    assert.strictEqual(applyExampleResults(numpy, [{ source: 'f()', status: 'timeout' }]).content, 'Doc.');
  });

  it('drops an example whose real output has a blank line (doctest would need <BLANKLINE>)', () => {
    const { content } = applyExampleResults('Doc.\n\n>>> show()\nx', [{ source: 'show()', got: 'a\n\nb', status: 'failed' }]);
    assert.strictEqual(content, 'Doc.');
  });

  describe('run in the real sandbox', function () {
    let sandbox: Sandbox;
    before(async function () {
      this.timeout(30000);
      sandbox = await Sandbox.start({ moduleSource: 'import math\n' });
    });
    after(() => sandbox?.dispose());

    it('a wrong expected value ends corrected and a crashing example is dropped', async () => {
      const program = 'def area(r):\n    return round(math.pi * r * r, 2)\n';
      const results = await sandbox.runExamples({ program, docstring: 'Area.\n\n>>> area(1)\n3.14\n>>> area(2)\n12.0\n>>> area("x")\n0' });
      const { content, report } = applyExampleResults('Area.\n\n>>> area(1)\n3.14\n>>> area(2)\n12.0\n>>> area("x")\n0', results);
      assert.strictEqual(content, 'Area.\n\n>>> area(1)\n3.14\n>>> area(2)\n12.57');
      assert.deepStrictEqual(report, { kept: 1, corrected: 1, dropped: 1 });
    });
  });
});
