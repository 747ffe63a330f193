/**
 * The panel's run sections (why #1, behaviour clusters, generated inputs, model tests, consensus sets):
 * the view model built from a ranking, and the tree the webview draws from it, read as data.
 */
import * as assert from 'assert';
import { buildCandidatesView } from '../../../src/core/view/candidates';
import { renderModel, type VNode } from '../../../src/webview/view';
import { addResult, addResultWithBehaviour, addResultWithTests } from './fixtures';

function walk(nodes: VNode[]): VNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.children ?? [])]);
}
function textOf(node: VNode): string {
  return (node.text ?? '') + (node.children ?? []).map(textOf).join('');
}
const byClass = (nodes: VNode[], cls: string) => walk(nodes).filter((n) => (n.className ?? '').split(' ').includes(cls));
/** A section's table as rows of cell texts (the head first). */
function tableOf(section: VNode): string[][] {
  return walk([section]).filter((n) => n.tag === 'tr').map((tr) => (tr.children ?? []).map(textOf));
}

describe('view: run sections from the ranking', () => {
  it('why #1 was chosen, the clusters largest first, and each candidate\'s output on each generated input', () => {
    const view = buildCandidatesView(addResultWithBehaviour(), { canInsert: true });
    assert.deepStrictEqual(view.sections.map((s) => s.title), ['Why #1 was chosen', 'Behaviour clusters', 'Generated inputs']);
    const [why, clusters, inputs] = view.sections;
    assert.strictEqual(why!.lines![0], 'decided by: largest behaviour cluster');
    assert.ok(!why!.lines!.some((l) => l.startsWith('chosen:')), 'the chosen reason is said once');
    assert.deepStrictEqual(clusters!.table, {
      head: ['Cluster', 'Size', 'Candidates', 'Score'],
      rows: [['cluster 0', '4 samples', '#1, #2', '4.000'], ['cluster 1', '1 sample', '#3', '1.000']],
    });
    assert.deepStrictEqual(inputs!.table, {
      head: ['Input', '#1', '#2', '#3'],
      rows: [['add(2, 2)', '4', '4', '0'], ['add(-5, 2)', '-3', '-3', '7']],
    });
    assert.deepStrictEqual(view.candidates.map((c) => c.clusterLabel), ['cluster 0 (4 samples)', 'cluster 0 (4 samples)', 'cluster 1 (1 sample)']);
    assert.ok(view.summary.startsWith('5 samples in 2 rounds · '), view.summary);
    assert.ok(view.legend.some((e) => e.term === 'cluster'));
  });

  it('a sample that ran on generated inputs but whose docstring has no examples says "no examples", not "not run"', () => {
    const result = addResultWithBehaviour();
    result.ranked.forEach((e) => {
      delete e.examples;
      e.executable = true;
    });
    const view = buildCandidatesView(result, { canInsert: true });
    assert.deepStrictEqual(view.candidates.map((c) => c.examplesLabel), ['no examples', 'no examples', 'no examples']);
    result.ranked.forEach((e) => delete e.executable);
    assert.strictEqual(buildCandidatesView(result, { canInsert: true }).candidates[0]!.examplesLabel, 'examples not run', 'nothing ran');
  });

  it('the model-written tests with ✓/✗ per candidate, and the consensus sets with who passes nothing', () => {
    const view = buildCandidatesView(addResultWithTests(), { canInsert: true });
    const tests = view.sections.find((s) => s.title === 'Model-written tests')!;
    assert.deepStrictEqual(tests.table, {
      head: ['Test', '#1', '#2', '#3'],
      rows: [['assert add(2, 2) == 4', '✓', '✓', '✗'], ['assert add(0, 5) == 5', '✓', '✓', '✗']],
    });
    assert.ok(tests.lines![0]!.includes('42 extra tokens'));
    const sets = view.sections.find((s) => s.title === 'Consensus sets')!;
    assert.deepStrictEqual(sets.table!.rows, [['set 1', '4 samples', '#1, #2', '2/2', '6.000']]);
    assert.ok(sets.lines!.includes('Passing no test: #3'));
    assert.ok(view.legend.some((e) => e.term === 'consensus set'));
  });

  it('a ranking that ran nothing (no clusters, no inputs, no tests, no chosen step): no sections', () => {
    const view = buildCandidatesView(addResult(), { canInsert: true });
    assert.deepStrictEqual(view.sections, []);
    assert.ok(view.candidates.every((c) => c.clusterLabel === ''));
    assert.ok(!view.legend.some((e) => e.term === 'cluster'));
  });

  it('the tree draws why #1 and the clusters before the list, the tables after it, and a cluster badge on each card', () => {
    const nodes = renderModel(buildCandidatesView(addResultWithBehaviour(), { canInsert: true }));
    const sections = nodes.filter((n) => n.className === 'section');
    assert.deepStrictEqual(sections.map((s) => textOf(s.children![0]!)), ['Why #1 was chosen', 'Behaviour clusters', 'Generated inputs']);
    const list = nodes.findIndex((n) => n.className === 'candidates');
    assert.ok(nodes.indexOf(sections[1]!) < list, 'why #1 and the clusters are read before the list');
    assert.ok(nodes.indexOf(sections[2]!) > list, 'the inputs table comes after it');
    assert.deepStrictEqual(tableOf(sections[1]!), [['Cluster', 'Size', 'Candidates', 'Score'], ['cluster 0', '4 samples', '#1, #2', '4.000'], ['cluster 1', '1 sample', '#3', '1.000']]);
    assert.deepStrictEqual(tableOf(sections[2]!)[1], ['add(2, 2)', '4', '4', '0']);
    assert.deepStrictEqual(byClass(nodes, 'cluster').map(textOf), ['cluster 0 (4 samples)', 'cluster 0 (4 samples)', 'cluster 1 (1 sample)']);
  });

  it('model strings in the sections (inputs, outputs, tests) stay text nodes', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const result = addResultWithBehaviour();
    result.ranked[0]!.behaviour![0] = { input: `add("${evil}", 1)`, output: evil };
    const nodes = renderModel(buildCandidatesView(result, { canInsert: true }));
    const all = walk(nodes);
    assert.ok(!all.some((n) => n.tag === 'img' || n.tag === 'script'));
    const cells = all.filter((n) => n.tag === 'td' && n.text === evil);
    assert.strictEqual(cells.length, 1, 'the output is one cell\'s text');
    assert.ok(all.every((n) => Object.keys(n.attrs ?? {}).every((k) => /^[a-z-]+$/.test(k))));
  });
});
