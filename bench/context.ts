/**
 * Context extraction after a one-character edit, the editor's hot path: each round types one
 * character at the cursor inside a function in the middle of the file and calls buildContext with
 * the document's key and a new version (the incremental path). Prints p50/p95 for a 300-line and a
 * 10,000-line file (targets: p50 ≤ 1 ms and ≤ 10 ms), and the p50 when typing outside any function.
 */
import { performance } from 'perf_hooks';
import { buildContext } from '../src/core/context/buildContext';
import { getParser } from '../src/core/python/parser';

const ROUNDS = 200;
const WARMUP_ROUNDS = 20;

/**
 * A module of about `lines` lines: imports, a constant, documented functions and classes, and the
 * function being written (`target`) in the middle; the cursor is at the end of its last, partial line.
 */
export function generatedModule(lines: number): { text: string; offset: number } {
  const head = ['import math', 'from typing import List', '', 'LIMIT = 10', '', ''];
  const half = (n: number): string[] => {
    const out: string[] = [];
    for (let i = 0; out.length < n; i++) {
      out.push(...(i % 5 === 4 ? classBlock(i) : functionBlock(i)));
    }
    return out;
  };
  const targetLines = ['def target(values: List[float]) -> float:', '    """Mean of values.', '', '    >>> target([1.0, 3.0])', '    2.0', '    """', '    total = 0.0', '    total = sum(values) / le'];
  const before = [...head, ...half((lines - targetLines.length - head.length) / 2), ...targetLines].join('\n');
  const after = half((lines - targetLines.length - head.length) / 2).join('\n');
  return { text: `${before}\n\n\n${after}`, offset: before.length };
}

function functionBlock(i: number): string[] {
  return [`def helper_${i}(x: int, y: int = ${i}) -> int:`, `    """Combine x and y (${i})."""`, '    z = x * y', `    if z > ${i}:`, '        return z - y', '    return x + y  # done', '', ''];
}

function classBlock(i: number): string[] {
  return [`class Thing${i}:`, `    """Thing number ${i}."""`, '', '    def __init__(self, n):', '        self.n = n', '', '    def size(self) -> int:', '        return self.n * 2', '', ''];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** p50/p95 of buildContext after typing one character at the cursor (or at `editAt`), incrementally. */
async function measure(lines: number, where: 'function' | 'module'): Promise<{ p50: number; p95: number }> {
  const generated = generatedModule(lines);
  const base = generated.text;
  // Outside a function: the cursor on the line `LIMIT = 10`, where typing changes a module-level statement.
  const offset = where === 'function' ? generated.offset : base.indexOf('LIMIT = 10') + 'LIMIT = 10'.length;
  const key = `bench:${lines}:${where}`;
  await buildContext({ text: base, offset, key, version: 0 });
  const times: number[] = [];
  for (let round = 1; round <= WARMUP_ROUNDS + ROUNDS; round++) {
    // Type one character at the cursor (alternately typed and deleted, so the text stays the same size).
    const typed = round % 2;
    const text = typed ? base.slice(0, offset) + 'n' + base.slice(offset) : base;
    const t0 = performance.now();
    const ctx = await buildContext({ text, offset: offset + typed, key, version: round });
    const ms = performance.now() - t0;
    if ((where === 'function') !== (ctx.fn?.name === 'target')) {
      throw new Error(`unexpected context at the cursor: ${JSON.stringify(ctx.decision)}`);
    }
    if (round > WARMUP_ROUNDS) {
      times.push(ms);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Runs the bench and prints one line per figure. */
export async function run(): Promise<void> {
  await getParser();
  for (const [label, lines] of [['300', 300], ['10000', 10_000]] as const) {
    const { p50, p95 } = await measure(lines, 'function');
    console.log(`context_${label}_lines_p50: ${p50.toFixed(3)} ms`);
    console.log(`context_${label}_lines_p95: ${p95.toFixed(3)} ms`);
  }
  // Typing outside any function re-parses the whole tree incrementally (nothing is completed there).
  const outside = await measure(10_000, 'module');
  console.log(`context_10000_lines_outside_function_p50: ${outside.p50.toFixed(3)} ms`);
}
