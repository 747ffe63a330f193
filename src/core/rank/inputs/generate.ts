/**
 * Inputs without a model: call expressions for the function being completed, made from what the file
 * says about its parameters — the examples' arguments, defaults, literals in the docstring and type
 * hints — and then mutated in EvalPlus's manner (evalplus `gen/type_mut.py`): numbers nudged or swapped
 * for seen values, strings with pieces inserted, removed or duplicated, containers with elements
 * removed, inserted, appended or mutated, recursively. Seeded and deterministic. Which inputs are
 * kept is decided after the samples ran them (see `keptInputs`): those most samples run without raising.
 */
import { getParser } from '../../python/parser';
import type { FunctionInfo, Param } from '../../types';
import { parseTypeHint, type TypeSpec } from './typeHints';
import { typeFromUsage } from './usage';
import { parseCallArgs, parseValue, renderValue, type PyValue } from './values';

/** How many inputs to make and how. */
export interface InputOptions {
  /** At most this many calls. */
  cap: number;
  /** The random stream's seed (mixed with the function's signature). */
  seed?: number;
  /** Stop mutating after this long. */
  budgetMs?: number;
  /**
   * Calls written elsewhere than the examples (the model-written tests' `f(...)`): they show the
   * argument types where there are no hints, and join the inputs and the seeds as they are.
   */
  seedCalls?: readonly string[];
  /** The samples' code: how they use an unhinted parameter tells its type (see `typeFromUsage`). */
  samples?: readonly string[];
  /** Types an execution probe chose for the unhinted parameters (see `probeTypes`, `chooseTypes`); by parameter index. */
  probed?: readonly (ParamType | undefined)[];
}

/** A parameter's type for generation: the first guess, and a second tried on a quarter of the seeds. */
export interface ParamType {
  primary: TypeSpec;
  second?: TypeSpec;
  /** The type is a guess (no hint, example, default or written call showed it): the probe may replace it. */
  guessed?: boolean;
}

/** Caps that keep generated inputs cheap to run (a quadratic sample on a long list still finishes). */
const MAX_ITEMS = 8;
const MAX_CHARS = 24;
const MAX_INT = 1000;

/**
 * Up to `cap` distinct calls `name(args)` (none equal to an example's own call). Empty for a method
 * (calling it needs an instance) or when a parameter's type cannot be made (a class, a callable).
 */
export async function generateInputs(fn: FunctionInfo, exampleCalls: readonly string[], opts: InputOptions): Promise<string[]> {
  await getParser();
  if (fn.enclosingClass || opts.cap <= 0) {
    return [];
  }
  const { params, seen, examples, written, types: guessed } = readSignature(fn, exampleCalls, opts);
  const types = guessed.map((t, i) => opts.probed?.[i] ?? t);
  if (types.some((t) => t.primary.k === 'unknown')) {
    return [];
  }
  const rng = mulberry32((opts.seed ?? 1) ^ hashString(fn.signature));
  const gen = new Generator(rng, seen);
  const own = new Set(exampleCalls.map((c) => c.replace(/\s+/g, '')));
  const out = new Map<string, PyValue[]>();
  const add = (args: PyValue[]): void => {
    const call = `${fn.name}(${args.map((a, i) => (params[i]!.kind === 'keyword' ? `${params[i]!.name}=` : '') + renderValue(a)).join(', ')})`;
    if (!own.has(call.replace(/\s+/g, '')) && !out.has(call) && out.size < opts.cap) {
      out.set(call, args);
    }
  };
  // Seeds: the examples' own arguments are mutated, never repeated; then values of each hinted type.
  const pool: PyValue[][] = [...examples, ...written];
  // Calls the model wrote in its tests are inputs as they stand (at most a third of the cap).
  written.slice(0, Math.ceil(opts.cap / 3)).forEach(add);
  const seeds = Math.max(2, Math.ceil(opts.cap / 3));
  for (let i = 0; i < seeds; i++) {
    const probe = i % 4 === 3; // every fourth seed tries the second guess for unhinted parameters
    const args = types.map((t) => gen.valueOf(probe && t.second ? t.second : t.primary, i));
    pool.push(args);
    add(args);
  }
  const deadline = Date.now() + (opts.budgetMs ?? 20);
  for (let tries = 0; out.size < opts.cap && tries < opts.cap * 20 && Date.now() <= deadline; tries++) {
    const base = pool[Math.floor(rng() * pool.length)]!;
    const at = Math.floor(rng() * base.length);
    const next = base.map((a, i) => (i === at ? gen.mutate(a, types[i]!.primary) : a));
    pool.push(next);
    add(next);
  }
  return [...out.keys()];
}

