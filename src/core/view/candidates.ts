/**
 * The candidates panel's view model: turns a pipeline run into plain, display-ready data.
 * Pure (no `vscode`): the extension posts the result to the webview as JSON, and the webview
 * only ever puts these strings into text nodes. Model output is untrusted; nothing here is HTML.
 */
import type { PipelineResult } from '../pipeline';
import type { ExampleResult, RankedSample } from '../types';
import { runSections } from './sections';
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
  /** A line above the list about what is shown, e.g. that this ranking is from before an accept. */
  notice?: string;
  /** False when no insert target was given: the Insert buttons are disabled. */
  canInsert: boolean;
  /** Best first. */
  candidates: CandidateView[];
  /** The model-written tests (CodeT) the samples were run on, when the extra request was made. */
  modelTests?: ModelTestsView;
  /** What the panel's words mean: only the terms this view uses. */
  legend: LegendEntry[];
  /** Further sections about the whole run (e.g. generated tests), drawn generically after the list. */
  sections: ViewSection[];
}

/** One term of the legend. */
export interface LegendEntry {
  term: string;
  meaning: string;
}

/**
 * A titled block the webview draws without knowing what it is about: lines of text, and/or a table.
 * New facts about a run (clusters, generated tests) arrive this way, with no change to the webview.
 */
export interface ViewSection {
  title: string;
  /** `beforeList`: a short section read before the candidates (why #1, the clusters); default after them. */
  placement?: 'beforeList';
  lines?: string[];
  table?: { head: string[]; rows: string[][] };
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
  /** `3 identical` when several samples had this text; empty for one. */
  votesLabel: string;
  /** `2/3 examples passed`, `no examples`, `examples not run`: counts only lines with an expected output. */
  examplesLabel: string;
  /** `all` passed, `some`, `none`, or `unknown` (not run / no examples): drives the badge colour. */
  examplesState: 'all' | 'some' | 'none' | 'unknown';
  examples: ExampleRow[];
  /** `group A (4 samples)`, or empty when agreement was not computed. */
  agreementLabel: string;
  /** Further facts about this sample, drawn generically. */
  sections: ViewSection[];
  /** Letter of the agreement group, A = the group of the best-ranked member; empty when none. */
  agreementGroup: string;
  /** `cluster 0 (3 samples)`: the behaviour cluster it belongs to; empty when none was computed. */
  clusterLabel: string;
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
  /** `passed`, `failed`, `error: NameError: …`, `timed out`, …; `set-up` for a line without expected output. */
  statusLabel: string;
  /** `check`: a line with an expected output (an example); `setup`: a statement the examples need. */
  kind: 'check' | 'setup';
}

/** Options for {@link buildCandidatesView}. */
export interface ViewOptions {
  /** Whether Insert is possible (an insert target exists). */
  canInsert: boolean;
  /** Longest example value shown before shortening. */
  maxValueChars?: number;
  /** Set for a ranking kept from before the user accepted a suggestion. */
  kept?: { acceptedRank?: number };
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
  const empty = emptyMessage(result);
  return {
    title: fn ? `Candidates for ${fn.name}` : 'Candidates',
    signature: fn?.signature,
    summary: summaryLine(result),
    emptyMessage: empty,
    notice: opts.kept ? keptNotice(opts.kept.acceptedRank) : undefined,
    canInsert: opts.canInsert,
    candidates,
    legend: empty ? [] : legendFor(candidates),
    sections: runSections(result),
    ...(result.modelTests ? { modelTests: modelTestsView(result.modelTests, maxValueChars(opts)) } : {}),
  };
}

function keptNotice(acceptedRank: number | undefined): string {
  const which = acceptedRank === undefined ? 'A suggestion was accepted' : `You accepted #${acceptedRank + 1}`;
  return `${which}; the function has its body now. This is the ranking it was chosen from (Insert is off).`;
}

