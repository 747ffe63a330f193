import * as assert from 'assert';
import { parsePanelMessage } from '../../../src/core/view/messages';

describe('view/messages: parsePanelMessage', () => {
  it('accepts the webview\'s messages', () => {
    assert.deepStrictEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parsePanelMessage({ type: 'insert', index: 2 }), { type: 'insert', index: 2 });
    assert.deepStrictEqual(parsePanelMessage({ type: 'copy', index: 0, extra: 'x' }), { type: 'copy', index: 0 });
    assert.deepStrictEqual(
      parsePanelMessage({ type: 'rendered', indices: [0, 2, 1], exampleRows: 3, codes: ['a', 'b', 'c'] }),
      { type: 'rendered', indices: [0, 2, 1], exampleRows: 3, codes: ['a', 'b', 'c'] },
    );
    assert.deepStrictEqual(
      parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: 0, codes: ['a'], sections: ['Behaviour clusters\ncluster 0 | 2 samples'] }),
      { type: 'rendered', indices: [0], exampleRows: 0, codes: ['a'], sections: ['Behaviour clusters\ncluster 0 | 2 samples'] },
    );
  });

  it('rejects bad indices', () => {
    for (const index of [-1, 1.5, '1', null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.strictEqual(parsePanelMessage({ type: 'insert', index }), undefined, String(index));
    }
  });

  it('rejects unknown types and non-objects', () => {
    for (const raw of [null, undefined, 'insert', 3, [], { type: 'eval', code: '1' }, { type: 'INSERT', index: 0 }]) {
      assert.strictEqual(parsePanelMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('rejects malformed render reports', () => {
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: 1 }), undefined);
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: ['0'], exampleRows: 1, codes: [] }), undefined);
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: -1, codes: [''] }), undefined);
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: 0, codes: [1] }), undefined);
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: 0, codes: [''], sections: [{ html: '<b>' }] }), undefined);
    assert.strictEqual(parsePanelMessage({ type: 'rendered', indices: [0], exampleRows: 0, codes: [''], sections: 'x' }), undefined);
  });
});
