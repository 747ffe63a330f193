/**
 * The panel's sections about the whole ranking, built from what the ranking recorded on each RankedSample:
 * why #1 was chosen, the behaviour clusters, each candidate's outputs on the generated inputs, the
 * model-written tests each candidate passes, and the consensus sets. Pure data (strings only): the webview
 * draws them as text nodes without knowing their subject.
 */
import type { PipelineResult } from '../pipeline';
import type { RankedSample } from '../types';
import type { ViewSection } from './candidates';
import { truncateForDisplay } from './text';

/** Longest input or output shown in a table cell: the tables stay readable, the full value is in the code. */
const MAX_CELL_CHARS = 80;

/** A ranked sample with its display label (`#1`). */
interface Labelled {
  r: RankedSample;
  label: string;
}

/** The run's sections, in reading order; none when there is a single candidate and nothing ran. */
export function runSections(result: PipelineResult): ViewSection[] {
  const order = [...result.ranked].sort((a, b) => a.rank - b.rank).map((r) => ({ r, label: `#${r.rank + 1}` }));
  if (order.length === 0) {
    return [];
  }
  return [whyFirst(order[0]!.r), clustersSection(order), inputsSection(order), testsSection(result, order), consensusSection(order)].filter(
    (s): s is ViewSection => s !== undefined,
  );
}

/** The step that put #1 first (the ranking's `chosen:` reason), then the rest of its reasons. */
function whyFirst(first: RankedSample): ViewSection | undefined {
  const chosen = first.reasons.find((r) => r.startsWith('chosen: '));
  if (!chosen) {
    return undefined;
  }
  const rest = first.reasons.filter((r) => r !== chosen);
  return { title: 'Why #1 was chosen', placement: 'beforeList', lines: [`decided by: ${chosen.slice('chosen: '.length)}`, ...rest] };
}

/** The candidates by a group id (cluster, consensus set), in order; candidates without one are left out. */
function groupBy(order: Labelled[], id: (r: RankedSample) => number | undefined): Map<number, Labelled[]> {
  const groups = new Map<number, Labelled[]>();
  for (const c of order) {
    const key = id(c.r);
    if (key !== undefined) {
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
  }
  return groups;
}

/** The behaviour clusters, largest first: which candidates behave alike on the examples and generated inputs. */
function clustersSection(order: Labelled[]): ViewSection | undefined {
  const byCluster = groupBy(order, (r) => r.cluster);
  if (byCluster.size === 0) {
    return undefined;
  }
  // A degenerate member of a cluster is not counted in it: the cluster's figures are its counted members'.
  const most = (members: Labelled[], of: (r: RankedSample) => number | undefined): number => Math.max(...members.map((m) => of(m.r) ?? 0));
  const clusters = [...byCluster.entries()].sort(([, a], [, b]) => most(b, (r) => r.clusterScore) - most(a, (r) => r.clusterScore));
  const rows = clusters.map(([id, members]) => {
    const size = most(members, (r) => r.clusterSize);
    return [`cluster ${id}`, size > 0 ? plural(size, 'sample') : 'not counted', members.map((m) => m.label).join(', '), most(members, (r) => r.clusterScore).toFixed(3)];
  });
  return {
    title: 'Behaviour clusters',
    placement: 'beforeList',
    lines: ['Candidates that give the same outputs (or raise the same exception) on the examples and the generated inputs; a larger cluster counts for more.'],
    table: { head: ['Cluster', 'Size', 'Candidates', 'Score'], rows },
  };
}

/** Each kept generated input, with every candidate's output on it. */
function inputsSection(order: Labelled[]): ViewSection | undefined {
  const inputs = order.find((c) => c.r.behaviour && c.r.behaviour.length > 0)?.r.behaviour?.map((b) => b.input);
  if (!inputs) {
    return undefined;
  }
  const rows = inputs.map((input, k) => [
    cell(input),
    ...order.map((c) => {
      const b = c.r.behaviour?.[k];
      return b && b.input === input ? cell(b.output) : '—';
    }),
  ]);
  return {
    title: 'Generated inputs',
    lines: [`${plural(inputs.length, 'input')} made from the signature and docstring that most samples run; each candidate's output on them.`],
    table: { head: ['Input', ...order.map((c) => c.label)], rows },
  };
}

/** The model-written tests, and which candidates pass each. */
function testsSection(result: PipelineResult, order: Labelled[]): ViewSection | undefined {
  const tests = result.modelTests?.tests ?? [];
  if (tests.length === 0 || !order.some((c) => c.r.modelTests)) {
    return undefined;
  }
  const rows = tests.map((t, k) => [cell(t.source), ...order.map((c) => (c.r.modelTests === undefined ? '—' : c.r.modelTests[k] ? '✓' : '✗'))]);
  return {
    title: 'Model-written tests',
    lines: [`${plural(tests.length, 'test')} from the extra request (${result.modelTests!.tokens} extra tokens); ✓ = the candidate passes it.`],
    table: { head: ['Test', ...order.map((c) => c.label)], rows },
  };
}

/** CodeT's consensus sets: candidates passing the same tests, scored tests passed × √samples. */
function consensusSection(order: Labelled[]): ViewSection | undefined {
  const sets = groupBy(order, (r) => r.consensusSet);
  if (sets.size === 0) {
    return undefined;
  }
  const rows = [...sets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, members]) => {
      const first = members[0]!.r;
      const passed = first.modelTests?.filter(Boolean).length ?? 0;
      return [
        `set ${id + 1}`,
        plural(members.reduce((n, m) => n + m.r.votes, 0), 'sample'),
        members.map((m) => m.label).join(', '),
        `${passed}/${first.modelTests?.length ?? 0}`,
        (first.dualScore ?? 0).toFixed(3),
      ];
    });
  const none = order.filter((c) => c.r.modelTests !== undefined && c.r.consensusSet === undefined).map((c) => c.label);
  return {
    title: 'Consensus sets',
    lines: [
      'Candidates that pass exactly the same model-written tests; score = weighted tests passed × √samples in the set (CodeT).',
      ...(none.length > 0 ? [`Passing no test: ${none.join(', ')}`] : []),
    ],
    table: { head: ['Set', 'Samples', 'Candidates', 'Tests passed', 'Score'], rows },
  };
}

function cell(value: string): string {
  return truncateForDisplay(value, MAX_CELL_CHARS);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
