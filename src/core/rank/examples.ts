/**
 * Examples written without `>>>` (HumanEval style): `f(x) == y`, `f(x) ➞ y`, `f(x) => y`, `f(x) -> y`,
 * `f(x) = y`, `f(x) # returns y` (a call may run over several lines while its brackets are open),
 * `Input: x` / `Output: y` pairs (the input on one line, or one `name: value` line per parameter),
 * calls inside prose (`... f("14.5") should return 15 and ...`), tables of calls with unquoted string
 * arguments (`f(abc) => True`), and `param = value` lines followed by `return value`. The `>>>` examples
 * are parsed by Python's own doctest module in the sandbox, not here.
 */
import { scanCode, stripTrailingComment } from '../python/codeScan';
import type { ExampleSpec } from '../sandbox';
import type { FunctionInfo } from '../types';

/** Arrows between a call and its expected value, longest first. */
const ARROWS = ['==>', '==', '➞', '→', '=>', '->', '# =>', '# ->', '# returns', '#returns', 'returns', 'should return', '='];

/** What may precede a call on its line: bullets, `assert`, `For example:`, `e.g.`, HumanEval's stray `for`. */
const LEAD_IN = /^(?:[*\-•]\s+|assert\s+|(?:for example|examples?|e\.g\.)\s*[:,]?\s*|for\s+(?=\w+\s*\())/i;

/**
 * The docstring's inline examples of calls to `fnName`, as `equals` specs (lines with `>>>` are skipped).
 * With `moduleText` (the file the function is in), a docstring whose examples all call one other name
 * that the file does not define and Python does not build in (the function renamed, its docstring not)
 * has those examples read as calls to `fnName`.
 */
export function extractInlineExamples(docstring: string, fnName: string, moduleText?: string, params?: readonly string[]): ExampleSpec[] {
  const own = examplesCalling(docstring, fnName, moduleText, params);
  if (own.length > 0 || moduleText === undefined) {
    return own;
  }
  const stale = staleName(docstring, fnName, moduleText);
  return stale ? examplesCalling(docstring, stale, moduleText, params).map((e) => ({ ...e, source: fnName + e.source.slice(e.source.indexOf('(')) })) : [];
}

/** The parameters a call passes by position (no keyword-only ones, `*args`, `**kwargs`, markers, nor a method's `self`/`cls`). */
export function paramNames(fn: Pick<FunctionInfo, 'params' | 'enclosingClass'>): string[] {
  const names = fn.params.filter((p) => p.kind === 'positional').map((p) => p.name);
  return fn.enclosingClass && (names[0] === 'self' || names[0] === 'cls') ? names.slice(1) : names;
}

function examplesCalling(docstring: string, fnName: string, moduleText?: string, params?: readonly string[]): ExampleSpec[] {
  const out: ExampleSpec[] = [];
  const add = (call: ExampleSpec | undefined): void => {
    if (call && !callsItself(call.expected ?? '', fnName) && !out.some((e) => e.source === call.source && e.expected === call.expected)) {
      out.push(call);
    }
  };
  const lines = docstring.split(/\r?\n/);
  const bare: ExampleSpec[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim().replace(LEAD_IN, '');
    if (line.startsWith('>>>') || line.startsWith('...')) {
      continue;
    }
    const joined = startsCall(line, fnName) ? joinOpenBrackets(lines, i, line) : line;
    const unquoted = params ? bareWordExample(joined, fnName, params, moduleText) : undefined;
    if (unquoted) {
      bare.push(unquoted);
      continue;
    }
    add(callExample(joined, fnName) ?? inputOutputExample(lines, i, fnName) ?? forExample(line, fnName) ?? (params ? assignedExample(lines, i, fnName, params) : undefined));
  }
  // One such line may be prose (`f(x) -> True when ...`); a table of them is examples.
  if (bare.length >= 2) {
    bare.forEach(add);
  }
  proseExamples(docstring, fnName).forEach(add);
  return out;
}

/** Whether the line begins with a call to `fnName` (possibly qualified). */
function startsCall(line: string, fnName: string): boolean {
  return new RegExp(`^(?:[\\w.]+\\.)?${escapeRegExp(fnName)}\\s*\\(`).test(line);
}

/** Lines that continue a call whose brackets are still open, joined with spaces (as Python joins them). */
function joinOpenBrackets(lines: readonly string[], i: number, first: string): string {
  let text = first;
  for (let j = i + 1; j < Math.min(lines.length, i + MAX_JOINED_LINES) && bracketDepth(text) > 0; j++) {
    text += ' ' + lines[j]!.trim();
  }
  return bracketDepth(text) === 0 ? text : first;
}

/** How far a long example may run over lines. */
const MAX_JOINED_LINES = 12;

/** Open brackets minus closed ones outside string literals. */
function bracketDepth(text: string): number {
  let depth = 0;
  scanCode(text, (c) => {
    depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
  });
  return depth;
}

/** An expected value that calls the function is a recurrence (`f(3) = f(2) + f(1)`), not an answer. */
function callsItself(expected: string, fnName: string): boolean {
  return new RegExp(`(?:^|[^\\w.])${escapeRegExp(fnName)}\\s*\\(`).test(expected);
}

/** The one name other than `fnName` that the docstring's example lines call, if the file does not define it. */
function staleName(docstring: string, fnName: string, moduleText: string): string | undefined {
  const names = new Set<string>();
  for (const raw of docstring.split(/\r?\n/)) {
    const m = raw.trim().replace(LEAD_IN, '').match(/^([A-Za-z_]\w*)\s*\(/);
    if (m && m[1] !== fnName && callExample(raw.trim().replace(LEAD_IN, ''), m[1]!)) {
      names.add(m[1]!);
    }
  }
  const [name] = names;
  if (names.size !== 1 || PYTHON_BUILTINS.has(name!) || definesName(moduleText, name!)) {
    return undefined;
  }
  return name;
}

/** Whether the file defines, assigns or imports `name` at any level. */
function definesName(moduleText: string, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`^\\s*(?:(?:async\\s+)?def|class)\\s+${n}\\b|^\\s*${n}\\s*(?::[^=]*)?=[^=]|\\bimport\\b[^\\n]*\\b${n}\\b`, 'm').test(moduleText);
}

/** Python's built-in functions and types: a call to one in a docstring is not a renamed function. */
const PYTHON_BUILTINS = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod ' +
    'enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len ' +
    'list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice sorted ' +
    'staticmethod str sum super tuple type vars zip'
  ).split(' '),
);

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
  if (/^[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*$/.test(line.slice(start[0].length, close).trim())) {
    return undefined; // `fib(n) -> fib(n-1) + ...` defines, it does not exemplify
  }
  const rest = line.slice(close + 1).trim();
  const arrow = ARROWS.find((a) => rest.startsWith(a));
  if (!arrow) {
    return undefined;
  }
  const expected = cleanExpected(rest.slice(arrow.length));
  return expected ? { kind: 'equals', source, expected } : undefined;
}

