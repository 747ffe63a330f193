/**
 * Selection from the execution matrix. `auto`: most examples passed → not degenerate → no exception on
 * the example inputs → executable → the largest behaviour cluster (same outputs on the kept generated
 * inputs and the examples; weighted by votes and, when every sample is scored, by probability mass) →
 * mean log-prob → votes → index. Without examples the chain starts at the degenerate step.
 */
import type { ExampleResult, RankedSample, RankingMode, Sample } from '../types';
import { agreementGroups } from './agreement';
import { isDegenerate } from './degenerate';
import { recordDualAgreement } from './modelTestRun';
import { asExampleResult, behaviourOfCell, ranToValue, type ExecutionMatrix, type MatrixCell } from './matrix';
import { rankerFor, type RankOrder } from './rankers';
import { byMean, MEAN_STEPS } from './rankers/order';
import { meanLogprob, sumLogprob } from './scores';

/** The matrix and each distinct sample's row (by normalized code), or why nothing ran. */
export type Execution = { matrix: ExecutionMatrix; rows: Map<string, MatrixCell[]>; fallback?: undefined } | { fallback: string; matrix?: undefined; rows?: undefined };

/** A sample being ranked: the RankedSample fields, its normalized code and its matrix row. */
export interface Entry extends Omit<RankedSample, 'rank'> {
  key: string;
  row?: MatrixCell[];
}

type Step = readonly [name: string, order: RankOrder];

/** The entry's scores, example results and flags (nothing is ordered yet). */
export function describeEntry(sample: Sample, votes: number, key: string, execution: Execution | undefined): Entry {
  const mean = meanLogprob(sample);
  const e: Entry = { sample, votes, key, meanLogprob: mean, sumLogprob: sumLogprob(sample), reasons: [] };
  e.reasons.push(mean === undefined ? 'unscored (no log-probs)' : `mean log-prob ${mean.toFixed(3)}`);
  if (votes > 1) {
    e.reasons.push(`${votes} identical samples (${votes - 1} merged)`);
  }
  e.degenerate = degenerate(sample);
  const row = execution?.rows?.get(key);
  if (execution?.matrix && row) {
    e.row = row;
    recordExamples(e, execution.matrix, row);
    e.executable = row.some(ranToValue);
  }
  return e;
}

function recordExamples(e: Entry, matrix: ExecutionMatrix, row: MatrixCell[]): void {
  const facts = factsOf(matrix, row).examples;
  if (!facts) {
    return;
  }
  e.examples = facts.results;
  e.passed = facts.passed;
  e.failed = facts.failed;
  e.raisedOnExamples = facts.raised;
  e.reasons.unshift(facts.summary);
  if (facts.firstFailure) {
    e.reasons.push(facts.firstFailure);
  }
}

/**
 * What a sample's row says whatever else is ranked with it: its cells' behaviours, how the panel shows
 * them, its examples' results. Computed once per row: `passk eval` ranks each problem's samples in about
 * 40 subsets for each ranker, from one matrix.
 */
interface RowFacts {
  behaviours: string[];
  shown: { input: string; output: string }[];
  examples?: { results: ExampleResult[]; passed: number; failed: number; raised: boolean; summary: string; firstFailure?: string };
}

const rowFacts = new WeakMap<MatrixCell[], RowFacts>();

function factsOf(matrix: ExecutionMatrix, row: MatrixCell[]): RowFacts {
  let facts = rowFacts.get(row);
  if (!facts) {
    facts = {
      behaviours: matrix.inputs.map((_, k) => behaviourOfCell(row[k])),
      shown: matrix.inputs.map((input, k) => ({ input: input.source, output: shownOutput(row[k]) })),
      examples: exampleFacts(matrix, row),
    };
    rowFacts.set(row, facts);
  }
  return facts;
}

