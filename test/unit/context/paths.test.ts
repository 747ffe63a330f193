import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { DECISION_CASES, FUNCTION_CASES } from './cases';
import { atCursor, cursors, pythonFixture } from './cursor';

/** The fast path (only the statement around the cursor is parsed) must agree with the whole-file parse. */
describe('buildContext: fast path agrees with the whole-file parse', () => {
  const marked = [...DECISION_CASES, ...FUNCTION_CASES].map((c) => ({ name: c.name, ...atCursor(c.code) }));
  for (const fixture of ['geometry.py', 'tabs.py', 'unicode.py', 'notebook-cell.py', 'broken-elsewhere.py']) {
    const { text, offsets } = cursors(pythonFixture(fixture));
    offsets.forEach((offset, i) => marked.push({ name: `${fixture} #${i}`, text, offset }));
  }
  it(`${marked.length} cursor positions`, async () => {
    for (const { name, text, offset } of marked) {
      const fast = await buildContext({ text, offset });
      const whole = await buildContext({ text, offset, wholeFile: true });
      assert.deepStrictEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(whole)), name);
    }
  });
});

describe('buildContext: typing through a document with key and version', () => {
  it('matches a fresh parse after every keystroke', async () => {
    const { text: final } = atCursor(pythonFixture('geometry.py').replace(/║/g, '') + '║');
    const bodyStart = final.indexOf('total = 0.0');
    const typed = '    acc = [c.area() for c in circles]\n    return sum(acc)\n';
    let version = 0;
    for (let i = 0; i <= typed.length; i += 3) {
      const text = final.slice(0, bodyStart) + typed.slice(0, i) + final.slice(bodyStart);
      const offset = bodyStart + i;
      const incremental = await buildContext({ text, offset, key: 'doc', version: ++version });
      const fresh = await buildContext({ text, offset, wholeFile: true });
      assert.deepStrictEqual(JSON.parse(JSON.stringify(incremental)), JSON.parse(JSON.stringify(fresh)), `after ${i} characters`);
    }
  });
});