/**
 * `f(abc) => True`: a call whose arguments are all bare words that are none of the function's parameters,
 * no builtin and nothing the file defines, with a literal expected value, reads the words as strings.
 */
function bareWordExample(line: string, fnName: string, params: readonly string[], moduleText: string | undefined): ExampleSpec | undefined {
  const start = line.match(new RegExp(`^${escapeRegExp(fnName)}\\s*\\(`));
  const close = start ? matchingParen(line, start[0].length - 1) : -1;
  if (!start || close < 0) {
    return undefined;
  }
  const words = splitTopLevel(line.slice(start[0].length, close)).map((w) => w.trim());
  const known = (w: string): boolean => params.includes(w) || PYTHON_BUILTINS.has(w) || PYTHON_CONSTANTS.has(w) || (moduleText !== undefined && definesName(moduleText, w));
  if (!words.every((w) => /^[A-Za-z_]\w*$/.test(w)) || words.some(known) || words.length !== params.length) {
    return undefined;
  }
  const rest = line.slice(close + 1).trim();
  const arrow = ARROWS.find((a) => rest.startsWith(a));
  const expected = arrow ? cleanExpected(rest.slice(arrow.length)) : undefined;
  if (!expected || leadingLiteral(expected) !== expected) {
    return undefined;
  }
  return { kind: 'equals', source: `${fnName}(${words.map((w) => `'${w}'`).join(', ')})`, expected };
}

const PYTHON_CONSTANTS = new Set(['True', 'False', 'None']);

/** Phrases that join a call in running text to its result. */
const PROSE_ARROWS = ['should return', 'should be', 'will return', 'returns', 'gives', 'is', '==', '➞', '→', '=>', '->'];

/**
 * Calls to `fnName` inside running text, each followed by a phrase of {@link PROSE_ARROWS} and a literal
 * (`For example f("14.5") should return 15 and f("-14.5") should return -15.`); lines are joined first,
 * as a sentence may wrap. Calls that begin a line are the line forms' business (`f(x) -> 19 - 5 = 14`
 * is a worked sum there, not the answer 19).
 */
