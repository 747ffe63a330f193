/**
 * What the candidates webview draws, as a plain tree (`VNode`) built from the extension's `CandidatesView`.
 * Pure: no DOM here, so unit tests read the tree directly; dom.ts turns it into elements. Every string from
 * the model ends up in a `text` field (a text node), never in a tag, class or attribute name: model output
 * is untrusted and cannot create elements.
 */
import type { CandidateView, CandidatesView, ExampleRow, LegendEntry, ModelTestsView, ViewSection } from '../core/view/candidates';
import type { FromPanel } from '../core/view/messages';
import { highlightParts } from './highlight';

/** One element (or, with tag `#text`, one text node) of the panel. */
export interface VNode {
  tag: string;
  className?: string;
  /** Put in as a text node. */
  text?: string;
  attrs?: Record<string, string>;
  children?: VNode[];
  /** Posted to the extension when clicked. */
  onClick?: FromPanel;
  /** A button that cannot be pressed. */
  disabled?: boolean;
}

const text = (value: string): VNode => ({ tag: '#text', text: value });
const el = (tag: string, className?: string, value?: string, children?: VNode[]): VNode => ({
  tag,
  ...(className ? { className } : {}),
  ...(value !== undefined ? { text: value } : {}),
  ...(children ? { children } : {}),
});

/** The highlighted code as spans and text nodes, reproducing `code` exactly. */
export function highlighted(code: string): VNode[] {
  return highlightParts(code).map(([kind, part]) =>
    kind === 'ws' || kind === 'name' || kind === 'punct' ? text(part) : el('span', `tok-${kind}`, part),
  );
}

/** The whole panel for one model. */
export function renderModel(model: CandidatesView): VNode[] {
  const header = el('header', 'panel-header', undefined, [el('h1', 'title', model.title)]);
  if (model.signature) {
    header.children!.push(el('pre', 'signature', undefined, highlighted(model.signature)));
  }
  header.children!.push(el('p', 'summary', model.summary));
  if (model.modelTests) {
    header.children!.push(el('p', 'summary model-tests-summary', model.modelTests.label));
  }
  const nodes: VNode[] = [header];
  if (model.notice) {
    nodes.push(el('p', 'notice', model.notice));
  }
  if (model.emptyMessage) {
    nodes.push(el('p', 'empty', model.emptyMessage));
    return nodes;
  }
  if (model.legend.length > 0) {
    nodes.push(renderLegend(model.legend));
  }
  const list = el('ol', 'candidates', undefined, model.candidates.map((c) => renderCandidate(c, model.canInsert, model.modelTests)));
  list.attrs = { 'aria-label': 'Candidates, best first' };
  const before = model.sections.filter((s) => s.placement === 'beforeList');
  const after = model.sections.filter((s) => s.placement !== 'beforeList');
  nodes.push(...before.map(renderSection), list, ...after.map(renderSection));
  return nodes;
}

function renderCandidate(c: CandidateView, canInsert: boolean, modelTests: ModelTestsView | undefined): VNode {
  const children: VNode[] = [renderHead(c, canInsert)];
  if (c.hiddenCharacters.length > 0) {
    children.push(el('p', 'warning', `Contains hidden characters (${c.hiddenCharacters.join(', ')}), shown as ⟪U+…⟫.`));
  }
  if (c.note) {
    children.push(el('p', 'note', c.note));
  }
  children.push(el('pre', 'code', undefined, [el('code', undefined, undefined, highlighted(c.displayCode))]));
  if (c.examples.length > 0) {
    children.push(renderExamples(c));
  }
  if (modelTests && c.modelTests.length > 0) {
    children.push(renderModelTests(modelTests, c));
  }
  children.push(...c.sections.map(renderSection));
  if (c.reasons.length > 0) {
    const reasons = el('ul', 'reasons', undefined, c.reasons.map((r) => el('li', undefined, r)));
    reasons.attrs = { 'aria-label': 'Why this rank' };
    children.push(reasons);
  }
  return { tag: 'li', className: 'candidate', attrs: { tabindex: '0', 'data-index': String(c.index), 'aria-label': c.ariaLabel }, children };
}

