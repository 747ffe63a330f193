import * as assert from 'assert';
import { scanCode, stripTrailingComment } from '../../../src/core/python/codeScan';

/** The characters scanCode visits, as a string. */
function visited(text: string, tripleQuotes = false): string {
  let out = '';
  scanCode(text, (c) => void (out += c), { tripleQuotes });
  return out;
}

describe('python/codeScan', () => {
  it('visits code only: quotes, string contents and escaped quotes are skipped', () => {
    assert.strictEqual(visited(`f('a,b', "c\\"d") # x`), 'f(, ) # x');
  });

  it('stops where the visitor asks and reports an open quote otherwise', () => {
    assert.deepStrictEqual(scanCode('a(b)c', (c) => c === ')'), { stoppedAt: 3, openQuote: undefined });
    assert.deepStrictEqual(scanCode('x = "abc', () => false), { stoppedAt: -1, openQuote: '"' });
    assert.deepStrictEqual(scanCode('(a)', (c) => c === '(', { start: 1 }), { stoppedAt: -1, openQuote: undefined });
  });

  it('reads triple quotes as one quote only when asked', () => {
    assert.strictEqual(visited('"""a"b"""c', true), 'c');
    assert.strictEqual(visited('"""a"b"""c'), 'b');
    assert.strictEqual(scanCode('s = """doc', () => false, { tripleQuotes: true }).openQuote, '"""');
  });

  it('stripTrailingComment keeps a # inside a string', () => {
    assert.strictEqual(stripTrailingComment(`x = '#' + y  # note`), `x = '#' + y  `);
    assert.strictEqual(stripTrailingComment('no comment'), 'no comment');
  });
});