/** What the file says about the parameters: their types, the examples' and written calls' arguments, the values seen. */
function readSignature(fn: FunctionInfo, exampleCalls: readonly string[], opts: Pick<InputOptions, 'seedCalls' | 'samples'>) {
  const params = callableParams(fn.params);
  const seen = new SeenValues();
  const examples = exampleArgs(fn.name, exampleCalls, params.length);
  const written = exampleArgs(fn.name, opts.seedCalls ?? [], params.length);
  [...examples, ...written].forEach((args) => args.forEach((a) => seen.add(a)));
  params.forEach((p) => (p.default !== undefined ? seen.addSource(p.default) : undefined));
  seen.addDocstring(fn.docstring?.text ?? '');
  const types = params.map((p, i) => typeFor(p, i, [...examples, ...written], fn.docstring?.text ?? '', opts.samples ?? []));
  return { params, seen, examples, written, types };
}

/** The types an execution probe tries for a guessed parameter, and two values of each that a wrong type rejects. */
const PROBED: readonly (readonly [TypeSpec, readonly string[]])[] = [
  [{ k: 'int' }, ['3', '10']],
  [{ k: 'float' }, ['2.5', '0.5']],
  [{ k: 'str' }, ["'abc'", "'Hello World'"]],
  [{ k: 'list', of: { k: 'int' } }, ['[3, 1, 2]', '[5, 8]']],
  [{ k: 'list', of: { k: 'str' } }, ["['ab', 'cde']", "['hello', 'world']"]],
  [{ k: 'list', of: { k: 'list', of: { k: 'int' } } }, ['[[1, 2], [3, 4]]', '[[5], [6, 7, 8]]']],
  [{ k: 'dict', key: { k: 'str' }, value: { k: 'int' } }, ["{'a': 1, 'b': 2}", "{'x': 3}"]],
];

/** A probe: calls that each try one type for one guessed parameter, the others at a value of their own type. */
export interface TypeProbe {
  calls: string[];
  /** For each call: the parameter probed and the type tried. */
  tried: { param: number; type: TypeSpec }[];
  /** The types before the probe, by parameter. */
  types: ParamType[];
}

/**
 * Where a parameter's type is only a guess (no hint, no example, default or written call shows it): calls
 * that try small values of the common types for it (the issue's "probe"). Undefined when no parameter
 * needs it, for a method, or when another parameter's type cannot be made.
 */
export async function probeTypes(fn: FunctionInfo, exampleCalls: readonly string[], opts: Pick<InputOptions, 'seedCalls' | 'samples'>): Promise<TypeProbe | undefined> {
  await getParser();
  if (fn.enclosingClass) {
    return undefined;
  }
  const { params, seen, types } = readSignature(fn, exampleCalls, opts);
  if (!types.some((t) => t.guessed) || types.some((t) => t.primary.k === 'unknown')) {
    return undefined;
  }
  const gen = new Generator(mulberry32(hashString(fn.signature)), seen);
  const fixed = types.map((t) => renderValue(gen.valueOf(t.primary, 2)));
  const calls: string[] = [];
  const tried: TypeProbe['tried'] = [];
  types.forEach((t, param) => {
    if (!t.guessed) {
      return;
    }
    for (const [type, values] of PROBED) {
      for (const value of values) {
        const args = fixed.map((a, i) => (i === param ? value : a));
        calls.push(`${fn.name}(${args.map((a, i) => (params[i]!.kind === 'keyword' ? `${params[i]!.name}=` : '') + a).join(', ')})`);
        tried.push({ param, type });
      }
    }
  });
  return { calls, tried, types };
}

