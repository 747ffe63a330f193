/**
 * The candidates panel's view model: turns a pipeline run into plain, display-ready data.
 * Pure (no `vscode`): the extension posts the result to the webview as JSON, and the webview
 * only ever puts these strings into text nodes. Model output is untrusted; nothing here is HTML.
 */
import type { PipelineResult } from '../pipeline';
import type { ExampleResult, RankedSample } from '../types';
import { cursorIndentOf, dedentFromCursor, revealInvisibles, truncateForDisplay } from './text';

/** Everything the webview renders. Sent as JSON with `{ type: 'model', model }`. */
export interface CandidatesView {
  /** `Candidates for add`, or `Candidates` when there is no function. */
  title: string;
  /** The function's signature line, e.g. `def add(a: int, b: int) -> int:`. */
  signature?: string;
  /** One line: how many samples, how many distinct, which ranker decided. */
  summary: string;
  /** Shown instead of the list when there is nothing to show. */
  emptyMessage?: string;
  /** False when no insert target was given: the Insert buttons are disabled. */
  canInsert: boolean;
  /** Best first. */
  candidates: CandidateView[];
  /** The model-written tests (CodeT) the samples were run on, when the extra request was made. */
  modelTests?: ModelTestsView;
}

/** The extra test request and its tests, for the panel. */
export interface ModelTestsView {
  /** `5 model-written tests (230 extra tokens)`, `test request late: no answer within 250 ms …`. */
  label: string;
  /** Each test's statement, in the order of `CandidateView.modelTests`. */
  tests: string[];
}

/** One ranked sample as the panel shows it. */
export interface CandidateView {
  /** Position in `PipelineResult.ranked`: the id that `insert`/`copy` messages carry. */
  index: number;
  /** 1-based rank for display (#1 is the best). */
  rank: number;
  /** `-0.213`, or `unscored` when the backend gave no log-probs. */
  meanLogprob: string;
  /** Geometric-mean token probability, e.g. `81%`; empty when unscored. */
  tokenProbability: string;
  votes: number;
  /** `1 vote`, `3 votes`. */
  votesLabel: string;
  /** `2/3 examples passed`, `no examples`, `examples not run`. */
  examplesLabel: string;
  /** `all` passed, `some`, `none`, or `unknown` (not run / no examples): drives the badge colour. */
  examplesState: 'all' | 'some' | 'none' | 'unknown';
  examples: ExampleRow[];
  /** `group A (4 samples)`, or empty when agreement was not computed. */
  agreementLabel: string;
  /** Letter of the agreement group, A = the group of the best-ranked member; empty when none. */
  agreementGroup: string;
  /** `consensus set 1 (4 samples): passes 3/5 model tests`, or empty when no model tests ran. */
  consensusLabel: string;
  /** Per model-written test (see `CandidatesView.modelTests`): whether this sample passes it. */
  modelTests: boolean[];
  reasons: string[];
  /** Set when the sample was cut by the token limit. */
  note?: string;
  /** The exact text Insert and Copy use. */
  code: string;
  /** `code` with invisible and bidirectional control characters shown as `⟪U+202E⟫`. */
  displayCode: string;
  /** Code points that `displayCode` revealed, e.g. `U+202E`; the panel warns about them. */
  hiddenCharacters: string[];
  /** What a screen reader announces when the candidate gets focus. */
  ariaLabel: string;
}

/** One docstring example's result. Long values are shortened for display. */
export interface ExampleRow {
  source: string;
  expected: string;
  got: string;
  status: ExampleResult['status'];
  /** `passed`, `failed`, `error: NameError: …`, `timed out`, … */
  statusLabel: string;
}

/** Options for {@link buildCandidatesView}. */
export interface ViewOptions {
  /** Whether Insert is possible (an insert target exists). */
  canInsert: boolean;
  /** Longest example value shown before shortening. */
  maxValueChars?: number;
}

/** What each candidate's view needs beyond the options: the cursor's indentation, for display. */
type CandidateOptions = ViewOptions & { indent: string; consensusSizes: Map<number, number> };

const DEFAULT_MAX_VALUE_CHARS = 500;

