import * as assert from 'assert';
import { testConnection, type BackendConfig } from '../../../src/core/backend';
import { freePort, startTestServer, type TestServer, type TestServerOptions } from '../../server/openaiServer';

function configFor(url: string, overrides: Partial<BackendConfig> = {}): BackendConfig {
  return { provider: 'completions', baseUrl: url, model: 'test-model', timeoutMs: 5_000, maxConcurrency: 2, ...overrides };
}

describe('backend connection test', () => {
  let server: TestServer | undefined;
  const start = async (options: TestServerOptions): Promise<TestServer> => {
    server = await startTestServer({ defaultText: '    return a + b\n', ...options });
    return server;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a server that does everything: reachable, model listed, log-probs, n honoured, in one sampling request', async () => {
    const s = await start({ models: ['test-model', 'other'] });
    const v = await testConnection(configFor(s.url));
    assert.strictEqual(v.ok, true);
    assert.deepStrictEqual(v.models, ['test-model', 'other']);
    assert.strictEqual(v.modelKnown, true);
    assert.strictEqual(v.logprobs, true);
    assert.strictEqual(v.samplesPerRequest, 2);
    assert.strictEqual(s.count('completions'), 1);
    const sent = s.requests.find((r) => r.endpoint === 'completions')!;
    assert.strictEqual(sent.body.max_tokens, 1);
    assert.strictEqual(sent.n, 2);
    assert.match(v.lines.join('\n'), /answered\.\nModel "test-model" is listed by the server\.\nLog-probabilities: returned.*\nn: asked for 2 samples in one request and got 2\.$/);
  });

  it('a server that refuses log-probs: the verdict says so, and the rest is still tested', async () => {
    const s = await start({ logprobs: 'reject' });
    const v = await testConnection(configFor(s.url));
    assert.strictEqual(v.ok, true);
    assert.strictEqual(v.logprobs, false);
    assert.strictEqual(v.samplesPerRequest, 2);
    assert.match(v.lines.join('\n'), /Log-probabilities: not returned\. Samples are unscored/);
    assert.strictEqual(s.count('completions'), 2, 'asked again without logprobs');
  });

  it('a server that answers without log-probs (omits them) is told apart from one that returns them', async () => {
    const s = await start({ logprobs: 'omit' });
    const v = await testConnection(configFor(s.url));
    assert.strictEqual(v.logprobs, false);
  });

  it('a server that caps n (400 above one slot) and one that ignores n', async () => {
    const capped = await start({ maxN: 1 });
    const v = await testConnection(configFor(capped.url));
    assert.strictEqual(v.ok, true);
    assert.strictEqual(v.samplesPerRequest, 1);
    assert.strictEqual(v.logprobs, true);
    assert.match(v.lines.at(-1)!, /asked for 2 samples in one request and got 1\. Passk asks for the rest in parallel requests/);
    await capped.close();
    const ignoring = await start({ ignoreN: true });
    const w = await testConnection(configFor(ignoring.url));
    assert.strictEqual(w.samplesPerRequest, 1);
    assert.strictEqual(ignoring.count('completions'), 1);
  });

  it('an unknown model: not ok, and the server’s list is named', async () => {
    const s = await start({ models: ['qwen', 'llama'] });
    const v = await testConnection(configFor(s.url, { model: 'qwne' }));
    assert.strictEqual(v.ok, false);
    assert.strictEqual(v.reachable, true);
    assert.strictEqual(v.modelKnown, false);
    assert.match(v.lines.join('\n'), /Model "qwne" is not known to the server\. It lists: qwen, llama\./);
  });

  it('nothing listening: unreachable, with the connection error in words and no sampling request', async () => {
    const port = await freePort();
    const v = await testConnection(configFor(`http://127.0.0.1:${port}/v1`));
    assert.strictEqual(v.ok, false);
    assert.strictEqual(v.reachable, false);
    assert.strictEqual(v.error?.kind, 'connection');
    assert.match(v.lines[0]!, /Cannot connect to .*Is the server running\?/);
  });

  it('a wrong API key stops at the key', async () => {
    const s = await start({ apiKey: 'right' });
    const v = await testConnection(configFor(s.url, { apiKey: 'wrong' }));
    assert.strictEqual(v.ok, false);
    assert.strictEqual(v.error?.kind, 'auth');
    assert.match(v.lines.join('\n'), /refused the API key \(401\).*Set API Key/);
    assert.ok(!v.lines.join('\n').includes('wrong'), 'the key is not in the words');
  });

  it('the chat endpoint is tested through chat', async () => {
    const s = await start({});
    const v = await testConnection(configFor(s.url, { provider: 'chat' }));
    assert.strictEqual(v.ok, true);
    assert.strictEqual(s.count('chat'), 1);
    assert.strictEqual(v.logprobs, true);
  });
});
