import * as assert from 'assert';
import type { PipelineRequest, PipelineResult } from '../../../src/core/pipeline';
import { parseDocument } from '../../../src/core/python/parser';
import type { CompletionContext, RankedSample } from '../../../src/core/types';
import { CompletionEngine, type DocumentSnapshot, type PipelineRunner } from '../../../src/vscode/engine/completionEngine';
import { CompletionCache, remainders } from '../../../src/vscode/engine/completionCache';
import { AdaptiveDebounce } from '../../../src/vscode/engine/debounce';

function ranked(texts: string[]): RankedSample[] {
  return texts.map((text, i) => ({ sample: { text, finishReason: 'stop', index: i }, rank: i, votes: 1, reasons: [] }));
}

function resultFor(req: PipelineRequest, texts: string[]): PipelineResult {
  const context = { text: req.text, offset: req.offset } as unknown as CompletionContext;
  return { context, samples: ranked(texts).map((r) => r.sample), ranked: ranked(texts) };
}

/** A runner that answers `texts` after `delayMs`, recording requests and aborts. */
function fakeRunner(texts: string[], delayMs = 0) {
  const seen: PipelineRequest[] = [];
  let aborted = 0;
  const run: PipelineRunner = (req, signal) => {
    seen.push(req);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve(resultFor(req, texts)), delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        aborted++;
        const e = new Error('aborted');
        e.name = 'AbortError';
        reject(e);
      });
    });
  };
  return { run, seen, aborted: () => aborted };
}

const doc = (text: string, offset = text.length, version = 1): DocumentSnapshot => ({
  key: 'file:///a.py',
  version,
  languageId: 'python',
  text,
  offset,
});

const HEAD = 'def add(a, b):\n    """Add."""\n    ';

