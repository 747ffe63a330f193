/**
 * Builders for the view tests: a small but complete PipelineResult for `add` with its docstring examples.
 */
import type { PipelineResult } from '../../../src/core/pipeline';
import type { CompletionContext, ExampleResult, RankedSample, Sample } from '../../../src/core/types';

/** The document the candidates were computed on; the cursor is at the end (the body's first line). */
export const ADD_SOURCE = 'def add(a, b):\n    """Add two numbers.\n\n    >>> add(1, 2)\n    3\n    """\n    ';

/** A context for the cursor at the end of {@link ADD_SOURCE}. */
export function addContext(text = ADD_SOURCE, offset = text.length): CompletionContext {
  return {
    languageId: 'python',
    text,
    offset,
    prefix: text.slice(0, offset),
    suffixInFunction: '',
    suffixAfterFunction: text.slice(offset),
    eol: '\n',
    fn: {
      name: 'add',
      isAsync: false,
      decorators: [],
      params: [
        { name: 'a', text: 'a', kind: 'positional' },
        { name: 'b', text: 'b', kind: 'positional' },
      ],
      signature: 'def add(a, b):',
      defIndent: '',
      bodyIndent: '    ',
      indentUnit: '    ',
      bodySoFar: '',
      startOffset: 0,
      endOffset: text.length,
      bodyStartOffset: 19,
      nesting: [],
    },
    module: { imports: [], constants: [], definitions: [] },
    decision: { kind: 'body' },
  };
}

/** A sample with one token per character-run, so it has log-probs. */
export function sample(text: string, index: number, finishReason: Sample['finishReason'] = 'stop'): Sample {
  return { text, index, finishReason, tokens: [{ text, logprob: -0.5, offset: 0 }] };
}

/** A passed/failed example for `add(1, 2)`. */
export function example(got: string, status: ExampleResult['status'] = got === '3' ? 'passed' : 'failed'): ExampleResult {
  return { source: 'add(1, 2)', expected: '3', got, status };
}

/** Three distinct ranked samples (five raw samples: the best has three votes). */
/** addResult with two model-written tests: the first two candidates pass both (one consensus set), the third neither. */
export function addResultWithTests(): PipelineResult {
  const r = addResult();
  const tests = [{ source: 'assert add(2, 2) == 4', weight: 2 }, { source: 'assert add(0, 5) == 5', weight: 1 }];
  r.ranked.forEach((e, i) => {
    e.modelTests = i < 2 ? [true, true] : [false, false];
    e.consensusSet = i < 2 ? 0 : undefined;
    e.dualScore = i < 2 ? 6 : 0;
  });
  return { ...r, modelTests: { status: 'used', tests, tokens: 42 } };
}

export function addResult(): PipelineResult {
  const s0 = sample('return a + b\n', 0);
  const s1 = sample('return a - b\n', 1);
  const s2 = sample('return b + a\n', 2);
  const ranked: RankedSample[] = [
    {
      sample: s0, rank: 0, meanLogprob: -0.1234, votes: 3, examples: [example('3')], passed: 1, failed: 0,
      agreementGroup: 7, reasons: ['passed 1/1 examples', 'mean log-prob -0.123'],
    },
    {
      sample: s2, rank: 1, meanLogprob: -0.9, votes: 1, examples: [example('3')], passed: 1, failed: 0,
      agreementGroup: 7, reasons: ['passed 1/1 examples'],
    },
    {
      sample: s1, rank: 2, meanLogprob: -0.05, votes: 1, examples: [example('-1')], passed: 0, failed: 1,
      agreementGroup: 2, reasons: ['failed 1/1 examples'],
    },
  ];
  return {
    context: addContext(),
    samples: [s0, s1, s2, sample('return a + b\n', 3), sample('return a + b\n', 4)],
    ranked,
  };
}

/**
 * addResult after a ranking with generated inputs: #1 and #2 behave alike (cluster 0, 4 samples), #3 is
 * alone (cluster 1); two kept inputs; #1 says which step chose it.
 */
export function addResultWithBehaviour(): PipelineResult {
  const r = addResult();
  const outputs = [['4', '-3'], ['4', '-3'], ['0', '7']];
  r.ranked.forEach((e, i) => {
    e.cluster = i < 2 ? 0 : 1;
    e.clusterSize = i < 2 ? 4 : 1;
    e.clusterScore = i < 2 ? 4 : 1;
    e.behaviour = [
      { input: 'add(2, 2)', output: outputs[i]![0]! },
      { input: 'add(-5, 2)', output: outputs[i]![1]! },
    ];
  });
  r.ranked[0]!.reasons.push('behaviour cluster 0: 4 samples behave alike on 2/3 generated inputs and 1 examples (score 4.000)', 'chosen: largest behaviour cluster');
  return { ...r, rounds: 2 };
}
