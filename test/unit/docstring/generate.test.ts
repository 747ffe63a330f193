import * as assert from 'assert';
import { BackendError, createBackend, type BackendConfig } from '../../../src/core/backend';
import { echoScorerFor } from '../../../src/core/docstring/backTranslate';
import { generateDocstring, type GenerateOptions } from '../../../src/core/docstring/generate';
import { applyEdit } from '../../../src/core/docstring/placement';
import { findDocTargets } from '../../../src/core/docstring/targets';
import { Sandbox } from '../../../src/core/sandbox';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { startEchoServer } from './echoServer';

const OPTS: GenerateOptions = {
  style: 'auto',
  fallbackStyle: 'google',
  ranking: 'meanLogprob',
  examples: true,
  sampling: { n: 3, temperature: 0.8, topP: 0.95, maxTokens: 200 },
  promptKind: 'codex',
};

function config(url: string, provider: BackendConfig['provider'] = 'completions'): BackendConfig {
  return { provider, baseUrl: url, model: 'test-model', timeoutMs: 10000, maxConcurrency: 2 };
}

/** Generates for the definition at the cursor (║) and returns the edited text. */
async function run(server: TestServer, marked: string, opts: Partial<GenerateOptions> = {}, sandbox?: Sandbox) {
  const offset = marked.indexOf('║');
  const text = marked.replace('║', '');
  const [target] = await findDocTargets(text, { start: offset, end: offset });
  assert.ok(target);
  const provider = opts.promptKind === 'chat' ? 'chat' : 'completions';
  const backend = createBackend(config(server.url, provider));
  const result = await generateDocstring({ text, eol: '\n' }, target, { ...OPTS, ...opts }, { backend, sandbox });
  return { result, after: result.edit ? applyEdit(text, result.edit) : text };
}

describe('generate docstring (test server, real sandbox)', function () {
  this.timeout(30000);
  let server: TestServer;
  let sandbox: Sandbox;
  before(async () => {
    server = await startTestServer();
    sandbox = await Sandbox.start({});
  });
  after(async () => {
    sandbox?.dispose();
    await server?.close();
  });
  beforeEach(() => {
    server.reset();
    server.setResponder(undefined);
  });

  it('picks the sample that documents exactly the parameters, even over a likelier one that invents one', async () => {
    server.setResponder(() => ({
      choices: [
        { text: 'Scale values.\n\n    Args:\n        values: Numbers.\n        factor: Multiplier.\n        offset: Added.\n    """', logprobs: -0.05 },
        { text: 'Scale values.\n\n    Args:\n        values: Numbers.\n        factor: Multiplier.\n\n    Returns:\n        The scaled list.\n    """', logprobs: -0.5 },
        { text: 'Scale values.\n\n    Args:\n        values: Numbers.\n    """', logprobs: -0.2 },
      ],
    }));
    const { result, after } = await run(server, 'def scale(values, factor):║\n    return [v * factor for v in values]\n', { examples: false });
    assert.strictEqual(
      after,
      'def scale(values, factor):\n    """Scale values.\n\n    Args:\n        values: Numbers.\n        factor: Multiplier.\n\n    Returns:\n        The scaled list.\n    """\n    return [v * factor for v in values]\n',
    );
    assert.deepStrictEqual(result.candidates.map((c) => c.index), [1, 2, 0]);
    assert.deepStrictEqual(result.candidates[2]!.check.invented, ['offset']);
    const body = server.requests[0]!.body;
    assert.strictEqual(body.n, 3);
    assert.deepStrictEqual(body.stop, ['"""']);
  });

  it('runs the examples: a wrong expected value is corrected, an example that raises is dropped', async () => {
    server.setResponder(() => ({
      choices: [
        'Add two numbers.\n\n    Examples:\n        >>> add(2, 2)\n        5\n        >>> add("a", 1)\n        \'a1\'\n    """',
      ],
    }));
    const { result, after } = await run(server, 'def add(a, b):║\n    return a + b\n', { style: 'plain', sampling: { ...OPTS.sampling, n: 1 } }, sandbox);
    assert.strictEqual(after, 'def add(a, b):\n    """Add two numbers.\n\n    Examples:\n        >>> add(2, 2)\n        4\n    """\n    return a + b\n');
    assert.deepStrictEqual(result.exampleReport, { kept: 0, corrected: 1, dropped: 1 });
    assert.ok(server.requests[0]!.promptText.includes('>>>'), 'examples were asked for');
  });

  it('without a sandbox asks for no examples and drops any the model wrote', async () => {
    server.setResponder(() => ({ choices: ['Add.\n\n    >>> add(1, 1)\n    3\n    """'] }));
    const { result, after } = await run(server, 'def add(a, b):║\n    return a + b\n', { style: 'plain', sampling: { ...OPTS.sampling, n: 1 } });
    assert.strictEqual(after, 'def add(a, b):\n    """Add."""\n    return a + b\n');
    assert.strictEqual(result.exampleReport, undefined);
    assert.ok(!server.requests[0]!.promptText.includes('>>>'));
  });

  it('uses the style the file already uses', async () => {
    server.setResponder(() => ({ choices: ['Neg.\n\n    :param x: Number.\n    :returns: -x.\n    """'] }));
    const file = 'def one():\n    """One.\n\n    :returns: 1.\n    """\n    return 1\n\ndef neg(x):║\n    return -x\n';
    const { result } = await run(server, file, { examples: false, sampling: { ...OPTS.sampling, n: 1 } });
    assert.strictEqual(result.style, 'rest');
    assert.ok(server.requests[0]!.promptText.includes(':param value:'));
    assert.strictEqual(result.candidates[0]!.check.ok, true);
  });

  it('reads a chat reply', async () => {
    server.setResponder(() => ({ choices: ['Return the negation of x.'] }));
    const { after } = await run(server, 'def neg(x):║\n    return -x\n', { promptKind: 'chat', style: 'plain', sampling: { ...OPTS.sampling, n: 1 } });
    assert.strictEqual(after, 'def neg(x):\n    """Return the negation of x."""\n    return -x\n');
    assert.strictEqual(server.requests[0]!.endpoint, 'chat');
  });

  it('falls back to mean log-prob with a notice when the server cannot echo for back-translation', async () => {
    server.setResponder((req) => (req.body.echo ? { choices: [''] } : { choices: [{ text: 'A.\n    """', logprobs: -1 }, { text: 'B.\n    """', logprobs: -0.1 }] }));
    const text = 'def f(x):\n    return x\n';
    const [target] = await findDocTargets(text, { start: 0, end: 0 });
    const backend = createBackend(config(server.url));
    const scorer = echoScorerFor(backend);
    const result = await generateDocstring({ text, eol: '\n' }, target!, { ...OPTS, ranking: 'backTranslation', examples: false, sampling: { ...OPTS.sampling, n: 2 } }, { backend, scorer });
    assert.deepStrictEqual(result.candidates.map((c) => c.text), ['B.', 'A.']);
    assert.match(result.notices[0] ?? '', /ranked by mean log-prob/);
  });
});