describe('CompletionEngine', () => {
  it('runs the pipeline once and answers the same context from the cache', async () => {
    const r = fakeRunner(['return a + b', 'return b + a']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    const first = await engine.complete(doc(HEAD), new AbortController().signal, true);
    assert.strictEqual(first.source, 'pipeline');
    assert.deepStrictEqual(first.items.map((i) => i.text), ['return a + b', 'return b + a']);
    const second = await engine.complete(doc(HEAD, HEAD.length, 2), new AbortController().signal, false);
    assert.strictEqual(second.source, 'cache');
    assert.strictEqual(r.seen.length, 1);
  });

  it('types through a cached suggestion without a request, keeping rank order', async () => {
    const r = fakeRunner(['return a + b', 'raise ValueError', 'return b + a']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    await engine.complete(doc(HEAD), new AbortController().signal, true);
    const typed = await engine.complete(doc(`${HEAD}ret`), new AbortController().signal, false);
    assert.strictEqual(typed.source, 'typingThrough');
    assert.deepStrictEqual(typed.items.map((i) => i.text), ['urn a + b', 'urn b + a']);
    assert.strictEqual(r.seen.length, 1);
    assert.strictEqual(engine.stats.typingThrough, 1);
  });

  it('asks again when the typed text leaves every cached suggestion', async () => {
    const r = fakeRunner(['return a + b']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    await engine.complete(doc(HEAD), new AbortController().signal, true);
    await engine.complete(doc(`${HEAD}x = `), new AbortController().signal, true);
    assert.strictEqual(r.seen.length, 2);
  });

  it('does not type through when the text after the cursor changed', async () => {
    const r = fakeRunner(['return a + b']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    await engine.complete(doc(HEAD), new AbortController().signal, true);
    const text = `${HEAD}re\n\nX = 1\n`;
    const answer = await engine.complete(doc(text, HEAD.length + 2), new AbortController().signal, true);
    assert.strictEqual(answer.source, 'pipeline');
  });

  it('cancels the request in flight when the context moves on', async () => {
    const r = fakeRunner(['return a + b'], 200);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    const first = engine.complete(doc(HEAD), new AbortController().signal, true);
    await new Promise((res) => setTimeout(res, 20));
    const second = engine.complete(doc(`${HEAD}x`), new AbortController().signal, true);
    assert.strictEqual((await first).source, 'cancelled');
    assert.strictEqual((await second).source, 'pipeline');
    assert.strictEqual(r.aborted(), 1);
    assert.strictEqual(engine.stats.cancelled, 1);
  });

  it('an aborted editor token during the debounce sends nothing', async () => {
    const r = fakeRunner(['return a + b']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 100, adaptiveDebounce: false });
    const controller = new AbortController();
    const pending = engine.complete(doc(HEAD), controller.signal, false);
    controller.abort();
    assert.strictEqual((await pending).source, 'cancelled');
    assert.strictEqual(r.seen.length, 0);
  });

  it('joins an identical request in flight instead of sending a second one', async () => {
    const r = fakeRunner(['return a + b'], 50);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    const [a, b] = await Promise.all([
      engine.complete(doc(HEAD), new AbortController().signal, true),
      engine.complete(doc(HEAD, HEAD.length, 2), new AbortController().signal, true),
    ]);
    assert.strictEqual(a.items.length, 1);
    assert.strictEqual(b.items.length, 1);
    assert.strictEqual(r.seen.length, 1);
  });

  it('forget (a document closed) drops its latest result and frees its parse tree', async () => {
    const r = fakeRunner(['    return 1\n']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    const key = 'file:///closed.py';
    const text = 'def f():\n    pass\n';
    const tree = await parseDocument(text, { key, version: 1 });
    assert.strictEqual(await parseDocument(text, { key, version: 1 }), tree, 'the open document’s tree is cached');
    engine.forget(key);
    assert.notStrictEqual(await parseDocument(text, { key, version: 1 }), tree, 'parsed afresh: the old tree was freed');
    assert.strictEqual(engine.latestResult(key), undefined);
  });

  it('forgets cached answers when reconfigured (settings changed)', async () => {
    const r = fakeRunner(['return a + b']);
    const engine = new CompletionEngine({ run: r.run, maxEntries: 10, debounceMs: 0, adaptiveDebounce: false });
    await engine.complete(doc(HEAD), new AbortController().signal, true);
    engine.reconfigure({ maxEntries: 10, debounceMs: 0, adaptiveDebounce: false, scope: 'new' });
    const again = await engine.complete(doc(HEAD), new AbortController().signal, true);
    assert.strictEqual(again.source, 'pipeline');
    assert.strictEqual(r.seen.length, 2);
  });

  it('passes pipeline errors to the caller', async () => {
    const engine = new CompletionEngine({
      run: () => Promise.reject(new Error('backend down')),
      maxEntries: 10,
      debounceMs: 0,
      adaptiveDebounce: false,
    });
    await assert.rejects(engine.complete(doc(HEAD), new AbortController().signal, true), /backend down/);
  });
});

describe('CompletionCache', () => {
  it('keeps at most maxEntries answers (least recently used dropped)', () => {
    const cache = new CompletionCache(2);
    cache.store('s', 'a', '', ranked(['1']));
    cache.store('s', 'b', '', ranked(['2']));
    cache.lookup('s', 'a', '');
    cache.store('s', 'c', '', ranked(['3']));
    assert.ok(cache.lookup('s', 'a', ''));
    assert.strictEqual(cache.lookup('s', 'b', ''), undefined);
  });

  it('separates scopes', () => {
    const cache = new CompletionCache(5);
    cache.store('one', 'p', 's', ranked(['x']));
    assert.strictEqual(cache.lookup('two', 'p', 's'), undefined);
    assert.strictEqual(cache.lookup('two', 'p' + 'x', 's'), undefined);
  });

  it('remainders drops samples that are fully typed', () => {
    assert.deepStrictEqual(remainders(ranked(['ab', 'abc', 'x']), 'ab').map((r) => r.text), ['c']);
  });
});

describe('AdaptiveDebounce', () => {
  it('starts at the base delay and follows a slow typing rhythm up to 3x', () => {
    let t = 0;
    const d = new AdaptiveDebounce(150, true, () => t);
    assert.strictEqual(d.keystroke(), 150);
    for (let i = 0; i < 20; i++) {
      t += 300;
      d.keystroke();
    }
    assert.strictEqual(d.delayMs(), 390);
    for (let i = 0; i < 20; i++) {
      t += 900;
      d.keystroke();
    }
    assert.strictEqual(d.delayMs(), 450);
  });

  it('ignores pauses and stays fixed when not adaptive', () => {
    let t = 0;
    const d = new AdaptiveDebounce(150, true, () => t);
    d.keystroke();
    t += 5000;
    assert.strictEqual(d.keystroke(), 150);
    const fixed = new AdaptiveDebounce(150, false, () => t);
    t += 10;
    fixed.keystroke();
    t += 10;
    assert.strictEqual(fixed.keystroke(), 150);
  });
});
