import * as assert from 'assert';
import {
  buildCandidatesView,
  formatLogprob,
  formatTokenProbability,
  groupLetter,
  statusLabel,
} from '../../../src/core/view/candidates';
import type { RankedSample } from '../../../src/core/types';
import { addContext, addResult, addResultWithTests, example, sample } from './fixtures';

describe('view/candidates: model-written tests', () => {
  it('lists the tests with the request\'s cost, and per candidate its consensus set and which tests it passes', () => {
    const view = buildCandidatesView(addResultWithTests(), { canInsert: true });
    assert.deepStrictEqual(view.modelTests, { label: '2 model-written tests (42 extra tokens)', tests: ['assert add(2, 2) == 4', 'assert add(0, 5) == 5'] });
    assert.deepStrictEqual(view.candidates.map((c) => c.consensusLabel), [
      'consensus set 1 (4 samples): passes 2/2 model tests',
      'consensus set 1 (4 samples): passes 2/2 model tests',
      'passes 0/2 model tests',
    ]);
    assert.deepStrictEqual(view.candidates[2]?.modelTests, [false, false]);
  });

  it('says when the test request came too late, and shows nothing of tests when none was made', () => {
    const late = { ...addResult(), modelTests: { status: 'late' as const, tests: [], tokens: 0, message: 'no answer within 250 ms of the code samples' } };
    assert.strictEqual(buildCandidatesView(late, { canInsert: true }).modelTests?.label, 'test request late: no answer within 250 ms of the code samples');
    const none = buildCandidatesView(addResult(), { canInsert: true });
    assert.strictEqual(none.modelTests, undefined);
    assert.ok(none.candidates.every((c) => c.consensusLabel === '' && c.modelTests.length === 0));
  });
});

