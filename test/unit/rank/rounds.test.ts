/**
 * Adaptive rounds in the one pipeline, against the OpenAI-protocol test server and the real sandbox:
 * another batch of n only while no sample passes the docstring's examples, at most `rounds` batches, and
 * an abort stops further requests.
 */
import * as assert from 'assert';
import { createBackend, type Backend } from '../../../src/core/backend';
import { runPipeline, type PipelineOptions, type PipelineResult } from '../../../src/core/pipeline';
import { wantsAnotherRound } from '../../../src/core/rank/rounds';
import { Sandbox } from '../../../src/core/sandbox';
import type { RankedSample } from '../../../src/core/types';
import { startTestServer, type Reply, type TestServer } from '../../server/openaiServer';

const WITH_EXAMPLES = 'def clamp(x, lo, hi):\n    """Limit x to the range from lo to hi.\n\n    >>> clamp(5, 0, 3)\n    3\n    >>> clamp(-1, 0, 3)\n    0\n    """\n';
const NO_EXAMPLES = 'def clamp(x, lo, hi):\n    """Limit x to the range from lo to hi."""\n';

const WRONG_A = { text: '    return max(lo, x)', logprobs: -0.1 };
const WRONG_B = { text: '    return x', logprobs: -0.2 };
const RIGHT = { text: '    return min(hi, max(lo, x))', logprobs: -0.9 };
const WRONG: Reply = { choices: [WRONG_A, WRONG_B] };

describe('adaptive rounds in the pipeline (OpenAI-protocol test server, real sandbox)', function () {
  this.timeout(60000);
  let server: TestServer;
  let backend: Backend;
  let sandbox: Sandbox;
  /** What the k-th code request (0-based) gets. */
  let replies: (k: number) => Reply;

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
    let k = 0;
    server.setResponder(() => replies(k++));
  });

  function options(extra: Partial<PipelineOptions> = {}): PipelineOptions {
    return {
      backend,
      sampleOptions: { n: 2, temperature: 0.8, topP: 0.95, maxTokens: 64 },
      promptOptions: { style: 'codex' },
      rankOptions: { mode: 'auto' },
      sandbox: () => sandbox,
      rounds: 3,
      ...extra,
    };
  }
  const complete = (text: string, opts: PipelineOptions): Promise<PipelineResult> => runPipeline({ text, offset: text.length }, opts);

  it('draws a second batch when no sample of the first passes, and stops at the first round with a passing sample', async () => {
    replies = (k) => (k === 0 ? WRONG : { choices: [RIGHT, WRONG_A] });
    const seen: [number, number][] = [];
    const result = await complete(WITH_EXAMPLES, options({ onRound: (round, rounds) => seen.push([round, rounds]) }));
    assert.strictEqual(server.count('completions'), 2, 'round 2 passed: no third request');
    assert.deepStrictEqual(seen, [[2, 3]]);
    assert.strictEqual(result.rounds, 2);
    assert.strictEqual(result.samples.length, 4, 'both rounds are ranked together');
    assert.deepStrictEqual(result.samples.map((s) => s.index), [0, 1, 2, 3], 'the second round is numbered after the first');
    assert.strictEqual(result.ranked[0]!.sample.text, RIGHT.text);
    assert.strictEqual(result.ranked[0]!.failed, 0);
    assert.strictEqual(result.ranked.length, 3, 'the repeated wrong sample is merged into one');
  });

  it('a first round with a passing sample asks for nothing more', async () => {
    replies = () => ({ choices: [WRONG_A, RIGHT] });
    const result = await complete(WITH_EXAMPLES, options());
    assert.strictEqual(server.count('completions'), 1);
    assert.strictEqual(result.rounds, 1);
    assert.strictEqual(result.ranked[0]!.sample.text, RIGHT.text);
  });

  it('while nothing passes: exactly `rounds` batches, then the best of all of them', async () => {
    replies = () => WRONG;
    const result = await complete(WITH_EXAMPLES, options({ rounds: 3 }));
    assert.strictEqual(server.count('completions'), 3);
    assert.strictEqual(result.rounds, 3);
    assert.strictEqual(result.samples.length, 6);
    server.reset();
    const once = await complete(WITH_EXAMPLES, options({ rounds: 1 }));
    assert.strictEqual(server.count('completions'), 1, 'rounds = 1: one batch');
    assert.strictEqual(once.rounds, 1);
  });

  it('no examples in the docstring, or a ranking that runs nothing: one batch (nothing could pass)', async () => {
    replies = () => WRONG;
    await complete(NO_EXAMPLES, options());
    assert.strictEqual(server.count('completions'), 1);
    server.reset();
    await complete(WITH_EXAMPLES, options({ rankOptions: { mode: 'meanLogprob' } }));
    assert.strictEqual(server.count('completions'), 1);
    server.reset();
    await complete(WITH_EXAMPLES, options({ sandbox: () => undefined }));
    assert.strictEqual(server.count('completions'), 1, 'execution not allowed: examples cannot be run');
  });

  it('an abort during round 2 rejects, cancels its request and asks for no third round', async () => {
    replies = (k) => (k === 0 ? WRONG : { fault: 'hang' });
    const controller = new AbortController();
    const run = complete(WITH_EXAMPLES, options({ signal: controller.signal }));
    while (server.count('completions') < 2) {
      await new Promise((r) => setTimeout(r, 10));
    }
    controller.abort();
    await assert.rejects(run);
    await server.waitForAborts(1, 5000);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(server.count('completions'), 2);
  });

  it('an abort between rounds (after round 1 is ranked) asks for no further batch', async () => {
    replies = () => WRONG;
    const controller = new AbortController();
    const run = complete(WITH_EXAMPLES, options({ signal: controller.signal, onStage: (stage) => stage === 'rank' && controller.abort() }));
    await assert.rejects(run);
    assert.strictEqual(server.count('completions'), 1);
  });
});

describe('the rounds stopping rule (shared with passk eval)', () => {
  const ranked = (passed: number | undefined, failed: number | undefined): RankedSample => ({
    sample: { text: 'x', index: 0, finishReason: 'stop' },
    rank: 0,
    votes: 1,
    reasons: [],
    ...(passed === undefined ? {} : { passed, failed }),
  });
  it('another round only when the docstring has examples and the first sample fails one', () => {
    assert.strictEqual(wantsAnotherRound([ranked(1, 1), ranked(0, 2)]), true);
    assert.strictEqual(wantsAnotherRound([ranked(2, 0), ranked(0, 2)]), false);
    assert.strictEqual(wantsAnotherRound([ranked(undefined, undefined)]), false, 'no examples run');
    assert.strictEqual(wantsAnotherRound([ranked(0, 0)]), false, 'examples none of which count');
    assert.strictEqual(wantsAnotherRound([]), false);
  });
});
