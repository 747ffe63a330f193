import * as assert from 'assert';
import { definedNames, extractCode } from '../../../src/core/backend/chatExtract';

describe('backend/chatExtract: the body out of a chat reply', () => {
  it('takes the first fenced block', () => {
    const reply = 'Here is the body:\n```python\n    return a + b\n```\nIt adds them.';
    assert.strictEqual(extractCode(reply), '    return a + b\n');
  });

  it('keeps an unfenced reply whole, minus leading blank lines', () => {
    assert.strictEqual(extractCode('\n\n    return a + b\n'), '    return a + b\n');
  });

  it('runs an unclosed fence (reply cut by max_tokens) to the end', () => {
    assert.strictEqual(extractCode('```py\n    total = 0\n    for x in xs:'), '    total = 0\n    for x in xs:');
  });

  it('drops a repeated signature and docstring', () => {
    const reply = '```python\ndef add(a: int, b: int) -> int:\n    """Add two numbers."""\n    return a + b\n```';
    assert.strictEqual(extractCode(reply), '    return a + b\n');
  });

  it('drops a multi-line signature, decorators and imports in front of it, and a multi-line docstring', () => {
    const reply = [
      '```python',
      'from typing import List',
      '',
      '@cache',
      'def mean(',
      '    xs: List[float],',
      ') -> float:',
      "    '''Mean of xs.",
      '',
      '    >>> mean([1, 2])',
      '    1.5',
      "    '''",
      '    return sum(xs) / len(xs)',
      '```',
    ].join('\n');
    assert.strictEqual(extractCode(reply), '    return sum(xs) / len(xs)\n');
  });

  it('keeps a helper def that follows other code, and imports not followed by a def', () => {
    const body = '    import math\n    def helper(x):\n        return x\n    return helper(1)\n';
    assert.strictEqual(extractCode('```python\n' + body + '```'), body);
  });

  it('drops an indented repeated signature when the prompt defines that name (a method)', () => {
    const reply = '```python\n    def area(self) -> float:\n        return self.w * self.h\n```';
    const defs = definedNames(['class Rect:\n    def area(self) -> float:\n        """Area."""\n']);
    assert.strictEqual(extractCode(reply, defs), '        return self.w * self.h\n');
    assert.strictEqual(extractCode(reply), '    def area(self) -> float:\n        return self.w * self.h\n');
  });

  it('keeps a signature-only reply empty rather than returning the signature', () => {
    assert.strictEqual(extractCode('```python\ndef f(x):\n```'), '');
  });
});