/** Builds the panel's model from one pipeline run. */
export function buildCandidatesView(result: PipelineResult, opts: ViewOptions): CandidatesView {
  const fn = result.context.fn;
  const ranked = result.ranked;
  const groups = agreementLetters(ranked);
  const order = ranked.map((r, index) => ({ r, index })).sort((a, b) => a.r.rank - b.r.rank || a.index - b.index);
  const indent = cursorIndentOf(result.context.prefix);
  const consensusSizes = consensusSetSizes(ranked);
  const candidates = order.map(({ r, index }) => candidateView(r, index, ranked.length, groups, { ...opts, indent, consensusSizes }));
  return {
    title: fn ? `Candidates for ${fn.name}` : 'Candidates',
    signature: fn?.signature,
    summary: summaryLine(result),
    emptyMessage: emptyMessage(result),
    canInsert: opts.canInsert,
    candidates,
    ...(result.modelTests ? { modelTests: modelTestsView(result.modelTests, maxValueChars(opts)) } : {}),
  };
}

function maxValueChars(opts: ViewOptions): number {
  return opts.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
}

function modelTestsView(report: NonNullable<PipelineResult['modelTests']>, maxChars: number): ModelTestsView {
  const cost = `${report.tokens} extra tokens`;
  const label =
    report.status === 'used'
      ? `${plural(report.tests.length, 'model-written test')} (${cost})`
      : `test request ${report.status}${report.message ? `: ${report.message}` : ''}`;
  return { label, tests: report.tests.map((t) => truncateForDisplay(t.source, maxChars)) };
}

/** Samples (votes included) in each consensus set. */
function consensusSetSizes(ranked: RankedSample[]): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const r of ranked) {
    if (r.consensusSet !== undefined) {
      sizes.set(r.consensusSet, (sizes.get(r.consensusSet) ?? 0) + r.votes);
    }
  }
  return sizes;
}

function consensusLabel(r: RankedSample, sizes: Map<number, number>): string {
  if (r.modelTests === undefined) {
    return '';
  }
  const passes = `passes ${r.modelTests.filter(Boolean).length}/${r.modelTests.length} model tests`;
  if (r.consensusSet === undefined) {
    return passes;
  }
  return `consensus set ${r.consensusSet + 1} (${plural(sizes.get(r.consensusSet) ?? r.votes, 'sample')}): ${passes}`;
}

function candidateView(
  r: RankedSample,
  index: number,
  total: number,
  groups: Map<number, GroupLabel>,
  opts: CandidateOptions,
): CandidateView {
  const maxChars = opts.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
  const revealed = revealInvisibles(dedentFromCursor(r.sample.text, opts.indent));
  const group = r.agreementGroup === undefined ? undefined : groups.get(r.agreementGroup);
  const ex = examplesSummary(r);
  const view: CandidateView = {
    index,
    rank: r.rank + 1,
    meanLogprob: formatLogprob(r.meanLogprob),
    tokenProbability: formatTokenProbability(r.meanLogprob),
    votes: r.votes,
    votesLabel: plural(r.votes, 'vote'),
    examplesLabel: ex.label,
    examplesState: ex.state,
    examples: (r.examples ?? []).map((e) => exampleRow(e, maxChars)),
    agreementLabel: group ? `group ${group.letter} (${plural(group.members, 'sample')})` : '',
    agreementGroup: group?.letter ?? '',
    consensusLabel: consensusLabel(r, opts.consensusSizes),
    modelTests: [...(r.modelTests ?? [])],
    reasons: [...r.reasons],
    note: r.sample.finishReason === 'length' ? 'cut at the token limit: may be incomplete' : undefined,
    code: r.sample.text,
    displayCode: revealed.text,
    hiddenCharacters: revealed.found,
    ariaLabel: '',
  };
  view.ariaLabel = ariaLabel(view, total);
  return view;
}

/** `-0.213` (three decimals), `unscored` when undefined or not finite. */
export function formatLogprob(meanLogprob: number | undefined): string {
  if (meanLogprob === undefined || !Number.isFinite(meanLogprob)) {
    return 'unscored';
  }
  const fixed = meanLogprob.toFixed(3);
  return fixed === '-0.000' ? '0.000' : fixed;
}

