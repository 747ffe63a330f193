import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createBackend } from '../../../src/core/backend';
import { runEval } from '../../../src/core/eval/runEval';
import type { SampleResult } from '../../../src/core/eval/summary';
import { startTestServer, type TestServer } from '../../server/openaiServer';
import { FIXTURES } from './paths';

describe('passk eval with live sampling from an OpenAI-protocol server on 127.0.0.1', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    // Each problem gets one right body and one that returns None; log-probs favour the right one.
    server.setResponder((req) => {
      const right = /def has_close_elements/.test(req.promptText)
        ? '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n\ndef other():\n'
        : /def truncate_number/.test(req.promptText)
          ? '    return number % 1.0\n'
          : '    m = sum(numbers) / len(numbers)\n    return sum(abs(x - m) for x in numbers) / len(numbers)\n';
      return { choices: [{ text: '    return None\n', logprobs: -2 }, { text: right, logprobs: -0.1 }] };
    });
  });
  after(() => server.close());

  it('draws n samples per problem with the editor\'s prompt, journals them, and a re-run asks nothing again', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-live-'));
    const backend = createBackend({ provider: 'completions', baseUrl: server.url, model: 'test', timeoutMs: 10_000, maxConcurrency: 2 });
    const run = (): ReturnType<typeof runEval> =>
      runEval({
        problemsFile: path.join(FIXTURES, 'problems3.jsonl'),
        source: { kind: 'live', label: 'test', backend, sampling: { n: 2, temperature: 0.8, topP: 0.95, maxTokens: 200 }, prompt: { style: 'codex' }, concurrency: 2 },
        ks: [1],
        rankers: ['meanLogprob'],
        outDir: out,
        workers: 2,
        timeoutMs: 3000,
      });
    const summary = await run();
    const requests = server.requests.filter((r) => r.endpoint === 'completions');
    assert.strictEqual(requests.length, 3);
    assert.ok(requests.every((r) => r.n === 2 && r.body.logprobs !== undefined));
    assert.ok(requests.some((r) => r.promptText.includes('def has_close_elements')));
    assert.strictEqual(summary.passAtK[0]?.value, 0.5);
    assert.deepStrictEqual({ ...summary.ranking.find((r) => r.ranker === 'meanLogprob'), atN: undefined }, { ranker: 'meanLogprob', passAt1: 1, actedOn: 3, atN: undefined });
    const results = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleResult);
    assert.ok(!results.some((r) => r.postprocessed.includes('def other')));
    const again = await run();
    assert.strictEqual(server.requests.filter((r) => r.endpoint === 'completions').length, 3);
    assert.strictEqual(again.checkedThisRun, 0);
    assert.deepStrictEqual(again.passAtK, summary.passAtK);
  });

  it('--model-tests: draws tests with CodeT\'s prompt from the same backend, journals them, and codet ranks by them', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-live-tests-'));
    const own = await startTestServer();
    try {
      // The right body has the worse log-prob: only the tests can pick it.
      own.setResponder((req) => {
        if (req.promptText.includes('# check the correctness of truncate_number\nassert ')) {
          return { choices: ['truncate_number(2.25) == 0.25\nassert truncate_number(1.5) == 0.5\n'] };
        }
        if (req.promptText.includes('# check the correctness of')) {
          return { choices: ['____ == ____\n'] };
        }
        return { choices: [{ text: '    return None\n', logprobs: -0.1 }, { text: '    return number % 1.0\n', logprobs: -2 }] };
      });
      const backend = createBackend({ provider: 'completions', baseUrl: own.url, model: 'test', timeoutMs: 10_000, maxConcurrency: 2 });
      const run = (): ReturnType<typeof runEval> =>
        runEval({
          problemsFile: path.join(FIXTURES, 'problems3.jsonl'),
          source: { kind: 'live', label: 'test', backend, sampling: { n: 2, temperature: 0.8, topP: 0.95, maxTokens: 200 }, prompt: { style: 'codex' }, concurrency: 2 },
          ks: [1],
          rankers: ['codet'],
          modelTests: { n: 1, maxTokens: 64 },
          outDir: out,
          workers: 2,
          timeoutMs: 3000,
        });
      const summary = await run();
      const testRequests = own.requests.filter((r) => r.promptText.includes('# check the correctness of'));
      assert.strictEqual(testRequests.length, 3);
      assert.ok(testRequests.every((r) => r.n === 1 && r.body.max_tokens === 64 && r.body.prompt.endsWith('    pass\n\n# check the correctness of ' + /check the correctness of (\w+)/.exec(r.body.prompt)![1] + '\nassert ')));
      // truncate_number: the tests pick the right body; the other two have only placeholders → random (0 right).
      assert.deepStrictEqual(summary.ranking.find((r) => r.ranker === 'codet'), {
        ranker: 'codet',
        passAt1: 1 / 3,
        actedOn: 1,
        // fewer samples per problem than n: every subset is the whole set, so the same pick
        atN: [
          { n: 5, passAt1: 1 / 3 },
          { n: 10, passAt1: 1 / 3 },
        ],
      });
      const journal = fs.readFileSync(path.join(out, 'tests.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task_id: string; samples: string[] });
      assert.deepStrictEqual(journal.map((j) => j.task_id).sort(), ['HumanEval/0', 'HumanEval/2', 'HumanEval/4']);
      await run();
      assert.strictEqual(own.requests.filter((r) => r.promptText.includes('# check the correctness of')).length, 3, 'a re-run asks for no tests again');
    } finally {
      await own.close();
    }
  });
});
