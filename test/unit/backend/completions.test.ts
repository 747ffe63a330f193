import * as assert from 'assert';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { OPTS, PROMPT, backendFor } from './helpers';

describe('backend/completions provider against the test server', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('sends prompt, suffix, n, temperature, top_p, max_tokens, stop, logprobs and seed', async () => {
    server = await startTestServer({ completions: ['    return a + b\n', '    return b + a\n'] });
    const prompt = { ...PROMPT, kind: 'fim' as const, suffix: '\n\nprint(add(1, 2))\n' };
    await backendFor(server).sample(prompt, { ...OPTS, n: 2, seed: 7 });
    const body = server.requests[0]?.body;
    assert.deepStrictEqual(
      { ...body },
      {
        model: 'test-model',
        prompt: PROMPT.text,
        suffix: '\n\nprint(add(1, 2))\n',
        n: 2,
        temperature: 0.8,
        top_p: 0.95,
        max_tokens: 64,
        stop: ['\ndef', '\nclass', '\nif', '\nprint'],
        logprobs: 1,
        seed: 7,
      },
    );
    assert.strictEqual(server.requests[0]?.path, '/v1/completions');
  });

  it('omits suffix and seed when the prompt and options have none', async () => {
    server = await startTestServer();
    await backendFor(server).sample(PROMPT, OPTS);
    const body = server.requests[0]?.body;
    assert.ok(!('suffix' in body) && !('seed' in body), JSON.stringify(body));
  });

  it('reads OpenAI legacy log-prob arrays (text_offset counted from the prompt) into aligned tokens', async () => {
    server = await startTestServer({ completions: ['    return a + b\n'] });
    const [s] = await backendFor(server).sample(PROMPT, OPTS);
    assert.ok(s?.tokens, 'scored');
    assert.strictEqual(s.text, '    return a + b\n');
    assert.strictEqual(s.tokens.map((t) => t.text).join(''), s.text);
    assert.deepStrictEqual(
      s.tokens.map((t) => t.offset),
      [0, 4, 10, 11, 12, 13, 14, 15, 16],
    );
    assert.strictEqual(s.tokens[1]?.logprob, -0.15);
    assert.strictEqual(s.finishReason, 'stop');
    assert.ok(server.requests[0]?.rawBody.includes('"logprobs":1'));
  });

  it("reads llama.cpp's content[] with bytes, where tokens split UTF-8 characters", async () => {
    const text = '    return "héllo → 你好"\n';
    server = await startTestServer({ completions: [text], logprobShape: 'llama' });
    const [s] = await backendFor(server).sample(PROMPT, OPTS);
    assert.ok(s?.tokens);
    assert.strictEqual(s.text, text);
    assert.strictEqual(s.tokens.map((t) => t.text).join(''), text);
    for (const t of s.tokens) {
      assert.strictEqual(text.slice(t.offset, t.offset + t.text.length), t.text);
    }
    // "你" arrives as a lead-byte token (empty text) then the rest (the character).
    const ni = s.tokens.findIndex((t) => t.text === '你');
    assert.strictEqual(s.tokens[ni - 1]?.text, '');
    assert.strictEqual(s.tokens[ni]?.offset, text.indexOf('你'));
  });

  it('marks samples unscored (tokens undefined) when the server sends no log-probs', async () => {
    server = await startTestServer({ completions: ['    return a + b\n'], logprobs: 'omit' });
    const [s] = await backendFor(server).sample(PROMPT, OPTS);
    assert.strictEqual(s?.text, '    return a + b\n');
    assert.strictEqual(s?.tokens, undefined);
  });

  it('returns n samples from one request, in choice order, indexed from 0', async () => {
    server = await startTestServer({ completions: ['    a\n', '    b\n', '    c\n'] });
    const samples = await backendFor(server).sample(PROMPT, { ...OPTS, n: 3 });
    assert.deepStrictEqual(samples.map((s) => [s.index, s.text]), [[0, '    a\n'], [1, '    b\n'], [2, '    c\n']]);
    assert.strictEqual(server.count('completions'), 1);
  });

  it("reports finish reason 'length' when max_tokens cuts the sample", async () => {
    server = await startTestServer({ completions: ['    return a + b\n'] });
    const [s] = await backendFor(server).sample(PROMPT, { ...OPTS, maxTokens: 3 });
    assert.strictEqual(s?.text, '    return ');
    assert.strictEqual(s?.finishReason, 'length');
  });

  it('sends the API key only in the Authorization header', async () => {
    server = await startTestServer({ apiKey: 'sk-test-123456789' });
    await backendFor(server, { apiKey: 'sk-test-123456789' }).sample(PROMPT, OPTS);
    assert.strictEqual(server.requests[0]?.headers.authorization, 'Bearer sk-test-123456789');
    assert.ok(!server.requests[0]?.rawBody.includes('sk-test'));
  });
});