function renderHead(c: CandidateView, canInsert: boolean): VNode {
  const score = el('span', 'metric', `mean log-prob ${c.meanLogprob}`);
  if (c.tokenProbability) {
    score.attrs = { title: `geometric-mean token probability ${c.tokenProbability}` };
  }
  const children: VNode[] = [el('span', 'rank', `#${c.rank}`), score];
  if (c.votesLabel) {
    children.push(el('span', 'metric', c.votesLabel));
  }
  children.push(el('span', `badge examples-${c.examplesState}`, c.examplesLabel));
  if (c.agreementLabel) {
    children.push(el('span', 'badge agreement', c.agreementLabel));
  }
  if (c.clusterLabel) {
    children.push(el('span', 'badge cluster', c.clusterLabel));
  }
  if (c.consensusLabel) {
    children.push(el('span', 'badge consensus', c.consensusLabel));
  }
  const insert = button('Insert', `Insert candidate ${c.rank}`, { type: 'insert', index: c.index });
  if (!canInsert) {
    insert.disabled = true;
    insert.attrs = { ...insert.attrs, title: 'No editor position to insert into' };
  }
  children.push(el('span', 'actions', undefined, [insert, button('Copy', `Copy candidate ${c.rank}`, { type: 'copy', index: c.index })]));
  return el('div', 'head', undefined, children);
}

function button(label: string, ariaLabel: string, onClick: FromPanel): VNode {
  return { tag: 'button', className: 'action', text: label, attrs: { type: 'button', 'aria-label': ariaLabel }, onClick };
}

/** The model-written tests, each marked passed or failed by this candidate. */
function renderModelTests(tests: ModelTestsView, c: CandidateView): VNode {
  const items = tests.tests.map((source, i) => {
    const passed = c.modelTests[i] === true;
    return el('li', passed ? 'status-passed' : 'status-failed', `${passed ? '✓' : '✗'} `, [el('code', undefined, undefined, highlighted(source))]);
  });
  const list = el('ul', 'model-tests', undefined, items);
  list.attrs = { 'aria-label': `Model-written tests: ${tests.label}` };
  return list;
}

function renderExamples(c: CandidateView): VNode {
  const head = el('tr', undefined, undefined, ['Example', 'Expected', 'Got', 'Result'].map((h) => ({ tag: 'th', text: h, attrs: { scope: 'col' } })));
  return el('table', 'examples', undefined, [
    el('caption', undefined, `Docstring examples: ${c.examplesLabel}`),
    el('thead', undefined, undefined, [head]),
    el('tbody', undefined, undefined, c.examples.map(exampleRow)),
  ]);
}

function exampleRow(e: ExampleRow): VNode {
  return el('tr', `example status-${e.status} kind-${e.kind}`, undefined, [
    el('td', 'example-source', undefined, [el('pre', undefined, undefined, highlighted(e.source))]),
    valueCell(e.expected),
    valueCell(e.got),
    el('td', 'example-status', e.statusLabel),
  ]);
}

function valueCell(value: string): VNode {
  return el('td', 'example-value', undefined, [el('pre', undefined, value === '' ? '—' : value)]);
}

/** A section the webview knows nothing about: its title, lines, and table. */
export function renderSection(section: ViewSection): VNode {
  const children: VNode[] = [el('h2', undefined, section.title)];
  if (section.lines?.length) {
    children.push(el('ul', undefined, undefined, section.lines.map((l) => el('li', undefined, l))));
  }
  if (section.table) {
    const head = el('tr', undefined, undefined, section.table.head.map((h) => ({ tag: 'th', text: h, attrs: { scope: 'col' } })));
    const rows = section.table.rows.map((row) => el('tr', undefined, undefined, row.map((cell) => el('td', undefined, cell))));
    children.push(el('table', 'section-table', undefined, [el('thead', undefined, undefined, [head]), el('tbody', undefined, undefined, rows)]));
  }
  return el('section', 'section', undefined, children);
}

/** The legend, open above the list (a click folds it away). */
function renderLegend(legend: LegendEntry[]): VNode {
  const items = legend.flatMap((e) => [el('dt', undefined, e.term), el('dd', undefined, e.meaning)]);
  const node = el('details', 'legend', undefined, [el('summary', undefined, 'What the words mean'), el('dl', undefined, undefined, items)]);
  node.attrs = { open: '', 'aria-label': 'Legend' };
  return node;
}

/** What a key on a focused candidate does: insert it, move the focus to another, or nothing. */
export type KeyAction = { kind: 'insert' } | { kind: 'focus'; index: number } | undefined;

/** Enter/Space insert (when possible); arrows, Home and End move between the `count` candidates. */
export function keyAction(key: string, at: number, count: number, canInsert: boolean): KeyAction {
  if (key === 'Enter' || key === ' ') {
    return canInsert ? { kind: 'insert' } : undefined;
  }
  const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: count - 1 };
  const target = moves[key];
  return target !== undefined && target >= 0 && target < count && target !== at ? { kind: 'focus', index: target } : undefined;
}
