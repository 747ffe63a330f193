import * as assert from 'assert';
import { DEFAULT_CHAT_SYSTEM_PROMPT } from '../../../src/core/backend';
import type { Prompt } from '../../../src/core/types';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { OPTS, backendFor } from './helpers';

const CHAT_PROMPT: Prompt = {
  kind: 'chat',
  text: '',
  stop: ['\ndef'],
  messages: [
    { role: 'system', content: 'Write only the body.' },
    { role: 'user', content: 'def add(a, b):\n    """Add two numbers."""\n' },
  ],
};

describe('backend/chat provider against the test server', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('posts the Prompt\'s messages with n, logprobs: true, and no stop sequences', async () => {
    server = await startTestServer({ completions: ['```python\n    return a + b\n```', 'x'] });
    await backendFor(server, { provider: 'chat' }).sample(CHAT_PROMPT, { ...OPTS, n: 2, seed: 3 });
    const req = server.requests[0];
    assert.strictEqual(req?.path, '/v1/chat/completions');
    assert.deepStrictEqual(req?.body, {
      model: 'test-model',
      messages: CHAT_PROMPT.messages,
      n: 2,
      temperature: 0.8,
      top_p: 0.95,
      max_tokens: 64,
      logprobs: true,
      seed: 3,
    });
  });

  it('adds the default system prompt when the messages have none', async () => {
    server = await startTestServer();
    const prompt: Prompt = { kind: 'chat', text: 'def f():\n', stop: [] };
    await backendFor(server, { provider: 'chat' }).sample(prompt, OPTS);
    assert.deepStrictEqual(server.requests[0]?.body.messages, [
      { role: 'system', content: DEFAULT_CHAT_SYSTEM_PROMPT },
      { role: 'user', content: 'def f():\n' },
    ]);
  });

  it('keeps the code without fences or a repeated signature, with log-probs cut to that part', async () => {
    const reply = 'Sure:\n```python\ndef add(a, b):\n    """Add."""\n    return a + "é"\n```\nDone.';
    server = await startTestServer({ completions: [reply] });
    const [s] = await backendFor(server, { provider: 'chat' }).sample(CHAT_PROMPT, OPTS);
    assert.strictEqual(s?.text, '    return a + "é"\n');
    assert.ok(s?.tokens && s.tokens.length > 0);
    assert.strictEqual(s.tokens.map((t) => t.text).join(''), s.text);
    assert.strictEqual(s.tokens[0]?.offset, 0);
    for (const t of s.tokens) {
      assert.strictEqual(s.text.slice(t.offset, t.offset + t.text.length), t.text);
    }
  });

  it('unscored chat samples when the server sends no log-probs', async () => {
    server = await startTestServer({ completions: ['    return 1\n'], logprobs: 'omit' });
    const [s] = await backendFor(server, { provider: 'chat' }).sample(CHAT_PROMPT, OPTS);
    assert.strictEqual(s?.text, '    return 1\n');
    assert.strictEqual(s?.tokens, undefined);
  });

  it('tops up chat samples from a server that ignores n', async () => {
    server = await startTestServer({ completions: ['    return 1\n', '    return 2\n', '    return 3\n'], ignoreN: true });
    const samples = await backendFor(server, { provider: 'chat' }).sample(CHAT_PROMPT, { ...OPTS, n: 3 });
    assert.deepStrictEqual([...samples.map((s) => s.text)].sort(), ['    return 1\n', '    return 2\n', '    return 3\n']);
    assert.strictEqual(server.count('chat'), 3);
  });
});