function exampleFacts(matrix: ExecutionMatrix, row: MatrixCell[]): RowFacts['examples'] {
  const results = matrix.inputs.flatMap((input, k) => (input.kind === 'example' ? [asExampleResult(input, row[k])] : []));
  if (results.length === 0) {
    return undefined;
  }
  const counted = results.filter((_, k) => !matrix.unusable.has(k));
  const passed = counted.filter((r) => r.status === 'passed').length;
  // Set-up lines (`s = Stack()`) have no expected output: they are not examples to the reader.
  const checked = counted.filter((r) => (r.expected ?? '') !== '');
  const first = counted.find((r) => r.status !== 'passed');
  return {
    results,
    passed,
    failed: counted.length - passed,
    raised: counted.some((r) => r.status !== 'passed' && r.status !== 'failed'),
    summary: `passed ${checked.filter((r) => r.status === 'passed').length}/${checked.length} examples`,
    firstFailure: first
      ? first.status === 'failed'
        ? `first failure: ${first.source} expected ${first.expected ?? ''}, got ${first.got ?? ''}`
        : `first failure: ${first.source}: ${first.status}${first.message ? ` (${first.message})` : ''}`
      : undefined,
  };
}

/** behaviourOfCell of each of the entry's cells, by input ('missing' throughout without a row). */
function behavioursOf(matrix: ExecutionMatrix, e: Entry): readonly string[] {
  return e.row ? factsOf(matrix, e.row).behaviours : matrix.inputs.map(() => behaviourOfCell(undefined));
}

/** Whether a sample is degenerate, by sample: the subsets rank the same samples many times. */
const degenerateSamples = new WeakMap<Sample, boolean>();

function degenerate(sample: Sample): boolean {
  let known = degenerateSamples.get(sample);
  if (known === undefined) {
    known = isDegenerate(sample.text);
    degenerateSamples.set(sample, known);
  }
  return known;
}

/** The entries in ranking order (the ranker table's order), with the reasons of each and why the first came first. */
export function orderEntries(entries: Entry[], mode: RankingMode, execution: Execution | undefined): Entry[] {
  const ranker = rankerFor(mode);
  let order: RankOrder = ranker.order;
  let steps: readonly (readonly [string, RankOrder])[] | undefined = ranker.steps;
  if (ranker.executes) {
    if (execution?.matrix) {
      recordExecution(entries, execution.matrix);
    } else {
      const why = execution?.fallback ?? 'execution not allowed here';
      entries.forEach((e) => e.reasons.push(`${why}: ranked by mean log-prob`));
      order = byMean;
      steps = MEAN_STEPS;
    }
  }
  const sorted = [...entries].sort(order);
  explainFirst(sorted, steps ?? [[`ranked by ${ranker.label}`, order]]);
  return sorted;
}

/** Agreement on the examples, dual agreement on model-written tests, behaviour clusters on the kept inputs, and the flags' reasons. */
function recordExecution(entries: Entry[], matrix: ExecutionMatrix): void {
  if (matrix.inputs.some((i) => i.kind === 'example')) {
    recordAgreement(entries, matrix);
  }
  const tests = matrix.inputs.flatMap((input, k) => (input.kind === 'test' ? [k] : []));
  if (tests.length > 0) {
    // A test passes when its statement runs to its end without raising.
    const passes = entries.map((e) => tests.map((k) => e.row?.[k]?.status === 'ok'));
    recordDualAgreement(entries, tests.map((k) => ({ source: matrix.inputs[k]!.source, weight: matrix.inputs[k]!.weight ?? 1 })), passes);
  }
  recordClusters(entries, keptInputs(entries, matrix), matrix);
  entries.filter((e) => e.degenerate).forEach((e) => e.reasons.push('degenerate: empty, a stub or repetitive'));
  entries.filter((e) => e.raisedOnExamples).forEach((e) => e.reasons.push('raised an exception on an example input'));
}

/**
 * The generated inputs to compare behaviour on: those that most executable samples (by votes) run to a
 * value. An input most samples reject is out of the function's domain (or of the wrong type, for an
 * unhinted parameter); differing on it says nothing.
 */