describe('back-translation ranking (echo server)', function () {
  this.timeout(20000);

  it('prefers the docstring under which the code is likelier, over the likelier docstring', async () => {
    const samples = await startTestServer({
      responder: () => ({
        choices: [
          { text: 'Do something.\n    """', logprobs: -0.1 },
          { text: 'Multiply each of the values by factor, then round them.\n    """', logprobs: -0.9 },
        ],
      }),
    });
    const echo = await startEchoServer();
    try {
      // Only the second docstring mentions `round`, which the body calls.
      const text = 'def scale(values, factor):\n    return [round(v * factor) for v in values]\n';
      const [target] = await findDocTargets(text, { start: 0, end: 0 });
      const opts = { ...OPTS, examples: false, sampling: { ...OPTS.sampling, n: 2 } };
      const deps = { backend: createBackend(config(samples.url)), scorer: echoScorerFor(createBackend(config(echo.url))) };
      const byMean = await generateDocstring({ text, eol: '\n' }, target!, opts, deps);
      assert.strictEqual(byMean.candidates[0]!.text, 'Do something.');
      const byBack = await generateDocstring({ text, eol: '\n' }, target!, { ...opts, ranking: 'backTranslation' }, deps);
      assert.strictEqual(byBack.candidates[0]!.text, 'Multiply each of the values by factor, then round them.');
      assert.ok(byBack.candidates[0]!.backTranslation! > byBack.candidates[1]!.backTranslation!);
      assert.match(byBack.candidates[0]!.reasons.join(' '), /back-translation/);
      const request = echo.bodies[0];
      assert.deepStrictEqual([request.echo, request.max_tokens, request.logprobs], [true, 0, 0]);
      assert.ok(String(request.prompt).endsWith('\n    return [round(v * factor) for v in values]'));
    } finally {
      await samples.close();
      await echo.close();
    }
  });

  it('scores only the code after the docstring, and retries with max_tokens 1 where 0 is refused', async () => {
    const echo = await startEchoServer({ rejectZeroMaxTokens: true });
    try {
      const scorer = echoScorerFor(createBackend(config(echo.url)))!;
      // "b" was seen in the context: -0.1; "zz" was not: -2; the space between: -0.5.
      const score = await scorer.score('a b', ' b zz');
      assert.strictEqual(score, (-0.5 - 0.1 - 0.5 - 2) / 4);
      assert.deepStrictEqual(echo.bodies.map((b) => b.max_tokens), [0, 1]);
    } finally {
      await echo.close();
    }
  });

  it('goes through its backend’s HTTP layer: a long Retry-After on sampling holds the scoring back too', async () => {
    const server = await startTestServer({ completions: ['A.\n    """'] });
    try {
      const backend = createBackend(config(server.url));
      const scorer = echoScorerFor(backend)!;
      server.failNext({ fault: 'status', status: 429, headers: { 'retry-after': '120' } });
      await assert.rejects(backend.sample({ kind: 'codex', text: 'x', stop: [] }, OPTS.sampling), { kind: 'rateLimit' });
      await assert.rejects(scorer.score('a b', ' b'), (e: unknown) => e instanceof BackendError && e.kind === 'rateLimit' && /asked for a pause/.test(e.message));
      assert.strictEqual(server.count(), 1, 'the scorer sent nothing while the server asked for a pause');
      assert.strictEqual(echoScorerFor(createBackend(config(server.url, 'chat'))), undefined, 'chat servers cannot echo');
    } finally {
      await server.close();
    }
  });
});