/** exp(mean log-prob) as a percentage: the geometric-mean probability of the sample's tokens. */
export function formatTokenProbability(meanLogprob: number | undefined): string {
  if (meanLogprob === undefined || !Number.isFinite(meanLogprob)) {
    return '';
  }
  const pct = Math.exp(Math.min(0, meanLogprob)) * 100;
  return pct >= 10 ? `${Math.round(pct)}%` : `${pct.toPrecision(2)}%`;
}

function examplesSummary(r: RankedSample): { label: string; state: CandidateView['examplesState'] } {
  const examples = r.examples;
  if (examples === undefined) {
    return { label: 'examples not run', state: 'unknown' };
  }
  // An example with an expected output counts even when skipped (an earlier one ended the run); a skipped
  // statement without output (`>>> x = 1`) is set-up, not a check.
  const counted = examples.filter((e) => e.status !== 'skipped' || e.expected !== undefined);
  if (counted.length === 0) {
    return { label: examples.length === 0 ? 'no examples' : 'examples skipped', state: 'unknown' };
  }
  const passed = counted.filter((e) => e.status === 'passed').length;
  const state = passed === counted.length ? 'all' : passed === 0 ? 'none' : 'some';
  return { label: `${passed}/${counted.length} examples passed`, state };
}

function exampleRow(e: ExampleResult, maxChars: number): ExampleRow {
  return {
    source: truncateForDisplay(e.source, maxChars),
    expected: truncateForDisplay(e.expected ?? '', maxChars),
    got: truncateForDisplay(e.got ?? '', maxChars),
    status: e.status,
    statusLabel: statusLabel(e),
  };
}

/** A short, human label for an example's status, with the error's first line when there is one. */
export function statusLabel(e: ExampleResult): string {
  const base: Record<ExampleResult['status'], string> = {
    passed: 'passed',
    failed: 'failed',
    error: 'error',
    timeout: 'timed out',
    killed: 'killed',
    skipped: 'skipped',
  };
  const message = e.message?.split(/\r?\n/, 1)[0]?.trim();
  return message ? `${base[e.status]}: ${truncateForDisplay(message, 200)}` : base[e.status];
}

interface GroupLabel {
  letter: string;
  /** Samples in the group, duplicates included (sum of votes). */
  members: number;
}

/** Names agreement groups A, B, … in rank order, so the best candidate's group is A. */
function agreementLetters(ranked: RankedSample[]): Map<number, GroupLabel> {
  const labels = new Map<number, GroupLabel>();
  const byRank = [...ranked].sort((a, b) => a.rank - b.rank);
  for (const r of byRank) {
    if (r.agreementGroup === undefined) {
      continue;
    }
    const label = labels.get(r.agreementGroup);
    if (label) {
      label.members += r.votes;
    } else {
      labels.set(r.agreementGroup, { letter: groupLetter(labels.size), members: r.votes });
    }
  }
  return labels;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function groupLetter(n: number): string {
  const letter = String.fromCharCode(65 + (n % 26));
  return n < 26 ? letter : groupLetter(Math.floor(n / 26) - 1) + letter;
}

function summaryLine(result: PipelineResult): string {
  const total = result.samples.length;
  const distinct = result.ranked.length;
  const parts = [plural(total, 'sample')];
  if (distinct !== total) {
    parts.push(`${distinct} distinct`);
  }
  const best = [...result.ranked].sort((a, b) => a.rank - b.rank)[0];
  if (best && best.reasons.length > 0) {
    parts.push(`best: ${best.reasons.join(', ')}`);
  }
  return parts.join(' · ');
}

function emptyMessage(result: PipelineResult): string | undefined {
  const decision = result.context.decision;
  if (decision.kind === 'none') {
    return `Nothing to complete here: ${decision.reason}`;
  }
  if (result.ranked.length === 0) {
    return result.samples.length === 0 ? 'The backend returned no samples.' : 'No sample survived post-processing.';
  }
  return undefined;
}

function ariaLabel(v: CandidateView, total: number): string {
  const parts = [`Candidate ${v.rank} of ${total}`, `mean log-prob ${v.meanLogprob}`, v.votesLabel, v.examplesLabel];
  if (v.agreementLabel) {
    parts.push(`agreement ${v.agreementLabel}`);
  }
  if (v.hiddenCharacters.length > 0) {
    parts.push('contains hidden characters');
  }
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
