import * as assert from 'assert';
import { createBackend, isCancelled } from '../../../src/core/backend';
import { freePort, startTestServer, type TestServer } from '../../server/openaiServer';
import { OPTS, PROMPT, backendFor, rejectsWith } from './helpers';

describe('backend faults: every failure is a classified BackendError', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ completions: ['    return a + b\n'] });
  });
  afterEach(async () => server.close());

  it('connection refused names the URL and asks whether the server is running', async () => {
    const port = await freePort();
    const backend = createBackend({ provider: 'completions', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', timeoutMs: 5_000, maxConcurrency: 2 });
    const e = await rejectsWith(backend.sample(PROMPT, OPTS), 'connection');
    assert.match(e.message, new RegExp(`Cannot connect to http://127\\.0\\.0\\.1:${port}/v1.*Is the server running\\?`));
    assert.strictEqual(e.action, 'startServer');
  });

  it('401 is an auth error pointing at the key, and the key never appears in the message', async () => {
    const key = 'sk-wrong-key-0123456789abcdef';
    server.configure({ apiKey: 'sk-right-key' });
    const e = await rejectsWith(backendFor(server, { apiKey: key }).sample(PROMPT, OPTS), 'auth');
    assert.match(e.message, /refused the API key \(401\)/);
    assert.ok(!e.message.includes(key) && !e.message.includes('0123456789abcdef'), e.message);
    assert.strictEqual(e.action, 'setApiKey');
    assert.strictEqual(server.count(), 1, 'auth errors are not retried');
  });

  it('neither messages nor log lines carry the key, even when the server echoes it', async () => {
    const key = 'sk-live-abcdefghijklmnop';
    server.failNext({ fault: 'status', status: 500, body: { error: { message: `upstream rejected Bearer ${key} for ${key}` } } }, 5);
    const lines: string[] = [];
    const backend = backendFor(server, { apiKey: key, maxServerRetries: 1 }, { log: (l) => lines.push(l) });
    const e = await rejectsWith(backend.sample(PROMPT, OPTS), 'server');
    assert.ok(lines.some((l) => l.includes('upstream rejected')), 'the retry was logged with the server message');
    for (const text of [e.message, ...lines]) {
      assert.ok(!text.includes(key) && !text.includes('abcdefghijklmnop'), text);
    }
    assert.match(e.message, /upstream rejected Bearer \*\*\* for \*\*\*/);
  });

  it('403 is an auth error too', async () => {
    server.failNext({ fault: 'status', status: 403, body: { error: { message: 'Project does not have access' } } });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'auth');
    assert.match(e.message, /\(403\): Project does not have access/);
  });

  it('404 names the model and the server', async () => {
    server.configure({ models: ['qwen'] });
    const e = await rejectsWith(backendFor(server, { model: 'no-such-model' }).sample(PROMPT, OPTS), 'notFound');
    assert.ok(e.message.includes('"no-such-model"') && e.message.includes(server.url), e.message);
    assert.strictEqual(e.action, 'openSettings');
  });

  it('a 400 that is not about n or logprobs is a badRequest with the server message', async () => {
    server.failNext({ fault: 'status', status: 400, body: { error: { message: 'the prompt exceeds the context length of 2048 tokens' } } });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'badRequest');
    assert.match(e.message, /rejected the request \(400\): the prompt exceeds the context length of 2048 tokens/);
    assert.strictEqual(server.count(), 1);
  });

  it('429 with Retry-After: waits and retries, then succeeds', async () => {
    server.failNext({ fault: 'status', status: 429, headers: { 'retry-after': '0.05' } });
    const [s] = await backendFor(server).sample(PROMPT, OPTS);
    assert.strictEqual(s?.text, '    return a + b\n');
    assert.strictEqual(server.count(), 2);
  });

  it('429 asking for longer than the cap fails at once with rateLimit', async () => {
    server.failNext({ fault: 'status', status: 429, headers: { 'retry-after': '120' } });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'rateLimit');
    assert.match(e.message, /rate-limiting.*wait 120 s/);
    assert.strictEqual(server.count(), 1, 'no hammering');
  });

  it('a long Retry-After also holds back later calls on the same backend (nothing sent until it passes)', async () => {
    server.failNext({ fault: 'status', status: 429, headers: { 'retry-after': '120' } });
    const backend = backendFor(server);
    await rejectsWith(backend.sample(PROMPT, OPTS), 'rateLimit');
    const e = await rejectsWith(backend.sample(PROMPT, OPTS), 'rateLimit');
    assert.match(e.message, /asked for a pause \(429\); 1[12]\d s left/);
    assert.strictEqual(server.count(), 1);
  });

  it('429 repeated gives up after the attempt limit', async () => {
    server.failNext({ fault: 'status', status: 429, headers: { 'retry-after-ms': '10' } }, 5);
    const e = await rejectsWith(backendFor(server, { maxRateLimitAttempts: 3 }).sample(PROMPT, OPTS), 'rateLimit');
    assert.match(e.message, /Gave up after 3 attempts/);
    assert.strictEqual(server.count(), 3);
  });

  it('5xx is retried a bounded number of times and then reported as server', async () => {
    server.failNext({ fault: 'status', status: 500, body: { error: { message: 'llama_decode failed' } } }, 10);
    const e = await rejectsWith(backendFor(server, { maxServerRetries: 2 }).sample(PROMPT, OPTS), 'server');
    assert.match(e.message, /failed with 500: llama_decode failed/);
    assert.strictEqual(server.count(), 3);
  });

  it('a 5xx followed by success is invisible to the caller', async () => {
    server.failNext({ fault: 'status', status: 503 });
    const samples = await backendFor(server).sample(PROMPT, OPTS);
    assert.strictEqual(samples.length, 1);
  });

  it('an HTML 502 page says so instead of dumping the page', async () => {
    server.failNext({ fault: 'html', status: 502 }, 3);
    const e = await rejectsWith(backendFor(server, { maxServerRetries: 0 }).sample(PROMPT, OPTS), 'server');
    assert.match(e.message, /failed with 502: an HTML error page instead of JSON/);
    assert.ok(!e.message.includes('<html'), e.message);
  });

  it('an HTML page with status 200 is a badResponse suggesting the base URL', async () => {
    server.failNext({ fault: 'html' });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'badResponse');
    assert.match(e.message, /answered with an HTML page instead of JSON.*\/v1/);
  });

  it('malformed JSON is a badResponse', async () => {
    server.failNext({ fault: 'malformed' });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'badResponse');
    assert.match(e.message, /not valid JSON/);
  });

  it('JSON without choices is a badResponse', async () => {
    server.failNext({ fault: 'status', status: 200, body: { object: 'text_completion', result: 'hi' } });
    const e = await rejectsWith(backendFor(server).sample(PROMPT, OPTS), 'badResponse');
    assert.match(e.message, /without "choices"/);
  });

  it('a hang ends with a timeout naming the limit; the server sees the connection close', async () => {
    server.failNext({ fault: 'hang' });
    const e = await rejectsWith(backendFor(server, { timeoutMs: 300 }).sample(PROMPT, OPTS), 'timeout');
    assert.match(e.message, /did not answer within 300 ms/);
    await server.waitForAborts(1);
  });

  it('a body that stops arriving half-way ends with a timeout too', async () => {
    server.failNext({ fault: 'stall' });
    const e = await rejectsWith(backendFor(server, { timeoutMs: 300 }).sample(PROMPT, OPTS), 'timeout');
    assert.strictEqual(e.action, 'openSettings');
  });

  it('a connection dropped mid-body is retried, then reported as dropped', async () => {
    server.failNext({ fault: 'drop' }, 3);
    const e = await rejectsWith(backendFor(server, { maxServerRetries: 1 }).sample(PROMPT, OPTS), 'dropped');
    assert.match(e.message, /dropped before the answer was complete/);
    assert.strictEqual(server.count(), 2);
  });

  it('a connection reset without an answer is dropped (and a retry recovers)', async () => {
    server.failNext({ fault: 'reset' });
    const samples = await backendFor(server).sample(PROMPT, OPTS);
    assert.strictEqual(samples.length, 1);
    assert.strictEqual(server.count(), 2);
  });

  it('an abort stops the request, rejects as cancelled, and the server sees the close', async () => {
    server.configure({ tokenDelayMs: 1_000 });
    const controller = new AbortController();
    const pending = backendFor(server).sample(PROMPT, OPTS, controller.signal);
    await waitUntil(() => server.count() === 1);
    controller.abort();
    const e = await rejectsWith(pending, 'cancelled');
    assert.ok(isCancelled(e));
    await server.waitForAborts(1);
  });

  it('an abort during a Retry-After wait ends the wait at once', async () => {
    server.failNext({ fault: 'status', status: 429, headers: { 'retry-after': '1.5' } });
    const controller = new AbortController();
    const pending = backendFor(server).sample(PROMPT, OPTS, controller.signal);
    await waitUntil(() => server.count() === 1);
    setTimeout(() => controller.abort(), 20);
    await rejectsWith(pending, 'cancelled');
    assert.strictEqual(server.count(), 1);
  });

  it('an already-aborted signal sends nothing', async () => {
    await rejectsWith(backendFor(server).sample(PROMPT, OPTS, AbortSignal.abort()), 'cancelled');
    assert.strictEqual(server.count(), 0);
  });

  it('an unavailable provider is a classified error too', () => {
    assert.throws(
      () => createBackend({ provider: 'local', baseUrl: '', model: '', timeoutMs: 1, maxConcurrency: 1 }),
      (e: Error & { kind?: string }) => e.kind === 'notFound' && /"local" is not available/.test(e.message),
    );
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
