import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startTestServer, type TestServer } from '../../server/openaiServer';

const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'llama-server-v1-completions-response.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw protocol JSON, checked field by field
async function post(server: TestServer, endpoint: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.length ? keysDeep(value[0]).map((k) => `[]${k}`) : [];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`.${k}`, ...keysDeep(v).map((sub) => `.${k}${sub}`)]);
  }
  return [];
}

describe('test server: faithful shapes', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it("llama shape: a choice has the same fields as the real llama-server's", async () => {
    server = await startTestServer({ logprobShape: 'llama', completions: ['    return "你好"\n'] });
    const { status, json } = await post(server, 'completions', { model: 'm', prompt: 'def f():\n', logprobs: 1 });
    assert.strictEqual(status, 200);
    const real = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    assert.deepStrictEqual(keysDeep(json.choices[0]).sort(), keysDeep(real.choices[0]).sort());
    // "你" is split: the lead byte's token string is empty, its bytes are real.
    const lead = json.choices[0].logprobs.content.find((c: { bytes: number[] }) => c.bytes[0] === 0xe4);
    assert.deepStrictEqual([lead.token, lead.bytes], ['', [0xe4]]);
  });

  it('OpenAI legacy shape: parallel arrays, text_offset counted from the prompt start', async () => {
    server = await startTestServer({ completions: ['    return 1\n'] });
    const { json } = await post(server, 'completions', { model: 'm', prompt: 'def f():\n', logprobs: 0 });
    assert.strictEqual(json.object, 'text_completion');
    const lp = json.choices[0].logprobs;
    assert.deepStrictEqual(lp.tokens, ['    ', 'return', ' ', '1', '\n']);
    assert.deepStrictEqual(lp.text_offset, [9, 13, 19, 20, 21]);
    assert.strictEqual(lp.token_logprobs.length, 5);
    assert.ok(json.usage.total_tokens > 0);
  });

  it('no log-probs unless asked; chat uses message.content and content[]', async () => {
    server = await startTestServer({ completions: ['a', 'b'] });
    const plain = await post(server, 'completions', { model: 'm', prompt: 'x' });
    assert.strictEqual(plain.json.choices[0].logprobs, null);
    const chat = await post(server, 'chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }], logprobs: true });
    assert.strictEqual(chat.json.object, 'chat.completion');
    assert.deepStrictEqual(chat.json.choices[0].message, { role: 'assistant', content: 'b', refusal: null });
    assert.strictEqual(chat.json.choices[0].logprobs.content[0].token, 'b');
  });

  it('applies stop and max_tokens, lists models, and records requests', async () => {
    server = await startTestServer({ completions: ['    x = 1\n\ndef g():\n', '    a b c d\n'], models: ['m'] });
    const stopped = await post(server, 'completions', { model: 'm', prompt: 'p', stop: ['\ndef'] });
    assert.deepStrictEqual([stopped.json.choices[0].text, stopped.json.choices[0].finish_reason], ['    x = 1\n', 'stop']);
    const cut = await post(server, 'completions', { model: 'm', prompt: 'p', max_tokens: 2 });
    assert.deepStrictEqual([cut.json.choices[0].text, cut.json.choices[0].finish_reason], ['    a', 'length']);
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    assert.deepStrictEqual(models.data.map((m) => m.id), ['m']);
    assert.deepStrictEqual(server.requests.map((r) => r.endpoint), ['completions', 'completions', 'models']);
    assert.strictEqual(server.count(), 2);
  });

  it('maxN answers 400 above it; ignoreN answers one choice', async () => {
    server = await startTestServer({ maxN: 2 });
    const refused = await post(server, 'completions', { model: 'm', prompt: 'p', n: 3 });
    assert.strictEqual(refused.status, 400);
    assert.match(refused.json.error.message, /at most 2/);
    server.configure({ maxN: undefined, ignoreN: true });
    const one = await post(server, 'completions', { model: 'm', prompt: 'p', n: 3 });
    assert.strictEqual(one.json.choices.length, 1);
  });
});