export function keptInputs(entries: readonly Entry[], matrix: ExecutionMatrix): number[] {
  const runners = entries.filter((e) => e.executable && e.row && !e.degenerate);
  const kept: number[] = [];
  matrix.inputs.forEach((input, k) => {
    if (input.kind !== 'generated') {
      return;
    }
    // A sample that fails on a name it never defined is broken, not refusing the input: it abstains.
    const voters = runners.filter((e) => !brokenOn(e.row![k]));
    const total = voters.reduce((n, e) => n + e.votes, 0);
    const ran = voters.reduce((n, e) => n + (ranToValue(e.row![k]) ? e.votes : 0), 0);
    if (total > 0 && ran * 2 > total) {
      kept.push(k);
    }
  });
  return kept;
}

/** Exceptions that say the sample's code is broken (a helper it calls but never wrote), whatever the input. */
const BROKEN = new Set(['NameError', 'UnboundLocalError', 'ImportError', 'ModuleNotFoundError', 'NotImplementedError']);

function brokenOn(cell: MatrixCell | undefined): boolean {
  return cell?.status === 'error' && BROKEN.has(cell.type ?? '');
}

/**
 * Clusters entries by behaviour on the kept generated inputs and the example inputs (samples with the
 * same outputs on the examples also pass the same examples, so a cluster never spans two tiers of auto);
 * a cluster's score is its weight (votes, times exp(mean log-prob) when every sample is scored).
 * Degenerate and non-executable entries score 0.
 */
function recordClusters(entries: Entry[], inputs: number[], matrix: ExecutionMatrix): void {
  const examples = matrix.inputs.flatMap((input, k) => (input.kind === 'example' && !matrix.unusable.has(k) ? [k] : []));
  const compared = [...examples, ...inputs];
  const allScored = entries.every((e) => e.meanLogprob !== undefined);
  const weight = (e: Entry): number => e.votes * (allScored ? Math.exp(e.meanLogprob!) : 1);
  const ids = new Map<string, number>();
  const scores: number[] = [];
  const sizes: number[] = [];
  for (const e of entries) {
    const behaviours = behavioursOf(matrix, e);
    const key = JSON.stringify(compared.map((k) => behaviours[k]));
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      scores.push(0);
      sizes.push(0);
    }
    e.cluster = id;
    if (!e.degenerate && e.executable) {
      scores[id]! += weight(e);
      sizes[id]! += e.votes;
    }
  }
  const generated = matrix.inputs.filter((i) => i.kind === 'generated').length;
  const { overlaps, tierOverlaps } = clusterOverlaps(entries, inputs, sizes, matrix);
  for (const e of entries) {
    const counts = !e.degenerate && e.executable;
    e.clusterScore = counts ? scores[e.cluster!]! : 0;
    e.clusterSize = counts ? sizes[e.cluster!]! : 0;
    e.clusterOverlap = counts ? overlaps[e.cluster!]! : 0;
    e.tierOverlap = counts ? tierOverlaps[e.cluster!]! : 0;
    e.clusterRaises = inputs.filter((k) => !ranToValue(e.row?.[k])).length;
    const shown = e.row ? factsOf(matrix, e.row).shown : undefined;
    e.behaviour = inputs.map((k) => shown?.[k] ?? { input: matrix.inputs[k]!.source, output: shownOutput(undefined) });
    e.reasons.push(
      counts
        ? `behaviour cluster ${e.cluster}: ${e.clusterSize} sample${e.clusterSize === 1 ? '' : 's'} behave alike on ${inputs.length}/${generated} generated inputs${examples.length ? ` and ${examples.length} examples` : ''} (score ${e.clusterScore.toFixed(3)})`
        : `behaviour cluster ${e.cluster}: not counted (${e.degenerate ? 'degenerate' : 'ran on no input'})`,
    );
  }
}

