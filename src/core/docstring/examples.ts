/**
 * The `>>>` examples of a generated docstring, and the rewrite that makes them true: each example is
 * run against the real code, a wrong expected output is replaced by the real one, and an example
 * that raises, hangs or cannot run is dropped.
 */
import type { ExampleResult } from '../types';

/** One `>>>` example as it sits in the docstring's lines. */
export interface DocExample {
  /** Index of the `>>>` line. */
  firstLine: number;
  /** Index after the last line (source and expected output). */
  endLine: number;
  /** The whitespace before `>>>`. */
  indent: string;
  /** The statement without prompts (continuation lines joined by newlines). */
  source: string;
  /** The expected output lines, without the indent. */
  expected: string[];
}

const PROMPT = /^([ \t]*)>>>(?: (.*)|$)/;

/** Finds the examples the way doctest does: `>>>`, `...` continuations, output up to a blank line or the next `>>>`. */
export function parseExamples(content: string): DocExample[] {
  const lines = content.split('\n');
  const examples: DocExample[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = PROMPT.exec(lines[i] ?? '');
    if (!m) {
      i++;
      continue;
    }
    const indent = m[1] ?? '';
    const first = i;
    const source = [m[2] ?? ''];
    i++;
    while (i < lines.length && (lines[i] ?? '').startsWith(indent + '...') ) {
      source.push((lines[i] ?? '').slice(indent.length + 3).replace(/^ /, ''));
      i++;
    }
    const expected: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !PROMPT.test(lines[i] ?? '')) {
      const line = lines[i] ?? '';
      expected.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
      i++;
    }
    examples.push({ firstLine: first, endLine: i, indent, source: source.join('\n'), expected });
  }
  return examples;
}

/** What happened to the examples, for the UI and the tests. */
export interface ExampleFixReport {
  kept: number;
  corrected: number;
  dropped: number;
}

/**
 * Rewrites `content` from the sandbox's results (in example order, matched by source): passed stay,
 * failed get the real output, anything else is removed. A section header left with no example is
 * removed too. Examples with no result (the sandbox did not reach them) are dropped.
 */
export function applyExampleResults(content: string, results: ExampleResult[]): { content: string; report: ExampleFixReport } {
  const lines = content.split('\n');
  const examples = parseExamples(content);
  const report: ExampleFixReport = { kept: 0, corrected: 0, dropped: 0 };
  const pending = [...results];
  // Work bottom-up so earlier line indices stay valid.
  const replacements = examples.map((ex) => ({ ex, result: takeResult(pending, ex.source) }));
  for (const { ex, result } of replacements.reverse()) {
    const fixed = fixedExample(ex, result);
    if (!fixed) {
      report.dropped++;
      lines.splice(ex.firstLine, ex.endLine - ex.firstLine);
      continue;
    }
    if (fixed.corrected) {
      report.corrected++;
    } else {
      report.kept++;
    }
    lines.splice(ex.firstLine, ex.endLine - ex.firstLine, ...fixed.lines);
  }
  return { content: tidy(dropEmptyExampleSections(lines)).join('\n'), report };
}

function takeResult(pending: ExampleResult[], source: string): ExampleResult | undefined {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const at = pending.findIndex((r) => norm(r.source) === norm(source));
  if (at === -1) {
    return undefined;
  }
  return pending.splice(at, 1)[0];
}

function fixedExample(ex: DocExample, result: ExampleResult | undefined): { lines: string[]; corrected: boolean } | undefined {
  const sourceLines = ex.source.split('\n').map((l, k) => `${ex.indent}${k === 0 ? '>>>' : '...'}${l ? ' ' + l : ''}`);
  if (result?.status === 'passed') {
    return { lines: [...sourceLines, ...ex.expected.map((l) => ex.indent + l)], corrected: false };
  }
  if (result?.status === 'failed' && result.got !== undefined && !/^Traceback \(most recent call last\)/.test(result.got)) {
    const got = result.got.replace(/\n$/, '').split('\n').filter((l, k, all) => !(l === '' && k === all.length - 1));
    if (got.some((l) => l.trim() === '')) {
      return undefined; // a blank line in the output would end the example early; doctest needs <BLANKLINE>
    }
    return { lines: [...sourceLines, ...got.map((l) => ex.indent + l)], corrected: true };
  }
  return undefined;
}

const GOOGLE_EXAMPLES = /^[ \t]*Examples?:[ \t]*$/;
const NUMPY_EXAMPLES = /^[ \t]*Examples?[ \t]*$/;

/** Removes an `Examples:` (Google) or `Examples` + `--------` (NumPy) header that now has no example. */
function dropEmptyExampleSections(lines: string[]): string[] {
  const out = [...lines];
  for (let i = out.length - 1; i >= 0; i--) {
    const numpy = NUMPY_EXAMPLES.test(out[i] ?? '') && /^[ \t]*-{3,}[ \t]*$/.test(out[i + 1] ?? '');
    if (!numpy && !GOOGLE_EXAMPLES.test(out[i] ?? '')) {
      continue;
    }
    const bodyStart = i + (numpy ? 2 : 1);
    let end = bodyStart;
    while (end < out.length && !isNextSection(out, end, numpy, out[i] ?? '')) {
      end++;
    }
    if (!out.slice(bodyStart, end).some((l) => PROMPT.test(l))) {
      out.splice(i, end - i);
    }
  }
  return out;
}

function isNextSection(lines: string[], k: number, numpy: boolean, header: string): boolean {
  const line = lines[k] ?? '';
  if (line.trim() === '') {
    return false;
  }
  if (numpy) {
    return /^[ \t]*-{3,}[ \t]*$/.test(lines[k + 1] ?? '');
  }
  const headerIndent = header.length - header.trimStart().length;
  return line.length - line.trimStart().length <= headerIndent;
}

/** No blank line at either end, never two blank lines in a row. */
function tidy(lines: string[]): string[] {
  const out = lines.filter((l, k) => !(l.trim() === '' && (lines[k - 1] ?? '').trim() === '' && k > 0));
  while (out.length > 0 && (out[out.length - 1] ?? '').trim() === '') {
    out.pop();
  }
  while (out.length > 0 && (out[0] ?? '').trim() === '') {
    out.shift();
  }
  return out;
}