describe('view/candidates: buildCandidatesView', () => {
  it('lists every ranked sample best first with 1-based ranks and its index in ranked[]', () => {
    const view = buildCandidatesView(addResult(), { canInsert: true });
    assert.deepStrictEqual(
      view.candidates.map((c) => [c.rank, c.index, c.code]),
      [
        [1, 0, 'return a + b\n'],
        [2, 1, 'return b + a\n'],
        [3, 2, 'return a - b\n'],
      ],
    );
  });

  it('orders by rank even when ranked[] is not in rank order, keeping each index', () => {
    const result = addResult();
    result.ranked.reverse(); // ranks 2, 1, 0 at indices 0, 1, 2
    const view = buildCandidatesView(result, { canInsert: true });
    assert.deepStrictEqual(view.candidates.map((c) => [c.rank, c.index]), [[1, 2], [2, 1], [3, 0]]);
    assert.strictEqual(view.candidates[0]?.code, 'return a + b\n');
  });

  it('titles the panel with the function and shows its signature', () => {
    const view = buildCandidatesView(addResult(), { canInsert: true });
    assert.strictEqual(view.title, 'Candidates for add');
    assert.strictEqual(view.signature, 'def add(a, b):');
  });

  it('summarises samples, distinct candidates and the best one\'s reasons', () => {
    const view = buildCandidatesView(addResult(), { canInsert: true });
    assert.strictEqual(view.summary, '5 samples · 3 distinct · best: passed 1/1 examples, mean log-prob -0.123');
  });

  it('formats scores, votes and example counts per candidate', () => {
    const [best, second, third] = buildCandidatesView(addResult(), { canInsert: true }).candidates;
    assert.strictEqual(best?.meanLogprob, '-0.123');
    assert.strictEqual(best?.tokenProbability, '88%');
    assert.strictEqual(best?.votesLabel, '3 identical');
    assert.strictEqual(second?.votesLabel, '', 'a sample of its own shows no count');
    assert.strictEqual(best?.examplesLabel, '1/1 examples passed');
    assert.strictEqual(best?.examplesState, 'all');
    assert.strictEqual(third?.examplesLabel, '0/1 examples passed');
    assert.strictEqual(third?.examplesState, 'none');
  });

  it('gives one row per example with expected, got and status', () => {
    const third = buildCandidatesView(addResult(), { canInsert: true }).candidates[2];
    assert.deepStrictEqual(third?.examples, [
      { source: 'add(1, 2)', expected: '3', got: '-1', status: 'failed', statusLabel: 'failed', kind: 'check' },
    ]);
  });

  it('names agreement groups A, B… in rank order and counts members with their votes', () => {
    const [best, second, third] = buildCandidatesView(addResult(), { canInsert: true }).candidates;
    assert.strictEqual(best?.agreementGroup, 'A');
    assert.strictEqual(second?.agreementGroup, 'A');
    assert.strictEqual(third?.agreementGroup, 'B');
    assert.strictEqual(best?.agreementLabel, 'group A (4 samples)');
    assert.strictEqual(third?.agreementLabel, 'group B (1 sample)');
  });

  it('counts only lines with an expected output as examples, skipped or not; set-up lines never count', () => {
    const base = addResult();
    const variants: [RankedSample['examples'], string, string][] = [
      [undefined, 'examples not run', 'unknown'],
      [[], 'no examples', 'unknown'],
      [[{ source: 'x = 1', status: 'skipped' }], 'no examples', 'unknown'],
      [[{ source: 's = Stack()', status: 'passed' }, { source: 's.push(1)', status: 'passed', got: '' }, example('3')], '1/1 examples passed', 'all'],
      [[example('3'), example('4'), example('', 'skipped')], '1/3 examples passed', 'some'],
      [[{ source: 'x = 1', status: 'skipped' }, example('3')], '1/1 examples passed', 'all'],
      [[example('', 'error'), example('', 'skipped')], '0/2 examples passed', 'none'],
    ];
    for (const [examples, label, state] of variants) {
      const r = { ...base.ranked[0]!, examples };
      const c = buildCandidatesView({ ...base, ranked: [r] }, { canInsert: true }).candidates[0];
      assert.strictEqual(c?.examplesLabel, label);
      assert.strictEqual(c?.examplesState, state);
    }
  });

  it('leaves agreement empty and scores unscored when the ranker gave none', () => {
    const r: RankedSample = { sample: { text: 'pass\n', index: 0, finishReason: 'stop' }, rank: 0, votes: 1, reasons: [] };
    const c = buildCandidatesView({ context: addContext(), samples: [r.sample], ranked: [r] }, { canInsert: false })
      .candidates[0];
    assert.strictEqual(c?.meanLogprob, 'unscored');
    assert.strictEqual(c?.tokenProbability, '');
    assert.strictEqual(c?.agreementLabel, '');
    assert.strictEqual(c?.agreementGroup, '');
    assert.strictEqual(
      c?.ariaLabel,
      'Candidate 1 of 1, mean log-prob unscored, examples not run',
    );
  });

  it('says why the list is empty', () => {
    const none = addContext();
    none.decision = { kind: 'none', reason: 'the cursor is not in a function body' };
    assert.strictEqual(
      buildCandidatesView({ context: none, samples: [], ranked: [] }, { canInsert: false }).emptyMessage,
      'Nothing to complete here: the cursor is not in a function body',
    );
    assert.strictEqual(
      buildCandidatesView({ context: addContext(), samples: [], ranked: [] }, { canInsert: false }).emptyMessage,
      'The backend returned no samples.',
    );
    assert.strictEqual(
      buildCandidatesView({ context: addContext(), samples: [sample('x', 0)], ranked: [] }, { canInsert: false })
        .emptyMessage,
      'No sample survived post-processing.',
    );
    assert.strictEqual(buildCandidatesView(addResult(), { canInsert: true }).emptyMessage, undefined);
  });

  it('notes samples cut at the token limit', () => {
    const result = addResult();
    result.ranked[0]!.sample = sample('return a +', 0, 'length');
    const [best, second] = buildCandidatesView(result, { canInsert: true }).candidates;
    assert.match(best?.note ?? '', /token limit/);
    assert.strictEqual(second?.note, undefined);
  });

  it('passes canInsert through', () => {
    assert.strictEqual(buildCandidatesView(addResult(), { canInsert: false }).canInsert, false);
    assert.strictEqual(buildCandidatesView(addResult(), { canInsert: true }).canInsert, true);
  });
});

describe('view/candidates: untrusted text', () => {
  it('keeps markup-like model output as plain text, unchanged, in code and examples', () => {
    const result = addResult();
    const evil = 'return "<img src=x onerror=alert(1)>" # </pre><script>alert(2)</script>\n';
    result.ranked[0]!.sample = sample(evil, 0);
    result.ranked[0]!.examples = [{ source: 'add("<b>", 1)', expected: '3', got: "'<b>&amp;'", status: 'failed' }];
    const c = buildCandidatesView(result, { canInsert: true }).candidates[0];
    assert.strictEqual(c?.code, evil);
    assert.strictEqual(c?.displayCode, evil);
    assert.strictEqual(c?.examples[0]?.got, "'<b>&amp;'");
    assert.strictEqual(c?.examples[0]?.source, 'add("<b>", 1)');
  });

  it('reveals bidirectional and zero-width characters in the shown code but inserts the exact text', () => {
    const result = addResult();
    const sneaky = 'if user != "admin\u202e \u2066":\n        return True\u200b\n';
    result.ranked[0]!.sample = sample(sneaky, 0);
    const c = buildCandidatesView(result, { canInsert: true }).candidates[0];
    assert.strictEqual(c?.code, sneaky);
    // Shown as it reads in the file: the cursor's 4 spaces of indentation are removed from the later lines.
    assert.strictEqual(c?.displayCode, 'if user != "admin⟪U+202E⟫ ⟪U+2066⟫":\n    return True⟪U+200B⟫\n');
    assert.deepStrictEqual(c?.hiddenCharacters, ['U+202E', 'U+2066', 'U+200B']);
    assert.match(c?.ariaLabel ?? '', /contains hidden characters/);
  });

  it('shortens very long expected/got values', () => {
    const result = addResult();
    result.ranked[0]!.examples = [{ source: 'f()', expected: '1', got: 'x'.repeat(10_000), status: 'failed' }];
    const row = buildCandidatesView(result, { canInsert: true, maxValueChars: 100 }).candidates[0]?.examples[0];
    assert.strictEqual(row?.got, `${'x'.repeat(100)}… (9900 more characters)`);
    assert.strictEqual(row?.expected, '1');
  });
});