/**
 * Per cluster: Σ over the other clusters of their size × the share of the kept generated inputs on which
 * their outputs equal this cluster's (entries already carry `cluster`; sizes count only counted samples);
 * `tierOverlaps` sums only the other clusters of the same example tier. A tier is the examples passed and
 * whether the samples raised on one: for `auto`, which ranks by examples first, a cluster that fails an
 * example the others pass is wrong, and agreeing with it is no evidence; `behaviour` ignores the
 * examples' verdicts and reads `overlaps`, over every cluster. Without examples there is one tier. Each
 * pair of clusters is compared once for both sums.
 */
function clusterOverlaps(entries: readonly Entry[], inputs: readonly number[], sizes: readonly number[], matrix: ExecutionMatrix): { overlaps: number[]; tierOverlaps: number[] } {
  const outputs: string[][] = [];
  const tiers: string[] = [];
  for (const e of entries) {
    if (outputs[e.cluster!] === undefined) {
      const behaviours = behavioursOf(matrix, e);
      outputs[e.cluster!] = inputs.map((k) => behaviours[k]!);
    }
    tiers[e.cluster!] ??= `${e.passed ?? 0}/${e.raisedOnExamples === true}`;
  }
  const overlaps = sizes.map(() => 0);
  const tierOverlaps = sizes.map(() => 0);
  sizes.forEach((_, a) =>
    sizes.forEach((size, b) => {
      if (a === b || size === 0 || inputs.length === 0) {
        return;
      }
      const share = (size * outputs[a]!.filter((o, i) => o === outputs[b]![i]).length) / inputs.length;
      overlaps[a]! += share;
      tierOverlaps[a]! += tiers[a] === tiers[b] ? share : 0;
    }),
  );
  return { overlaps, tierOverlaps };
}

/** A cell as the panel shows it: the output's repr, or the exception. */
export function shownOutput(cell: MatrixCell | undefined): string {
  if (!cell) {
    return '—';
  }
  if (ranToValue(cell)) {
    return cell.got ?? '';
  }
  return cell.status === 'error' ? `raises ${cell.type ?? cell.message ?? 'an exception'}` : cell.status;
}

/** CodeT/MBR-exec agreement on the examples' inputs only (the `agreement` mode). */
function recordAgreement(entries: Entry[], matrix: ExecutionMatrix): void {
  const examples = matrix.inputs.flatMap((input, k) => (input.kind === 'example' ? [k] : []));
  const groups = agreementGroups(
    entries.map((e) => {
      const behaviours = behavioursOf(matrix, e);
      return { outputs: examples.map((k) => behaviours[k]!), votes: e.votes, meanLogprob: e.meanLogprob };
    }),
  );
  entries.forEach((e, i) => {
    const g = groups[i]!;
    // Samples that only crash agree on nothing useful: they get no agreement credit.
    const score = examples.some((k) => ranToValue(e.row?.[k])) ? g.score : 0;
    e.agreementGroup = g.group;
    e.agreementScore = score;
    const members = entries.filter((_, j) => groups[j]!.group === g.group).reduce((n, o) => n + o.votes, 0);
    // No group number here: the panel names groups by letter, and one vocabulary reads best.
    e.reasons.push(`agreement: ${members} sample${members === 1 ? '' : 's'} behave alike on the examples (score ${score.toFixed(3)})`);
  });
}

/**
 * Adds to the first entry which step put it before the runner-up: the best sample that behaves
 * differently when there are clusters (its own cluster's members differ from it only by log-prob).
 */
function explainFirst(sorted: Entry[], steps: readonly Step[]): void {
  const first = sorted[0];
  if (!first) {
    return;
  }
  const rival = sorted.slice(1).find((e) => first.cluster === undefined || e.cluster !== first.cluster) ?? sorted[1];
  if (!rival) {
    first.reasons.push('chosen: the only distinct sample');
    return;
  }
  const step = steps.find(([, order]) => order(first, rival) !== 0);
  first.reasons.push(`chosen: ${step ? step[0] : 'tied'}`);
}
