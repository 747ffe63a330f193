import * as assert from 'assert';
import { createBackend, type Backend } from '../../../src/core/backend';
import { modelTestsLogLine, type ModelTestsOptions, type ModelTestsPolicy } from '../../../src/core/modelTests/request';
import { runPipeline, type PipelineOptions, type PipelineResult } from '../../../src/core/pipeline';
import { Sandbox } from '../../../src/core/sandbox';
import { startTestServer, type Fault, type RecordedRequest, type TestServer } from '../../server/openaiServer';

/** A docstring without examples: only the model's tests can tell the samples apart. */
const NO_EXAMPLES = 'def clamp(x, lo, hi):\n    """Limit x to the range from lo to hi."""\n';
const WITH_EXAMPLES = 'def clamp(x, lo, hi):\n    """Limit x to the range from lo to hi.\n\n    >>> clamp(5, 0, 3)\n    3\n    """\n';

/** Index 0 is wrong but the model likes it best; index 1 is right. */
const WRONG = { text: '    return max(lo, x)', logprobs: -0.1 };
const RIGHT = { text: '    return min(hi, max(lo, x))', logprobs: -0.9 };
/** The model's tests, as it continues `assert `. */
const TESTS = ['clamp(5, 0, 3) == 3\nassert clamp(-1, 0, 3) == 0\n', 'clamp(2, 0, 3) == 2\nassert ____ == ____\n'];

const isTestRequest = (r: RecordedRequest): boolean => r.promptText.includes('# check the correctness of clamp\nassert ');

