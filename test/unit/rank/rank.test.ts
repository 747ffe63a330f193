import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { loadModuleSourceForExecution } from '../../../src/core/python/moduleSource';
import { rank, type RankOptions } from '../../../src/core/rank';
import { Sandbox } from '../../../src/core/sandbox';
import type { CompletionContext, RankedSample, Sample } from '../../../src/core/types';

/** A document with the cursor marked by ║. */
async function contextAt(marked: string): Promise<CompletionContext> {
  const offset = marked.indexOf('║');
  return buildContext({ text: marked.replace('║', ''), offset });
}

const FILE = [
  'import math',
  '',
  'SCALE = 2',
  '',
  'def helper(v):',
  '    return v * SCALE',
  '',
  'def scaled_root(x):',
  '    """Scale the square root of x.',
  '',
  '    >>> scaled_root(16)',
  '    8.0',
  '    >>> scaled_root(0)',
  '    0.0',
  '',
  '    For example: scaled_root(9) == 6.0',
  '    """',
  '║',
  '',
  'print("top-level code never runs")',
].join('\n');

const RIGHT = '    return helper(math.sqrt(x))\n';
const RIGHT_WITH_COMMENT = '    # scale it\n    return helper( math.sqrt(x) )\n';
const RIGHT_OTHER_WAY = '    return 2 * x ** 0.5\n';
const WRONG = '    return math.sqrt(x)\n';
const CRASH = '    return helper(undefined_name)\n';

/** Samples with per-sample log-probs (one token per line). */
function samples(specs: [string, number | undefined][]): Sample[] {
  return specs.map(([text, lp], index) => ({
    text,
    index,
    finishReason: 'stop',
    tokens: lp === undefined ? undefined : [{ text, logprob: lp, offset: 0 }],
  }));
}

function order(ranked: RankedSample[]): number[] {
  return ranked.map((r) => r.sample.index);
}