/**
 * Reads a probe's outcome: for each guessed parameter, the type most samples (by votes) accept — run without
 * a TypeError or AttributeError — becomes the first guess (ties keep the earlier guess), and the next
 * type a majority accepts the second. `rows[sample][call]`, in the probe's call order.
 */
export function chooseTypes(probe: TypeProbe, rows: readonly (readonly MatrixCellLike[])[], votes: readonly number[]): (ParamType | undefined)[] {
  const total = votes.reduce((a, b) => a + b, 0);
  return probe.types.map((t, param) => {
    if (!t.guessed || total === 0) {
      return undefined;
    }
    const order = [t.primary, ...(t.second ? [t.second] : []), ...PROBED.map(([type]) => type)].filter((x, i, all) => all.findIndex((y) => sameType(x, y)) === i);
    const share = (type: TypeSpec): number => {
      const calls = probe.tried.flatMap((x, k) => (x.param === param && sameType(x.type, type) ? [k] : []));
      if (calls.length === 0) {
        return 0;
      }
      const accepted = rows.reduce((n, row, s) => n + votes[s]! * calls.filter((k) => !rejectsType(row[k])).length, 0);
      return accepted / (total * calls.length);
    };
    const ranked = order.map((type, i) => ({ type, share: share(type), i })).sort((a, b) => b.share - a.share || a.i - b.i);
    const second = ranked.slice(1).find((r) => r.share > 0.5);
    return { primary: ranked[0]!.type, ...(second ? { second: second.type } : {}), guessed: true };
  });
}

/** The parts of a matrix cell the probe reads. */
export interface MatrixCellLike {
  status: string;
  type?: string;
}

/** The call was refused for its argument's type (the sample used it as another type). */
function rejectsType(cell: MatrixCellLike | undefined): boolean {
  return cell?.status === 'error' && (cell.type === 'TypeError' || cell.type === 'AttributeError');
}