describe('model-written tests in the pipeline (OpenAI-protocol test server, real sandbox)', function () {
  this.timeout(30000);
  let server: TestServer;
  let backend: Backend;
  let sandbox: Sandbox;
  /** What the test request gets: the tests, or a fault. */
  let testReply: { choices: string[] } | Fault;

  before(async () => {
    server = await startTestServer();
    backend = createBackend({ provider: 'completions', baseUrl: server.url, model: 'm', timeoutMs: 10_000, maxConcurrency: 4, maxServerRetries: 0 });
    sandbox = await Sandbox.start({ workers: 2 });
  });
  after(async () => {
    sandbox.dispose();
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    testReply = { choices: TESTS };
    server.setResponder((r) => (isTestRequest(r) ? testReply : { choices: [WRONG, RIGHT] }));
  });

  function options(when: ModelTestsPolicy, extra: Partial<PipelineOptions> = {}, tests: Partial<ModelTestsOptions> = {}): PipelineOptions {
    return {
      backend,
      sampleOptions: { n: 2, temperature: 0.8, topP: 0.95, maxTokens: 64 },
      promptOptions: { style: 'codex' },
      rankOptions: { mode: 'auto' },
      modelTests: { when, n: 2, maxTokens: 100, graceMs: 200, style: 'codex', ...tests },
      sandbox: () => sandbox,
      ...extra,
    };
  }

  const complete = (text: string, opts: PipelineOptions): Promise<PipelineResult> => runPipeline({ text, offset: text.length }, opts);
  const testRequests = (): RecordedRequest[] => server.requests.filter(isTestRequest);

  it('whenNoExamples, no examples: one extra request in CodeT form; its tests pick the right sample over the likelier one', async () => {
    const result = await complete(NO_EXAMPLES, options('whenNoExamples'));
    assert.strictEqual(server.count('completions'), 2);
    const [req] = testRequests();
    assert.ok(req, 'the test request was made');
    assert.ok(req.body.prompt.endsWith('    """Limit x to the range from lo to hi."""\n    pass\n\n# check the correctness of clamp\nassert '), req.body.prompt);
    assert.strictEqual(req.body.n, 2);
    assert.strictEqual(req.body.max_tokens, 100);
    assert.strictEqual(result.modelTests?.status, 'used');
    assert.deepStrictEqual(
      result.modelTests.tests.map((t) => t.source),
      ['assert clamp(5, 0, 3) == 3', 'assert clamp(-1, 0, 3) == 0', 'assert clamp(2, 0, 3) == 2'],
    );
    assert.ok(result.modelTests.tokens > 0, 'the extra tokens are counted');
    assert.strictEqual(modelTestsLogLine(result.modelTests), `model-written tests: used, 3 kept, ${result.modelTests.tokens} extra tokens`);
    assert.strictEqual(result.ranked[0]!.sample.text, RIGHT.text);
    assert.deepStrictEqual(result.ranked[0]!.modelTests, [true, true, true]);
    assert.deepStrictEqual(result.ranked[1]!.modelTests, [false, true, true]);
    assert.ok(result.ranked[0]!.reasons.some((r) => r.startsWith('passed 3/3 model-written tests; consensus set 1 of 2')), result.ranked[0]!.reasons.join('; '));
  });

  it('through the shared limiter: with one request at a time the code samples go first, the tests right after', async () => {
    const serial = createBackend({ provider: 'completions', baseUrl: server.url, model: 'm', timeoutMs: 10_000, maxConcurrency: 1, maxServerRetries: 0 });
    const result = await complete(NO_EXAMPLES, { ...options('whenNoExamples', {}, { graceMs: 2000 }), backend: serial });
    assert.deepStrictEqual(server.requests.map(isTestRequest), [false, true]);
    assert.strictEqual(server.maxInFlight, 1);
    assert.strictEqual(result.modelTests?.status, 'used');
  });

  it('whenNoExamples with examples in the docstring, and off: no extra request', async () => {
    await complete(WITH_EXAMPLES, options('whenNoExamples'));
    assert.strictEqual(server.count('completions'), 1);
    server.reset();
    const off = await complete(NO_EXAMPLES, options('off'));
    assert.strictEqual(server.count('completions'), 1);
    assert.strictEqual(off.modelTests, undefined);
    assert.strictEqual(off.ranked[0]!.sample.text, WRONG.text, 'without tests the likelier sample leads');
  });

  it('always: the extra request even when the docstring has examples', async () => {
    const result = await complete(WITH_EXAMPLES, options('always'));
    assert.strictEqual(testRequests().length, 1);
    assert.strictEqual(result.ranked[0]!.sample.text, RIGHT.text);
  });

  it('no sandbox (execution not allowed) or no model-tests options: no extra request', async () => {
    await complete(NO_EXAMPLES, { ...options('always'), modelTests: undefined });
    assert.strictEqual(server.count('completions'), 1);
  });

  it('a hanging test request: the ranked ghost text comes after the grace period, and the request is cancelled', async () => {
    testReply = { fault: 'hang' };
    const result = await complete(NO_EXAMPLES, options('whenNoExamples'));
    assert.strictEqual(result.modelTests?.status, 'late');
    assert.match(modelTestsLogLine(result.modelTests), /^model-written tests: late, 0 kept, extra tokens unknown \(cancelled before it answered\) \(no answer within 200 ms/);
    assert.strictEqual(result.ranked.length, 2);
    assert.strictEqual(result.ranked[0]!.sample.text, WRONG.text, 'ranked without tests: mean log-prob');
    await server.waitForAborts(1, 5000);
  });

  it('a failing test request (HTTP 500): the samples are still ranked', async () => {
    testReply = { fault: 'status', status: 500, body: { error: { message: 'boom' } } };
    const result = await complete(NO_EXAMPLES, options('whenNoExamples'));
    assert.strictEqual(result.modelTests?.status, 'failed');
    assert.strictEqual(result.ranked.length, 2);
  });

  it('cancelling the completion cancels the test request with it', async () => {
    testReply = { fault: 'hang' };
    server.setResponder((r) => (isTestRequest(r) ? testReply : { fault: 'hang' }));
    const controller = new AbortController();
    const run = complete(NO_EXAMPLES, options('whenNoExamples', { signal: controller.signal }));
    while (server.count('completions') < 2) {
      await new Promise((r) => setTimeout(r, 10));
    }
    controller.abort();
    await assert.rejects(run);
    await server.waitForAborts(2, 5000);
  });

  it('chat backends get the tests asked for in a message, and their asserts are read as written', async () => {
    const chat = createBackend({ provider: 'chat', baseUrl: server.url, model: 'm', timeoutMs: 10_000, maxConcurrency: 4 });
    const isChatTest = (r: RecordedRequest): boolean => r.endpoint === 'chat' && r.promptText.includes('check the correctness of `clamp`');
    server.setResponder((r) => (isChatTest(r) ? { choices: ['```python\nassert clamp(5, 0, 3) == 3\nassert clamp(-1, 0, 3) == 0\n```', 'assert clamp(5, 0, 3) == 3'] } : { choices: [WRONG, RIGHT] }));
    const result = await complete(NO_EXAMPLES, { ...options('whenNoExamples', {}, { style: 'chat' }), backend: chat, promptOptions: { style: 'chat' } });
    assert.strictEqual(server.requests.filter(isChatTest).length, 1);
    assert.deepStrictEqual(result.modelTests?.tests.map((t) => t.source), ['assert clamp(5, 0, 3) == 3', 'assert clamp(-1, 0, 3) == 0']);
    assert.strictEqual(result.ranked[0]!.sample.text, RIGHT.text);
  });
});
