/**
 * One short, complete docstring per style: shown to the model as the convention to follow
 * (a base model copies form from an example better than from instructions).
 */
import type { DocstringStyle } from './types';

/** The example function's header and body; its docstring comes from `exampleDocstring`. */
export const EXAMPLE_HEADER = 'def clamp(value, low, high):';
export const EXAMPLE_BODY = ['if low > high:', '    raise ValueError("empty range")', 'return max(low, min(value, high))'];

const SUMMARY = 'Limit a number to the range from low to high.';
const EXAMPLE = ['>>> clamp(5, 0, 3)', '3'];

const GUIDES: Record<DocstringStyle, (examples: boolean) => string[]> = {
  plain: (ex) => [
    SUMMARY,
    '',
    'Returns value when it lies in the range, else the nearer bound;',
    'raises ValueError when low is greater than high.',
    ...(ex ? ['', ...EXAMPLE] : []),
  ],
  google: (ex) => [
    SUMMARY,
    '',
    'Args:',
    '    value (float): The number to limit.',
    '    low (float): The smallest allowed result.',
    '    high (float): The largest allowed result.',
    '',
    'Returns:',
    '    float: value moved into the range.',
    '',
    'Raises:',
    '    ValueError: If low is greater than high.',
    ...(ex ? ['', 'Examples:', ...EXAMPLE.map((l) => '    ' + l)] : []),
  ],
  numpy: (ex) => [
    SUMMARY,
    '',
    'Parameters',
    '----------',
    'value : float',
    '    The number to limit.',
    'low : float',
    '    The smallest allowed result.',
    'high : float',
    '    The largest allowed result.',
    '',
    'Returns',
    '-------',
    'float',
    '    value moved into the range.',
    '',
    'Raises',
    '------',
    'ValueError',
    '    If low is greater than high.',
    ...(ex ? ['', 'Examples', '--------', ...EXAMPLE] : []),
  ],
  rest: (ex) => [
    SUMMARY,
    '',
    ':param value: The number to limit.',
    ':type value: float',
    ':param low: The smallest allowed result.',
    ':type low: float',
    ':param high: The largest allowed result.',
    ':type high: float',
    ':returns: value moved into the range.',
    ':rtype: float',
    ':raises ValueError: If low is greater than high.',
    ...(ex ? ['', ...EXAMPLE] : []),
  ],
};

/** The example docstring's content (no quotes, no indentation) in `style`. */
export function exampleDocstring(style: DocstringStyle, withExamples: boolean): string {
  return GUIDES[style](withExamples).join('\n');
}

/** Human names for prompts and the UI. */
export const STYLE_NAMES: Record<DocstringStyle, string> = {
  plain: 'PEP 257',
  google: 'Google-style',
  numpy: 'NumPy-style',
  rest: 'reStructuredText (Sphinx)',
};