/** The legend: each term the candidates use, in the order they appear on a card. */
export function legendFor(candidates: CandidateView[]): LegendEntry[] {
  const legend: LegendEntry[] = [
    { term: '#1, #2, …', meaning: 'The rank: #1 is the suggestion shown first; Alt+] and Alt+[ cycle in this order.' },
    {
      term: 'mean log-prob',
      meaning: 'The model’s average log-probability per token (closer to 0 is likelier); “unscored” when the backend gave none.',
    },
  ];
  if (candidates.some((c) => c.examples.length > 0 || c.examplesState !== 'unknown')) {
    legend.push({
      term: 'examples',
      meaning: 'Docstring lines with an expected output (“>>> f(2)” then “4”), run in the Python sandbox: passed means the output matched.',
    });
  }
  if (candidates.some((c) => c.examples.some((e) => e.kind === 'setup'))) {
    legend.push({ term: 'set-up', meaning: 'A docstring line without expected output (“>>> s = Stack()”): it runs, but is not counted as an example.' });
  }
  if (candidates.some((c) => c.agreementGroup !== '')) {
    legend.push({ term: 'group A, B, …', meaning: 'Samples that give the same outputs on the examples’ inputs; group A is the best-ranked sample’s.' });
  }
  if (candidates.some((c) => c.clusterLabel !== '')) {
    legend.push({
      term: 'cluster',
      meaning:
        'Samples that give the same outputs on the examples and on inputs Passk made up from the signature and docstring (see “Generated inputs” below the list); a degenerate sample or one that runs nothing is not counted.',
    });
  }
  if (candidates.some((c) => c.consensusLabel !== '')) {
    legend.push({ term: 'consensus set', meaning: 'Samples that pass exactly the same tests the model wrote (CodeT); its score is tests passed × √samples.' });
  }
  if (candidates.some((c) => c.votes > 1)) {
    legend.push({
      term: 'identical',
      meaning: 'How many samples had exactly this text (merged into one card). It decides the order only under agreement ranking.',
    });
  }
  return legend;
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

function clusterLabel(r: RankedSample): string {
  if (r.cluster === undefined) {
    return '';
  }
  return r.clusterSize ? `cluster ${r.cluster} (${plural(r.clusterSize, 'sample')})` : `cluster ${r.cluster} (not counted)`;
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
    votesLabel: r.votes > 1 ? `${r.votes} identical` : '',
    examplesLabel: ex.label,
    examplesState: ex.state,
    examples: (r.examples ?? []).map((e) => exampleRow(e, maxChars)),
    agreementLabel: group ? `group ${group.letter} (${plural(group.members, 'sample')})` : '',
    agreementGroup: group?.letter ?? '',
    clusterLabel: clusterLabel(r),
    consensusLabel: consensusLabel(r, opts.consensusSizes),
    modelTests: [...(r.modelTests ?? [])],
    sections: [],
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
    // The sample ran (generated inputs, model tests) but the docstring has no example to run.
    return { label: r.executable !== undefined ? 'no examples' : 'examples not run', state: 'unknown' };
  }
  // Only a line with an expected output is an example (a check), even when skipped because an earlier line
  // ended the run; a statement without output (`>>> s = Stack()`) is set-up and never counted.
  const counted = examples.filter(isCheck);
  if (counted.length === 0) {
    return { label: 'no examples', state: 'unknown' };
  }
  const passed = counted.filter((e) => e.status === 'passed').length;
  const state = passed === counted.length ? 'all' : passed === 0 ? 'none' : 'some';
  return { label: `${passed}/${counted.length} examples passed`, state };
}

/** A docstring line with an expected output: an example that checks something. */
function isCheck(e: ExampleResult): boolean {
  return (e.expected ?? '') !== '';
}

function exampleRow(e: ExampleResult, maxChars: number): ExampleRow {
  const check = isCheck(e);
  return {
    source: truncateForDisplay(e.source, maxChars),
    expected: truncateForDisplay(e.expected ?? '', maxChars),
    got: truncateForDisplay(e.got ?? '', maxChars),
    status: e.status,
    statusLabel: check || e.status !== 'passed' ? statusLabel(e) : 'set-up',
    kind: check ? 'check' : 'setup',
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
  const parts = [plural(total, 'sample') + ((result.rounds ?? 1) > 1 ? ` in ${result.rounds} rounds` : '')];
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
  const parts = [`Candidate ${v.rank} of ${total}`, `mean log-prob ${v.meanLogprob}`, ...(v.votesLabel ? [v.votesLabel] : []), v.examplesLabel];
  if (v.agreementLabel) {
    parts.push(v.agreementLabel);
  }
  if (v.clusterLabel) {
    parts.push(v.clusterLabel);
  }
  if (v.hiddenCharacters.length > 0) {
    parts.push('contains hidden characters');
  }
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