function sameType(a: TypeSpec, b: TypeSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The parameters a call fills: positional ones, and keyword-only ones without a default (by name). */
function callableParams(params: Param[]): Param[] {
  return params.filter((p) => p.kind === 'positional' || (p.kind === 'keyword' && p.default === undefined));
}

/** Literal argument lists of the examples that call the function with exactly the parameters given. */
function exampleArgs(fnName: string, calls: readonly string[], arity: number): PyValue[][] {
  const out: PyValue[][] = [];
  for (const call of calls) {
    const parsed = parseCallArgs(call, fnName);
    if (parsed && parsed.kwargs.length === 0 && parsed.args.length === arity) {
      out.push(parsed.args);
    }
  }
  return out;
}

/**
 * A parameter's type: its hint, else what the examples pass, else its default's, else what most samples
 * use it as, else a guess from its name.
 */
function typeFor(p: Param, i: number, examples: PyValue[][], doc: string, samples: readonly string[]): ParamType {
  const hinted = parseTypeHint(p.annotation);
  if (hinted.k !== 'any') {
    return { primary: hinted };
  }
  const fromExamples = examples.flatMap((args) => (args[i] !== undefined ? [args[i]] : []));
  if (fromExamples.length > 0) {
    return { primary: typeOfValues(fromExamples) };
  }
  const dflt = p.default !== undefined ? parseValue(p.default) : undefined;
  if (dflt && dflt.k !== 'none' && dflt.k !== 'raw') {
    return { primary: typeOfValue(dflt) };
  }
  const guesses = guessTypes(p.name, doc);
  const usage = typeFromUsage(p.name, samples);
  // Code shows a list, not what is in it: the docstring's words about the elements decide that.
  const used = usage?.k === 'list' && guesses[0]!.k === 'list' ? guesses[0] : usage;
  if (used) {
    return { primary: used, second: guesses.find((g) => JSON.stringify(g) !== JSON.stringify(used)), guessed: true };
  }
  return { primary: guesses[0]!, second: guesses[1], guessed: true };
}

/**
 * The type of a parameter's values across the examples: the first's, or int | float when the examples pass
 * both (`f(3, 2)` and `f(3.6, -2.2)`: the function takes numbers, and an int-valued float may matter).
 */
function typeOfValues(values: PyValue[]): TypeSpec {
  const kinds = new Set(values.map((v) => v.k));
  if (kinds.size === 2 && kinds.has('int') && kinds.has('float')) {
    return { k: 'union', of: [{ k: 'int' }, { k: 'float' }] };
  }
  const first = values[0]!;
  if ((first.k === 'list' || first.k === 'set') && values.every((v) => v.k === first.k)) {
    // The elements of all the examples' lists: `f([], 1)` then `f([[1], [2, 3]], 2)` is a list of lists.
    const items = values.flatMap((v) => (v as { items: PyValue[] }).items);
    return { k: first.k, of: items.length > 0 ? typeOfValues(items) : { k: 'int' } };
  }
  return typeOfValue(first);
}

function typeOfValue(v: PyValue): TypeSpec {
  switch (v.k) {
    case 'list':
    case 'set':
      return { k: v.k, of: v.items[0] ? typeOfValue(v.items[0]) : { k: 'int' } };
    case 'tuple':
      return { k: 'tuple', of: v.items.map(typeOfValue), variadic: false };
    case 'dict':
      return v.entries[0] ? { k: 'dict', key: typeOfValue(v.entries[0][0]), value: typeOfValue(v.entries[0][1]) } : { k: 'dict', key: { k: 'str' }, value: { k: 'int' } };
    case 'raw':
      return { k: 'int' };
    default:
      return { k: v.k };
  }
}

const INT: TypeSpec = { k: 'int' };
const STR: TypeSpec = { k: 'str' };
const FLOAT: TypeSpec = { k: 'float' };
const INT_LIST: TypeSpec = { k: 'list', of: INT };
const STR_LIST: TypeSpec = { k: 'list', of: STR };

/**
 * Likely types of an unhinted parameter, best first, from its name and the docstring's words near it.
 * The second is probed on a quarter of the seeds; the samples' runs decide which inputs stay.
 */
export function guessTypes(name: string, doc: string): TypeSpec[] {
  const n = name.toLowerCase();
  const d = doc.toLowerCase();
  const near = (re: RegExp): boolean => new RegExp(`(?:${re.source})[^.]{0,40}\\b${escapeRe(n)}\\b|\\b${escapeRe(n)}\\b[^.]{0,40}(?:${re.source})`).test(d);
  let first: TypeSpec;
  if (/^(s|str|string|text|txt|word|sentence|msg|message|name|line|char|c|letter)$|(str|string|text|word|name|sentence)$/.test(n)) {
    first = STR;
  } else if (/(words|strings|names|lines|strs)$/.test(n)) {
    first = STR_LIST;
  } else if (/^(l|lst|arr|array|nums|numbers|xs|values|items|data|seq|list\d*|l\d|lst\d)$|s$/.test(n) && n.length > 1) {
    first = near(/strings?|words?/) ? STR_LIST : INT_LIST;
  } else if (/^(x|y|z|f|r|t|price|rate|ratio|weight)$/.test(n) && near(/float|real|decimal/)) {
    first = FLOAT;
  } else if (near(/list|array|sequence|vector/)) {
    first = near(/strings?|words?/) ? STR_LIST : INT_LIST;
  } else if (near(/strings?|words?|text|sentence|characters?/)) {
    first = STR;
  } else if (near(/float|decimal|real number/)) {
    first = FLOAT;
  } else {
    first = INT;
  }
  const order = [INT, STR, INT_LIST, FLOAT, STR_LIST];
  return [first, ...order.filter((t) => t !== first)];
}

/** Values seen in the examples, defaults and docstring: mutation swaps them in. */
class SeenValues {
  readonly ints = new Set<number>();
  readonly floats = new Set<number>();
  readonly strs = new Set<string>();
  negatives = false;

  add(v: PyValue): void {
    if (v.k === 'int') {
      this.ints.add(v.v);
      this.negatives ||= v.v < 0;
    } else if (v.k === 'float') {
      this.floats.add(v.v);
      this.negatives ||= v.v < 0;
    } else if (v.k === 'str') {
      this.strs.add(v.v);
    } else if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') {
      v.items.forEach((x) => this.add(x));
    } else if (v.k === 'dict') {
      v.entries.forEach(([a, b]) => (this.add(a), this.add(b)));
    }
  }

  addSource(source: string): void {
    const v = parseValue(source);
    if (v) {
      this.add(v);
    }
  }

  /** Quoted strings and numbers written in the docstring's prose. */
  addDocstring(doc: string): void {
    for (const m of doc.matchAll(/(['"])([^'"\n]{1,24})\1/g)) {
      this.strs.add(m[2]!);
    }
    for (const m of doc.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g)) {
      const v = Number(m[0]);
      if (Math.abs(v) <= MAX_INT) {
        (m[0].includes('.') ? this.floats : this.ints).add(v);
      }
    }
    this.negatives ||= /negative/i.test(doc);
  }
}

type Rng = () => number;

/** Makes and mutates values of a type. */
class Generator {
  constructor(
    private readonly rng: Rng,
    private readonly seen: SeenValues,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng() * xs.length)]!;
  }

  /** A value of `t`; `i` walks small values first so the first seeds are the simple cases. */
  valueOf(t: TypeSpec, i: number, depth = 0): PyValue {
    switch (t.k) {
      case 'int':
      case 'any':
        return { k: 'int', v: this.someInt(i, depth > 0) };
      case 'float':
        return { k: 'float', v: this.someFloat(i, depth > 0) };
      case 'bool':
        return { k: 'bool', v: i % 2 === 0 };
      case 'none':
      case 'unknown':
        return { k: 'none' };
      case 'str':
        return { k: 'str', v: this.someStr(i) };
      case 'literal':
        return t.values[i % t.values.length]!;
      case 'union': {
        const concrete = t.of.filter((x) => x.k !== 'none');
        return i % 5 === 4 || concrete.length === 0 ? this.valueOf(this.pick(t.of), i, depth) : this.valueOf(concrete[i % concrete.length]!, i, depth);
      }
      case 'list':
      case 'set': {
        const size = depth > 1 ? Math.min(i % 3, 2) : i === 0 ? 0 : 1 + Math.floor(this.rng() * Math.min(MAX_ITEMS - 1, 2 + i));
        const items = Array.from({ length: size }, (_, j) => this.valueOf(t.of, i + j + 1, depth + 1));
        return { k: t.k, items: t.k === 'set' ? uniqueValues(items) : items };
      }
      case 'tuple': {
        if (t.variadic) {
          const size = 1 + Math.floor(this.rng() * 3);
          return { k: 'tuple', items: Array.from({ length: size }, (_, j) => this.valueOf(t.of[0]!, i + j, depth + 1)) };
        }
        return { k: 'tuple', items: t.of.map((x, j) => this.valueOf(x, i + j, depth + 1)) };
      }
      case 'dict': {
        const size = i === 0 ? 0 : 1 + Math.floor(this.rng() * 3);
        const entries: [PyValue, PyValue][] = [];
        for (let j = 0; j < size; j++) {
          const key = this.valueOf(t.key.k === 'any' ? STR : t.key, i + j, depth + 1);
          if (!entries.some(([k]) => renderValue(k) === renderValue(key))) {
            entries.push([key, this.valueOf(t.value, i + j + 1, depth + 1)]);
          }
        }
        return { k: 'dict', entries };
      }
    }
  }

  /**
   * Negative values: for a number inside a container always possible (a list of amounts, of readings:
   * the sign is what many functions look at); for a scalar only when the file shows one, since a
   * negative count or size is mostly out of the domain and the samples then differ on nothing useful.
   */
  private negativesFor(element: boolean): boolean {
    return element || this.seen.negatives;
  }

  private someInt(i: number, element = false): number {
    const small = [0, 1, 2, 3, 5, 10, 4, 7, 12, 8, 15, 6, 20, 9, 11];
    const seen = [...this.seen.ints].filter((v) => Math.abs(v) <= MAX_INT);
    if (seen.length > 0 && i % 3 === 2) {
      return this.pick(seen);
    }
    const v = small[i % small.length]!;
    return this.negativesFor(element) && i % 4 === 3 ? -v : v;
  }

  private someFloat(i: number, element = false): number {
    const small = [0.0, 1.5, 2.0, 3.7, 0.5, 10.0, 2.25, 4.1];
    const seen = [...this.seen.floats, ...this.seen.ints].filter((v) => Math.abs(v) <= MAX_INT);
    const v = seen.length > 0 && i % 3 === 2 ? this.pick(seen) : small[i % small.length]!;
    return this.negativesFor(element) && i % 4 === 3 ? -v : v;
  }

  private someStr(i: number): string {
    // Odd and even lengths, cases, spaces, digits and vowels: what string functions most often test for.
    const small = ['', 'a', 'abc', 'Hello World', 'ab', 'racecar', 'ab cd', 'abba', 'xyz', 'Hi there', 'AbC', 'hello', '123', 'aeiou'];
    const seen = [...this.seen.strs];
    return seen.length > 0 && i % 2 === 1 ? this.pick(seen) : small[i % small.length]!;
  }

  /** One EvalPlus-style mutation of `v` (typed by `t` where the value alone cannot tell, e.g. an empty list). */
  mutate(v: PyValue, t: TypeSpec, depth = 0): PyValue {
    switch (v.k) {
      case 'int':
        return { k: 'int', v: this.mutateInt(v.v, depth > 0) };
      case 'float':
        return { k: 'float', v: this.mutateFloat(v.v, depth > 0) };
      case 'bool':
        return { k: 'bool', v: !v.v };
      case 'str':
        return { k: 'str', v: this.mutateStr(v.v) };
      case 'tuple':
      case 'list':
      case 'set': {
        if (v.k === 'tuple' && t.k === 'tuple' && !t.variadic && t.of.length === v.items.length && v.items.length > 0) {
          const at = Math.floor(this.rng() * v.items.length); // a fixed-shape tuple keeps its shape
          return { k: 'tuple', items: v.items.map((x, i) => (i === at ? this.mutate(x, t.of[i]!, depth + 1) : x)) };
        }
        const elem = elementType(t, v);
        const items = this.mutateItems(v.items, elem, depth);
        return { k: v.k, items: v.k === 'set' ? uniqueValues(items) : items };
      }
      case 'dict':
        return this.mutateDict(v, t, depth);
      case 'none':
        return t.k === 'union' || t.k === 'none' ? this.valueOf(t, Math.floor(this.rng() * 8)) : v;
      case 'raw':
        return v;
    }
  }

  private mutateInt(x: number, element = false): number {
    const seen = [...this.seen.ints].filter((v) => Math.abs(v) <= MAX_INT);
    const choices = [x + 1, x - 1, x + 1, x * 2, x + Math.floor(this.rng() * 10)];
    if (this.negativesFor(element)) {
      choices.push(-x, x - Math.floor(this.rng() * 10));
    }
    if (element) {
      // A number in a list is data, not a loop count: a wider range (three digits) costs no time.
      choices.push(x * 10 + Math.floor(this.rng() * 10), 100 + Math.floor(this.rng() * 900));
    }
    if (seen.length > 0) {
      choices.push(this.pick(seen));
    }
    let v = this.pick(choices);
    if (!this.negativesFor(element) && v < 0) {
      v = -v;
    }
    return Math.max(-MAX_INT, Math.min(MAX_INT, v));
  }

  private mutateFloat(x: number, element = false): number {
    const seen = [...this.seen.floats];
    // Math.round: an int-valued float (3.0), which code that tests for whole numbers treats apart.
    const choices = [x + 0.5, x - 0.5, x * 2, x / 2, Math.round(x * 10 + 1) / 10, Math.round(x)];
    if (this.negativesFor(element)) {
      choices.push(-x);
    }
    if (seen.length > 0) {
      choices.push(this.pick(seen));
    }
    const v = this.pick(choices);
    return !this.negativesFor(element) && v < 0 ? -v : v;
  }

  private mutateStr(s: string): string {
    const seen = [...this.seen.strs];
    const at = Math.floor(this.rng() * (s.length + 1));
    const span = 1 + Math.floor(this.rng() * 3);
    const piece = seen.length > 0 && this.rng() < 0.5 ? this.pick(seen).slice(0, 4) : this.pick(['a', 'b', ' ', 'Z', '1', 'e', '!', 'ab']);
    const ops: (() => string)[] = [
      () => s.slice(0, at) + piece + s.slice(at), // insert
      () => s.slice(0, at) + s.slice(at + 1 + Math.floor(this.rng() * 2)), // remove
      () => s.slice(0, at) + s.slice(at, at + 3) + s.slice(at), // duplicate a piece
      () => (seen.length > 0 ? this.pick(seen) : s + piece),
      () => s.slice(0, at) + swapCase(s.slice(at, at + span)) + s.slice(at + span), // change case
    ];
    const out = this.pick(ops)();
    return out.length > MAX_CHARS ? out.slice(0, MAX_CHARS) : out;
  }

  private mutateItems(items: PyValue[], elem: TypeSpec, depth: number): PyValue[] {
    const out = [...items];
    const at = Math.floor(this.rng() * out.length);
    const fresh = (): PyValue => (out.length > 0 && this.rng() < 0.6 ? this.mutate(this.pick(out), elem, depth + 1) : this.valueOf(elem, Math.floor(this.rng() * 10), depth + 1));
    const op = out.length === 0 ? 2 : Math.floor(this.rng() * 5);
    if (op === 4 && out.length > 1) {
      // Ordered: random lists are almost never sorted, and whether the input is sorted is what order-sensitive code differs on.
      const sorted = [...out].sort(compareValues);
      return this.rng() < 0.5 ? sorted : sorted.reverse();
    }
    if (op === 0) {
      out.splice(at, 1); // remove
    } else if (op === 1 && out.length < MAX_ITEMS) {
      out.splice(at, 0, fresh()); // insert
    } else if (op === 2 && out.length < MAX_ITEMS) {
      out.push(fresh()); // append
    } else {
      out[at] = this.mutate(out[at]!, elem, depth + 1); // mutate one element
    }
    return out;
  }

  private mutateDict(v: Extract<PyValue, { k: 'dict' }>, t: TypeSpec, depth: number): PyValue {
    const entries = [...v.entries];
    const keyType = t.k === 'dict' ? t.key : entries[0] ? typeOfValue(entries[0][0]) : STR;
    const valueType = t.k === 'dict' ? t.value : entries[0] ? typeOfValue(entries[0][1]) : INT;
    const at = Math.floor(this.rng() * entries.length);
    const op = entries.length === 0 ? 1 : Math.floor(this.rng() * 3);
    if (op === 0) {
      entries.splice(at, 1);
    } else if (op === 1 && entries.length < MAX_ITEMS) {
      const key = entries.length > 0 ? this.mutate(entries[at]![0], keyType, depth + 1) : this.valueOf(keyType.k === 'any' ? STR : keyType, Math.floor(this.rng() * 8));
      if (!entries.some(([k]) => renderValue(k) === renderValue(key))) {
        entries.push([key, this.valueOf(valueType, Math.floor(this.rng() * 8), depth + 1)]);
      }
    } else if (entries.length > 0) {
      entries[at] = [entries[at]![0], this.mutate(entries[at]![1], valueType, depth + 1)];
    }
    return { k: 'dict', entries };
  }
}

function elementType(t: TypeSpec, v: Extract<PyValue, { items: PyValue[] }>): TypeSpec {
  if ((t.k === 'list' || t.k === 'set') && t.of.k !== 'any') {
    return t.of;
  }
  if (t.k === 'tuple' && t.variadic) {
    return t.of[0]!;
  }
  if (t.k === 'union') {
    const match = t.of.find((x) => x.k === v.k);
    if (match) {
      return elementType(match, v);
    }
  }
  return v.items[0] ? typeOfValue(v.items[0]) : INT;
}

/** Numbers by value, anything else by its source (an order to sort a generated list by). */
function compareValues(a: PyValue, b: PyValue): number {
  if ((a.k === 'int' || a.k === 'float') && (b.k === 'int' || b.k === 'float')) {
    return a.v - b.v;
  }
  const x = renderValue(a);
  const y = renderValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function uniqueValues(items: PyValue[]): PyValue[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const key = renderValue(x);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
