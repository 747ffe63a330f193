import * as assert from 'assert';
import { abortError, isAbortError, sleep, throwIfAborted } from '../../../src/core/abort';
import { isCancelled } from '../../../src/core/backend';
import { LocalBackendError } from '../../../src/core/backend/local/errors';
import { errorMessage } from '../../../src/core/errorMessage';

describe('abort helpers', () => {
  it('one error shape: the signal’s reason when it is an Error, else an AbortError', () => {
    const plain = new AbortController();
    plain.abort();
    assert.ok(isAbortError(abortError(plain.signal)));
    assert.strictEqual(abortError(plain.signal), plain.signal.reason);
    const why = new Error('closed');
    const custom = new AbortController();
    custom.abort(why);
    assert.strictEqual(abortError(custom.signal), why);
    const odd = new AbortController();
    odd.abort('not an error');
    assert.ok(isAbortError(abortError(odd.signal)));
    assert.throws(() => throwIfAborted(plain.signal), { name: 'AbortError' });
    assert.doesNotThrow(() => throwIfAborted(new AbortController().signal));
    assert.doesNotThrow(() => throwIfAborted(undefined));
  });

  it('sleep resolves, or rejects with the abort error as soon as the signal fires', async () => {
    await sleep(1);
    const c = new AbortController();
    const waiting = sleep(60_000, c.signal);
    c.abort();
    await assert.rejects(waiting, (e: unknown) => e === c.signal.reason && isAbortError(e));
    await assert.rejects(sleep(1, AbortSignal.abort()), { name: 'AbortError' });
  });

  it('isAbortError is not fooled by real failures; isCancelled also knows a backend’s cancellation', () => {
    assert.ok(!isAbortError(new Error('boom')));
    assert.ok(!isAbortError('AbortError'));
    assert.ok(isCancelled(abortError()));
    assert.ok(isCancelled(new LocalBackendError('cancelled', 'Cancelled.')));
    assert.ok(!isCancelled(new LocalBackendError('generation', 'failed')));
  });

  it('errorMessage: an Error’s message, anything else as a string', () => {
    assert.strictEqual(errorMessage(new TypeError('bad')), 'bad');
    assert.strictEqual(errorMessage('plain'), 'plain');
    assert.strictEqual(errorMessage(42), '42');
    assert.strictEqual(errorMessage(undefined), 'undefined');
  });
});
