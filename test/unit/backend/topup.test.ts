import * as assert from 'assert';
import type { BackendNotice } from '../../../src/core/backend';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { OPTS, PROMPT, backendFor, rejectsWith } from './helpers';

const TEXTS = ['    return 1\n', '    return 2\n', '    return 3\n', '    return 4\n', '    return 5\n'];

describe('backend top-up: n samples from servers that give fewer', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('a server that ignores n: one request, then the rest in parallel, all texts kept once', async () => {
    server = await startTestServer({ completions: TEXTS, ignoreN: true, latencyMs: 30 });
    const samples = await backendFor(server).sample(PROMPT, { ...OPTS, n: 5 });
    assert.deepStrictEqual(samples.map((s) => s.index), [0, 1, 2, 3, 4]);
    assert.deepStrictEqual([...samples.map((s) => s.text)].sort(), TEXTS);
    assert.strictEqual(server.count(), 5);
    assert.ok(server.maxInFlight >= 2, `top-up requests ran in parallel (max in flight ${server.maxInFlight})`);
  });

  it('remembers that n is ignored: the next call goes straight to parallel single requests', async () => {
    server = await startTestServer({ ignoreN: true });
    const backend = backendFor(server);
    await backend.sample(PROMPT, { ...OPTS, n: 3 });
    server.reset();
    await backend.sample(PROMPT, { ...OPTS, n: 3 });
    assert.deepStrictEqual(server.requests.map((r) => r.body.n), [1, 1, 1]);
  });

  it('never has more requests in flight than maxConcurrency', async () => {
    server = await startTestServer({ ignoreN: true, latencyMs: 40 });
    const backend = backendFor(server, { maxConcurrency: 2 });
    await backend.sample(PROMPT, { ...OPTS, n: 2 }); // learn that n is ignored
    server.reset();
    const samples = await backend.sample(PROMPT, { ...OPTS, n: 6 });
    assert.strictEqual(samples.length, 6);
    assert.strictEqual(server.maxInFlight, 2);
  });

  it('the limit is shared by concurrent calls on one backend', async () => {
    server = await startTestServer({ ignoreN: true, latencyMs: 40 });
    const backend = backendFor(server, { maxConcurrency: 3 });
    await backend.sample(PROMPT, { ...OPTS, n: 2 });
    server.reset();
    await Promise.all([1, 2, 3].map(() => backend.sample(PROMPT, { ...OPTS, n: 3 })));
    assert.strictEqual(server.count(), 9);
    assert.strictEqual(server.maxInFlight, 3);
  });

  it('400 above the server\'s max n (llama.cpp slots): falls back to requests of that size, says so once', async () => {
    server = await startTestServer({ completions: TEXTS, maxN: 2 });
    const notices: BackendNotice[] = [];
    const backend = backendFor(server, {}, { onNotice: (n) => notices.push(n) });
    const samples = await backend.sample(PROMPT, { ...OPTS, n: 5 });
    assert.strictEqual(samples.length, 5);
    assert.deepStrictEqual([...samples.map((s) => s.text)].sort(), TEXTS);
    assert.deepStrictEqual(server.requests.map((r) => r.body.n), [5, 2, 2, 1]);
    await backend.sample(PROMPT, { ...OPTS, n: 5 });
    assert.deepStrictEqual(notices.map((n) => n.kind), ['nUnsupported']);
    assert.match(notices[0]?.message ?? '', /refused n=5; asking for 2 per request/);
  });

  it('400 on logprobs: retries without them, samples unscored, says so once, and stops asking', async () => {
    server = await startTestServer({ logprobs: 'reject' });
    const notices: BackendNotice[] = [];
    const backend = backendFor(server, {}, { onNotice: (n) => notices.push(n) });
    const [s] = await backend.sample(PROMPT, OPTS);
    assert.strictEqual(s?.tokens, undefined);
    await backend.sample(PROMPT, OPTS);
    assert.deepStrictEqual(server.requests.map((r) => r.body.logprobs), [1, undefined, undefined]);
    assert.deepStrictEqual(notices.map((n) => n.kind), ['logprobsUnsupported']);
    assert.deepStrictEqual(backend.notices, notices);
    assert.strictEqual(backend.scoresSamples, false);
  });

  it('a whole batch failing with 500 (as llama.cpp does on some outputs) is split; good samples survive', async () => {
    let call = 0;
    server = await startTestServer();
    server.setResponder((req) => {
      call++;
      if (req.n > 1) {
        return { fault: 'status', status: 500, body: { error: { code: 500, message: 'Invalid UTF-8 in output', type: 'server_error' } } };
      }
      return call === 4 ? { fault: 'status', status: 500 } : { choices: [`    return ${call}\n`] };
    });
    const notices: BackendNotice[] = [];
    const backend = backendFor(server, { maxServerRetries: 1 }, { onNotice: (n) => notices.push(n) });
    const samples = await backend.sample(PROMPT, { ...OPTS, n: 3 });
    // 2 tries of the batch, then 3 singles without retries, one of which fails.
    assert.deepStrictEqual(server.requests.map((r) => r.body.n), [3, 3, 1, 1, 1]);
    assert.strictEqual(samples.length, 2);
    assert.deepStrictEqual(samples.map((s) => s.index), [0, 1]);
    assert.deepStrictEqual(notices.map((n) => n.kind), ['partialFailure', 'fewerSamples']);
  });

  it('when every split request fails too, the server error is raised', async () => {
    server = await startTestServer();
    server.setResponder(() => ({ fault: 'status', status: 500, body: { error: { message: 'out of memory' } } }));
    const e = await rejectsWith(backendFor(server, { maxServerRetries: 0 }).sample(PROMPT, { ...OPTS, n: 2 }), 'server');
    assert.match(e.message, /out of memory/);
    assert.strictEqual(server.count(), 3);
  });

  it('a server that answers with no choices is a badResponse', async () => {
    server = await startTestServer();
    server.setResponder(() => ({ choices: [] }));
    const e = await rejectsWith(backendFor(server).sample(PROMPT, { ...OPTS, n: 2 }), 'badResponse');
    assert.match(e.message, /without any completions/);
  });

  it('aborting during top-up cancels every request in flight', async () => {
    server = await startTestServer({ ignoreN: true });
    const backend = backendFor(server);
    await backend.sample(PROMPT, { ...OPTS, n: 2 }); // learn that n is ignored
    server.configure({ latencyMs: 2_000 });
    server.reset();
    const controller = new AbortController();
    const pending = backend.sample(PROMPT, { ...OPTS, n: 3 }, controller.signal);
    while (server.count() < 3) {
      await new Promise((r) => setTimeout(r, 5));
    }
    controller.abort();
    await rejectsWith(pending, 'cancelled');
    await server.waitForAborts(3);
  });
});
