/**
 * Examples written without `>>>` (HumanEval style): `f(x) == y`, `f(x) ➞ y`, `f(x) => y`, `f(x) -> y`,
 * `f(x) # returns y`, and `Input: x` / `Output: y` pairs. The `>>>` examples are parsed by Python's own
 * doctest module in the sandbox, not here.
 */
import type { ExampleSpec } from '../sandbox';

/** Arrows between a call and its expected value, longest first. */
const ARROWS = ['==>', '==', '➞', '→', '=>', '->', '# returns', '#returns', 'returns', 'should return', '='];

/** The docstring's inline examples of calls to `fnName`, as `equals` specs (lines with `>>>` are skipped). */
export function extractInlineExamples(docstring: string, fnName: string): ExampleSpec[] {
  const out: ExampleSpec[] = [];
  const lines = docstring.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('>>>') || line.startsWith('...')) {
      continue;
    }
    const call = callExample(line, fnName) ?? inputOutputExample(lines, i, fnName);
    if (call && !out.some((e) => e.source === call.source && e.expected === call.expected)) {
      out.push(call);
    }
  }
  return out;
}

/** `fnName(args) <arrow> expected` on one line. */
function callExample(line: string, fnName: string): ExampleSpec | undefined {
  const start = line.match(new RegExp(`^(?:[\\w.]+\\.)?${escapeRegExp(fnName)}\\s*\\(`));
  if (!start) {
    return undefined;
  }
  const close = matchingParen(line, start[0].length - 1);
  if (close < 0) {
    return undefined;
  }
  const source = line.slice(0, close + 1);
  const rest = line.slice(close + 1).trim();
  const arrow = ARROWS.find((a) => rest.startsWith(a));
  if (!arrow) {
    return undefined;
  }
  const expected = cleanExpected(rest.slice(arrow.length));
  return expected ? { kind: 'equals', source, expected } : undefined;
}

/** `Input: x` followed by `Output: y` (the call is built from the input). */
function inputOutputExample(lines: string[], i: number, fnName: string): ExampleSpec | undefined {
  const input = lines[i]!.trim().match(/^Input\s*:\s*(.+)$/i);
  if (!input) {
    return undefined;
  }
  for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) {
    const output = lines[j]!.trim().match(/^Output\s*:\s*(.+)$/i);
    if (output) {
      const expected = cleanExpected(output[1]!);
      return expected ? { kind: 'equals', source: `${fnName}(${input[1]!.trim()})`, expected } : undefined;
    }
  }
  return undefined;
}

/** Trims explanations: a trailing `# ...` comment or `(...)` note, `a - b = c` worked sums, lowercase booleans. */
export function cleanExpected(raw: string): string | undefined {
  let text = stripTrailingComment(raw).trim().replace(/[.,;]$/, '').trim();
  if (/^[^'"]*[^=!<>]=[^=]/.test(text)) {
    text = text.slice(text.lastIndexOf('=') + 1).trim(); // `19 - 5 - 6 = 8` → `8`
  }
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false' || lower === 'none') {
    text = lower[0]!.toUpperCase() + lower.slice(1);
  }
  return text === '' ? undefined : text;
}

function stripTrailingComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      return text.slice(0, i);
    }
  }
  return text;
}

/** Index of the `)` matching the `(` at `open`, skipping strings; -1 if unbalanced. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        return c === ')' ? i : -1;
      }
    }
  }
  return -1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