function proseExamples(docstring: string, fnName: string): ExampleSpec[] {
  const lineCalls = new Set<number>();
  let text = '';
  for (const raw of docstring.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('>>>') || line.startsWith('...')) {
      continue;
    }
    text += text ? ' ' : '';
    lineCalls.add(text.length + line.length - line.replace(LEAD_IN, '').length);
    text += line;
  }
  const out: ExampleSpec[] = [];
  const call = new RegExp(`(?<![\\w.])${escapeRegExp(fnName)}\\s*\\(`, 'g');
  for (let m = call.exec(text); m; m = call.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    if (lineCalls.has(m.index) || close < 0 || /^[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*$/.test(text.slice(open + 1, close).trim())) {
      continue;
    }
    const rest = text.slice(close + 1).trim();
    const arrow = PROSE_ARROWS.find((a) => rest.startsWith(a) && !/\w/.test(rest[a.length] ?? ''));
    const expected = arrow ? leadingLiteral(rest.slice(arrow.length).trim()) : undefined;
    if (expected) {
      out.push({ kind: 'equals', source: text.slice(m.index, close + 1), expected: cleanExpected(expected) ?? expected });
    }
  }
  return out;
}

/**
 * The Python literal at the start of `text`: a string, a bracketed display, a number (with a sign) or
 * `True`/`False`/`None` (any case); undefined when the text starts with anything else.
 */
export function leadingLiteral(text: string): string | undefined {
  const c = text[0];
  if (c === '"' || c === "'") {
    const end = scanCode(text, (_, i) => i > 0).stoppedAt;
    const closed = end < 0 ? (scanCode(text, () => false).openQuote ? -1 : text.length) : end;
    return closed > 1 ? text.slice(0, closed) : undefined;
  }
  if (c === '[' || c === '(' || c === '{') {
    const end = closingBracket(text);
    return end > 0 ? text.slice(0, end + 1) : undefined;
  }
  const word = text.match(/^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|-?\.\d+|true|false|none)(?!\w|\.\d)/i);
  return word ? word[0] : undefined;
}

/** Index of the bracket closing the one at 0, skipping strings; -1 if unbalanced. */
function closingBracket(text: string): number {
  let depth = 0;
  const end = scanCode(text, (c) => {
    depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    return depth === 0;
  }).stoppedAt;
  return end;
}

/**
 * `arr = [2, 1, 3]` (one `name = value` per parameter, on one line or several, every parameter named),
 * then optional worked steps (lines starting with an arrow), then `return [3, 2, 1]`.
 */
function assignedExample(lines: readonly string[], i: number, fnName: string, params: readonly string[]): ExampleSpec | undefined {
  const args = new Map<string, string>();
  let j = i;
  for (; j < lines.length && args.size < params.length; j++) {
    const pairs = splitTopLevel(lines[j]!.trim()).map((p) => p.trim().match(/^([A-Za-z_]\w*)\s*=\s*(.+)$/));
    if (pairs.length === 0 || pairs.some((p) => !p || !params.includes(p[1]!) || args.has(p[1]!) || leadingLiteral(p[2]!.trim()) !== p[2]!.trim())) {
      return undefined;
    }
    pairs.forEach((p) => args.set(p![1]!, p![2]!.trim()));
  }
  if (args.size !== params.length) {
    return undefined;
  }
  for (; j < lines.length; j++) {
    const line = lines[j]!.trim();
    const ret = line.match(/^return\s*=?\s*(.+)$/);
    if (ret) {
      const expected = leadingLiteral(ret[1]!.trim());
      return expected ? { kind: 'equals', source: `${fnName}(${params.map((p) => args.get(p)).join(', ')})`, expected } : undefined;
    }
    if (!/^(?:->|=>|→|➞)/.test(line)) {
      return undefined;
    }
  }
  return undefined;
}

/** `For x = 1, y = "a" the output should be 3` (the call passes the values by position, or by name if several). */
function forExample(line: string, fnName: string): ExampleSpec | undefined {
  const m = line.match(/^For\s+(.*?)\s+the (?:output|result|answer) should be\s+(.+)$/i);
  if (!m) {
    return undefined;
  }
  const args: [string, string][] = [];
  for (const segment of splitTopLevel(m[1]!.replace(/,\s*$/, ''))) {
    const a = segment.trim().match(/^(\w+)\s*=\s*(.+)$/);
    if (!a) {
      break;
    }
    args.push([a[1]!, a[2]!.trim()]);
  }
  const expected = cleanExpected(m[2]!);
  if (args.length === 0 || !expected) {
    return undefined;
  }
  const call = args.length === 1 ? args[0]![1] : args.map(([k, v]) => `${k}=${v}`).join(', ');
  return { kind: 'equals', source: `${fnName}(${call})`, expected };
}