describe('view/candidates: formatting helpers', () => {
  it('formats mean log-prob with three decimals', () => {
    assert.strictEqual(formatLogprob(-0.2134), '-0.213');
    assert.strictEqual(formatLogprob(-1.5), '-1.500');
    assert.strictEqual(formatLogprob(-0.0001), '0.000');
    assert.strictEqual(formatLogprob(0), '0.000');
    assert.strictEqual(formatLogprob(undefined), 'unscored');
    assert.strictEqual(formatLogprob(Number.NEGATIVE_INFINITY), 'unscored');
    assert.strictEqual(formatLogprob(Number.NaN), 'unscored');
  });

  it('turns mean log-prob into a per-token probability', () => {
    assert.strictEqual(formatTokenProbability(0), '100%');
    assert.strictEqual(formatTokenProbability(Math.log(0.5)), '50%');
    assert.strictEqual(formatTokenProbability(Math.log(0.0123)), '1.2%');
    assert.strictEqual(formatTokenProbability(0.2), '100%'); // never above 100%
    assert.strictEqual(formatTokenProbability(undefined), '');
  });

  it('labels example statuses with the first line of their message', () => {
    assert.strictEqual(statusLabel({ source: 'f()', status: 'passed' }), 'passed');
    assert.strictEqual(statusLabel({ source: 'f()', status: 'timeout' }), 'timed out');
    assert.strictEqual(
      statusLabel({ source: 'f()', status: 'error', message: 'NameError: name "x" is not defined\n  more' }),
      'error: NameError: name "x" is not defined',
    );
    assert.strictEqual(statusLabel({ source: 'f()', status: 'killed', message: 'memory limit' }), 'killed: memory limit');
  });

  it('names groups A…Z then AA, AB', () => {
    assert.deepStrictEqual([0, 1, 25, 26, 27, 51, 52].map(groupLetter), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });
});

describe('view/candidates: code shown as it reads in the file', () => {
  it('removes the cursor\'s indentation from the later lines of a multi-line sample', () => {
    const result = addResult();
    result.ranked[0]!.sample = sample('if a < b:\n        return a\n    return b\n', 0);
    const c = buildCandidatesView(result, { canInsert: true }).candidates[0];
    assert.strictEqual(c?.displayCode, 'if a < b:\n    return a\nreturn b\n');
    assert.strictEqual(c?.code, 'if a < b:\n        return a\n    return b\n', 'Insert and Copy keep the exact text');
  });

  it('shows a sample whose lines do not carry the cursor\'s indentation as it is', () => {
    const result = addResult();
    result.ranked[0]!.sample = sample('if a < b:\n  return a\n', 0);
    assert.strictEqual(buildCandidatesView(result, { canInsert: true }).candidates[0]?.displayCode, 'if a < b:\n  return a\n');
  });

  it('changes nothing when the cursor\'s line already holds code', () => {
    const result = addResult();
    result.context = { ...result.context, prefix: result.context.prefix + 'x = ' };
    result.ranked[0]!.sample = sample('[\n    1]\n', 0);
    assert.strictEqual(buildCandidatesView(result, { canInsert: true }).candidates[0]?.displayCode, '[\n    1]\n');
  });

  it('set-up lines read as set-up, and the legend names only the terms in use', () => {
    const base = addResult();
    const r = { ...base.ranked[0]!, examples: [{ source: 's = Stack()', status: 'passed' as const }, example('3')] };
    const view = buildCandidatesView({ ...base, ranked: [r] }, { canInsert: true });
    assert.deepStrictEqual(view.candidates[0]!.examples.map((e) => [e.kind, e.statusLabel]), [['setup', 'set-up'], ['check', 'passed']]);
    assert.deepStrictEqual(view.legend.map((l) => l.term), ['#1, #2, …', 'mean log-prob', 'examples', 'set-up', 'group A, B, …', 'identical']);
    const plain = buildCandidatesView({ context: addContext(), samples: [sample('pass\n', 0)], ranked: [{ sample: sample('pass\n', 0), rank: 0, votes: 1, reasons: [] }] }, { canInsert: true });
    assert.deepStrictEqual(plain.legend.map((l) => l.term), ['#1, #2, …', 'mean log-prob']);
  });
});
