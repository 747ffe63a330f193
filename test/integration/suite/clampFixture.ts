/**
 * The clamp fixture several suites share: a docstring with two examples, and four bodies of which the
 * first and third pass them (the second has the best log-prob but fails `clamp(-1, 0, 3)`).
 */
export const CLAMP_TEXT = [
  'def clamp(x, lo, hi):',
  '    """Clamp x into [lo, hi].',
  '',
  '    >>> clamp(5, 0, 3)',
  '    3',
  '    >>> clamp(-1, 0, 3)',
  '    0',
  '    """',
  '    ',
].join('\n');

export const CLAMP_BODIES = [
  { text: 'return max(lo, min(x, hi))\n', logprobs: -0.4 },
  { text: 'return min(x, hi)\n', logprobs: -0.1 },
  { text: 'if x < lo:\n        return lo\n    return min(x, hi)\n', logprobs: -0.6 },
  { text: 'return x\n', logprobs: -0.3 },
];