/** Splits at commas outside brackets and strings. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  scanCode(text, (c, i) => {
    if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
    } else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  });
  out.push(text.slice(start));
  return out;
}

/**
 * `Input: x` followed by `Output: y` (the call is built from the input), or `Input:` alone followed by
 * one `name: value` (or `name = value`) line per argument, passed in that order.
 */
function inputOutputExample(lines: string[], i: number, fnName: string): ExampleSpec | undefined {
  const input = lines[i]!.trim().match(/^Input\s*:\s*(.*)$/i);
  if (!input) {
    return undefined;
  }
  const args = input[1]!.trim() ? [input[1]!.trim()] : [];
  const oneLine = args.length > 0;
  for (let j = i + 1; j < Math.min(lines.length, oneLine ? i + 3 : i + 12); j++) {
    const line = lines[j]!.trim();
    const output = line.match(/^Output\s*:\s*(.+)$/i);
    if (output) {
      const expected = cleanExpected(output[1]!);
      return expected && args.length > 0 ? { kind: 'equals', source: `${fnName}(${args.join(', ')})`, expected } : undefined;
    }
    const named = line.match(/^[A-Za-z_]\w*\s*[:=]\s*(.+)$/);
    if (!oneLine && named) {
      args.push(named[1]!.trim());
    } else if (!oneLine && line !== '') {
      return undefined;
    }
  }
  return undefined;
}

/** Trims explanations: a trailing `# ...` comment or `(...)` note, `a - b = c` worked sums, lowercase booleans. */
export function cleanExpected(raw: string): string | undefined {
  let text = stripTrailingComment(raw).trim().replace(/[.,;]$/, '').trim();
  const literal = text.match(/^('[^'\\]*'|"[^"\\]*")\s+\S/);
  if (literal) {
    text = literal[1]!; // `'No' (the name should start with a letter)` → `'No'`
  }
  if (/^[^'"]*[^=!<>]=[^=]/.test(text)) {
    text = text.slice(text.lastIndexOf('=') + 1).trim(); // `19 - 5 - 6 = 8` → `8`
  }
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false' || lower === 'none') {
    text = lower[0]!.toUpperCase() + lower.slice(1);
  }
  return text === '' ? undefined : text;
}

/** Index of the `)` matching the `(` at `open`, skipping strings; -1 if unbalanced. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  const end = scanCode(
    text,
    (c) => {
      if (c === '(' || c === '[' || c === '{') {
        depth++;
      } else if (c === ')' || c === ']' || c === '}') {
        depth--;
        return depth === 0;
      }
      return false;
    },
    { start: open },
  ).stoppedAt;
  return end >= 0 && text[end] === ')' ? end : -1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `>>> f(x) == y` example written without an output line means "this is True": check it by value
 * (doctest itself would expect no output at all and fail every sample alike).
 */
export function comparisonAsEquals(spec: ExampleSpec): ExampleSpec {
  if (spec.kind !== 'doctest' || (spec.expected ?? '') !== '' || spec.source.includes('\n')) {
    return spec;
  }
  const parts = splitTopLevelOperator(spec.source, '==');
  return parts ? { kind: 'equals', source: parts[0], expected: parts[1] } : spec;
}

/** `[left, right]` around the single top-level `op` outside strings and brackets. */
function splitTopLevelOperator(text: string, op: string): [string, string] | undefined {
  let depth = 0;
  let at = -1;
  let resumeAt = 0; // just after an operator found, so that its own characters are not read again
  let ambiguous = false;
  scanCode(text, (c, i) => {
    if (i < resumeAt) {
      return false;
    }
    if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
    } else if (depth === 0 && text.startsWith(op, i) && !'=!<>'.includes(text[i - 1] ?? '') && text[i + op.length] !== '=') {
      ambiguous = at >= 0;
      at = i;
      resumeAt = i + op.length;
      return ambiguous;
    }
    return false;
  });
  if (ambiguous || at < 0) {
    return undefined;
  }
  const left = text.slice(0, at).trim();
  const right = text.slice(at + op.length).trim();
  return left && right ? [left, right] : undefined;
}