describe('rank', function () {
  this.timeout(30000);
  let ctx: CompletionContext;
  let sandbox: Sandbox;

  before(async () => {
    ctx = await contextAt(FILE);
    const fn = ctx.fn!;
    sandbox = await Sandbox.start({
      workers: 2,
      limits: { timeoutMs: 2000 },
      moduleSource: await loadModuleSourceForExecution(ctx.text, [{ start: fn.startOffset, end: fn.endOffset }]),
    });
  });
  after(() => sandbox?.dispose());

  const run = (s: Sample[], opts: RankOptions): Promise<RankedSample[]> => rank(s, ctx, opts);

  /** Ranks by doctest in a sandbox of its own, loaded with that file's module context. */
  async function rankInOwnFile(marked: string, candidates: Sample[]): Promise<RankedSample[]> {
    const fctx = await contextAt(marked);
    const fn = fctx.fn!;
    const own = await Sandbox.start({ moduleSource: await loadModuleSourceForExecution(fctx.text, [{ start: fn.startOffset, end: fn.endOffset }]) });
    try {
      return await rank(candidates, fctx, { mode: 'doctest', sandbox: own });
    } finally {
      own.dispose();
    }
  }

  it('meanLogprob: best mean first, unscored last, ties by index; reasons say the score', async () => {
    const ranked = await run(samples([[WRONG, -0.5], [RIGHT, -0.1], [CRASH, undefined], [RIGHT_OTHER_WAY, -0.5]]), { mode: 'meanLogprob' });
    assert.deepStrictEqual(order(ranked), [1, 0, 3, 2]);
    assert.deepStrictEqual(ranked.map((r) => r.rank), [0, 1, 2, 3]);
    assert.ok(ranked[0]!.reasons.includes('mean log-prob -0.100'));
    assert.ok(ranked[3]!.reasons.includes('unscored (no log-probs)'));
  });

  it('sumLogprob orders by the sum (longer samples pay more)', async () => {
    const long: Sample = { text: RIGHT, index: 0, finishReason: 'stop', tokens: [0, 1, 2].map((i) => ({ text: 'x', logprob: -0.2, offset: i })) };
    const short: Sample = { text: WRONG, index: 1, finishReason: 'stop', tokens: [{ text: 'x', logprob: -0.5, offset: 0 }] };
    assert.deepStrictEqual(order(await run([long, short], { mode: 'sumLogprob' })), [1, 0]);
    assert.deepStrictEqual(order(await run([long, short], { mode: 'meanLogprob' })), [0, 1]);
  });

  it('merges duplicates (comments, spacing) into votes', async () => {
    const ranked = await run(samples([[RIGHT_WITH_COMMENT, -0.3], [WRONG, -0.2], [RIGHT, -0.25]]), { mode: 'meanLogprob' });
    assert.strictEqual(ranked.length, 2);
    const merged = ranked.find((r) => r.votes === 2)!;
    assert.strictEqual(merged.sample.index, 2, 'the better-scored duplicate represents the group');
    assert.ok(merged.reasons.includes('2 identical samples (1 merged)'));
  });

  it('doctest: runs the >>> and inline examples; most passed first, then mean log-prob', async () => {
    const ranked = await run(samples([[WRONG, -0.05], [CRASH, -0.01], [RIGHT_OTHER_WAY, -0.9], [RIGHT, -0.3]]), { mode: 'doctest', sandbox });
    assert.deepStrictEqual(order(ranked), [3, 2, 0, 1]);
    assert.deepStrictEqual(ranked.map((r) => [r.passed, r.failed]), [[3, 0], [3, 0], [1, 2], [0, 3]]);
    assert.strictEqual(ranked[0]!.reasons[0], 'passed 3/3 examples');
    const wrong = ranked[2]!;
    assert.deepStrictEqual(wrong.examples!.map((e) => [e.source, e.status, e.got]), [
      ['scaled_root(16)', 'failed', '4.0'],
      ['scaled_root(0)', 'passed', '0.0'],
      ['scaled_root(9)', 'failed', '3.0'],
    ]);
    assert.ok(wrong.reasons.includes('first failure: scaled_root(16) expected 8.0, got 4.0'));
    assert.match(ranked[3]!.reasons.join('\n'), /first failure: scaled_root\(16\): error \(NameError: name 'undefined_name' is not defined\)/);
  });

  it('agreement: the largest group of samples that behave alike wins', async () => {
    const alike = ['    return 2 * math.sqrt(x)\n', '    return math.sqrt(x) * 2\n', '    return helper(x ** 0.5)\n'];
    const ranked = await run(samples([[WRONG, -0.01], [alike[0]!, -0.5], [alike[1]!, -0.6], [alike[2]!, -0.4], [CRASH, -0.02]]), { mode: 'agreement', sandbox });
    assert.deepStrictEqual(order(ranked).slice(0, 3), [3, 1, 2]);
    assert.strictEqual(new Set(ranked.slice(0, 3).map((r) => r.agreementGroup)).size, 1);
    assert.ok(ranked[0]!.agreementScore! > ranked[3]!.agreementScore!);
    assert.strictEqual(ranked.find((r) => r.sample.index === 4)!.agreementScore, 0, 'crashes earn no agreement');
    assert.match(ranked[0]!.reasons.join('\n'), /3 samples behave alike/);
    assert.doesNotMatch(ranked[0]!.reasons.join('\n'), /group \d/, 'groups are named by letter in the panel, never by number');
  });

  it('auto: examples first, then agreement, then mean log-prob; deterministic', async () => {
    const input = samples([[RIGHT_OTHER_WAY, -0.1], [WRONG, -0.01], [RIGHT, -0.4], ['    return helper(math.sqrt(x)) + 0.0\n', -0.45]]);
    const first = await run(input, { mode: 'auto', sandbox });
    assert.deepStrictEqual(order(first), [0, 2, 3, 1], 'all correct ones (one group, by mean log-prob), then the wrong one');
    assert.deepStrictEqual(order(await run(input, { mode: 'auto', sandbox })), order(first));
  });

  it('auto: with inputs but no expected outputs, the largest agreeing group wins over a better log-prob', async () => {
    const noOutputs = await contextAt('import math\n\ndef root(x):\n    """Square root.\n\n    >>> root(4)\n    >>> root(9)\n    """\n║\n');
    const input = samples([
      ['    return x / 2\n', -0.05],
      ['    return math.sqrt(x)\n', -0.3],
      ['    return x ** 0.5\n', -0.5],
      ['    return math.sqrt(x) + 0\n', -0.6],
    ]);
    const msb = await Sandbox.start({ moduleSource: 'import math\n' });
    try {
      const ranked = await rank(input, noOutputs, { mode: 'auto', sandbox: msb });
      assert.deepStrictEqual(order(ranked), [1, 2, 3, 0]);
      assert.deepStrictEqual(ranked.map((r) => r.passed), [0, 0, 0, 0]);
      const byMean = await rank(input, noOutputs, { mode: 'meanLogprob', sandbox: msb });
      assert.strictEqual(order(byMean)[0], 0);
    } finally {
      msb.dispose();
    }
  });

  it('auto falls back to mean log-prob without a sandbox, and says why', async () => {
    const ranked = await run(samples([[RIGHT, -0.4], [WRONG, -0.1]]), { mode: 'auto' });
    assert.deepStrictEqual(order(ranked), [1, 0]);
    assert.strictEqual(ranked[0]!.examples, undefined);
    assert.ok(ranked[0]!.reasons.includes('execution not allowed here: ranked by mean log-prob'));
  });

  it('without examples, auto picks the largest behaviour cluster on generated inputs', async () => {
    const plain = await contextAt('def f(x: int) -> int:\n    """Return x doubled."""\n║\n');
    const input = samples([
      ['    return x + 1\n', -0.1],
      ['    return x * 2\n', -0.4],
      ['    return x + x\n', -0.5],
      ['    pass\n', -0.05],
    ]);
    const ranked = await rank(input, plain, { mode: 'auto', sandbox });
    assert.deepStrictEqual(order(ranked).slice(0, 2).sort(), [1, 2]);
    assert.strictEqual(order(ranked)[3], 3, 'the stub is last');
    assert.strictEqual(ranked[0]!.clusterSize, 2);
    assert.ok((ranked[0]!.behaviour?.length ?? 0) >= 3, 'outputs on the generated inputs are shown');
    assert.ok(ranked[3]!.degenerate);
    assert.ok(ranked[0]!.reasons.includes('chosen: larger behaviour cluster'));
  });

  it('none keeps the backend order', async () => {
    assert.deepStrictEqual(order(await run(samples([[WRONG, -0.9], [RIGHT, -0.1]]), { mode: 'none' })), [0, 1]);
  });

  it('a hostile sample among good ones is ranked last and the others still pass', async () => {
    const ranked = await run(samples([['    while True:\n        pass\n', -0.01], [RIGHT, -0.5]]), { mode: 'doctest', sandbox, timeoutMs: 300 });
    assert.deepStrictEqual(order(ranked), [1, 0]);
    // Each example has its own time limit; the whole job's budget skips what is left.
    assert.strictEqual(ranked[1]!.examples![0]!.status, 'timeout');
    assert.ok(ranked[1]!.examples!.every((e) => e.status === 'timeout' || e.status === 'skipped'));
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = run(samples([['    while True:\n        pass\n', -0.01]]), { mode: 'doctest', sandbox, timeoutMs: 5000 });
    void pending.catch(() => undefined);
    const aborted = rank(samples([['    while True:\n        pass\n', -0.01]]), ctx, { mode: 'doctest', sandbox, timeoutMs: 5000 }, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(aborted, { name: 'AbortError' });
  });

  it('runs a method against its class from the module context', async () => {
    const file = [
      'class Counter:',
      '    def __init__(self, start):',
      '        self.start = start',
      '',
      '    def plus(self, n):',
      '        """Add n.',
      '',
      '        >>> Counter(2).plus(3)',
      '        5',
      '        """',
      '║',
    ].join('\n');
    const ranked = await rankInOwnFile(file, samples([['        return self.start - n\n', -0.1], ['        return self.start + n\n', -0.2]]));
    assert.deepStrictEqual(order(ranked), [1, 0]);
    assert.strictEqual(ranked[0]!.passed, 1);
  });

  it('counts only lines with an expected output as examples in its reason (set-up lines are not examples)', async () => {
    const file = [
      'def total(items):',
      '    """Sum the items.',
      '',
      '    >>> xs = [1, 2]',
      '    >>> xs.append(3)',
      '    >>> total(xs)',
      '    6',
      '    """',
      '║',
    ].join('\n');
    const ranked = await rankInOwnFile(file, samples([['    return sum(items)\n', -0.1]]));
    assert.strictEqual(ranked[0]!.reasons[0], 'passed 1/1 examples');
  });
});

describe('rank: a sandbox that fails', () => {
  it('falls back to mean log-prob and says why', async () => {
    const ctx = await contextAt('def f(x):\n    """Double.\n\n    >>> f(2)\n    4\n    """\n║\n');
    const broken = {
      parseExamples: () => Promise.reject(new Error('the sandbox worker died')),
      runMatrix: () => Promise.reject(new Error('the sandbox worker died')),
    };
    const ranked = await rank(samples([['    return x + x\n', -0.5], ['    return x\n', -0.1]]), ctx, { mode: 'auto', sandbox: broken });
    assert.deepStrictEqual(order(ranked), [1, 0]);
    assert.ok(ranked[0]!.reasons.includes('could not run the samples (the sandbox worker died): ranked by mean log-prob'));
  });
});
