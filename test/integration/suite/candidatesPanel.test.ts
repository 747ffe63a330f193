/**
 * The CandidatesPanel class in a real VS Code, fed a fabricated pipeline run (no backend): the webview loads
 * dist/panel.js (src/webview) under its CSP, renders every sample and reports back; Insert goes through the panel's
 * message handler and changes the document exactly, or refuses when the text at the target changed.
 * (panel.test.ts drives the same panel end to end through "Passk: Show Candidates".)
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PipelineResult } from '../../../src/core/pipeline';
import type { CompletionContext, RankedSample, Sample } from '../../../src/core/types';
import { CandidatesPanel, type CandidatesData } from '../../../src/vscode/candidatesPanel';
import { EXTENSION_ID, closeAll, openPython, screenshot, waitFor } from './helpers';
import { PanelProbe } from './panelProbe';

const SOURCE = 'def add(a, b):\n    """Add two numbers.\n\n    >>> add(1, 2)\n    3\n    """\n    ';


function sample(text: string, index: number): Sample {
  return { text, index, finishReason: 'stop', tokens: [{ text, logprob: -0.3, offset: 0 }] };
}

function context(text: string): CompletionContext {
  return {
    languageId: 'python',
    text,
    offset: text.length,
    prefix: text,
    suffixInFunction: '',
    suffixAfterFunction: '',
    eol: '\n',
    fn: {
      name: 'add', isAsync: false, decorators: [], params: [], signature: 'def add(a, b):', defIndent: '',
      bodyIndent: '    ', indentUnit: '    ', bodySoFar: '', startOffset: 0, endOffset: text.length,
      bodyStartOffset: 19, nesting: [],
    },
    module: { imports: [], constants: [], definitions: [] },
    decision: { kind: 'body' },
  };
}

/** Four distinct candidates (six samples), one with markup and one with a hidden bidi character. */
function fabricatedResult(text: string): PipelineResult {
  const texts = [
    'return a + b\n',
    'total = a\n    total += b\n    return total\n',
    'return "<img src=x onerror=alert(1)>"  # </pre><script>alert(2)</script>\n',
    'return a - b  # \u202e\n',
  ];
  const samples = texts.map((t, k) => sample(t, k));
  const ranked: RankedSample[] = samples.map((s, k) => ({
    sample: s,
    rank: k,
    meanLogprob: -0.1 * (k + 1),
    votes: k === 0 ? 3 : 1,
    examples: [
      { source: 'add(1, 2)', expected: '3', got: k < 2 ? '3' : k === 2 ? "'<img…>'" : '-1', status: k < 2 ? 'passed' : 'failed' },
    ],
    passed: k < 2 ? 1 : 0,
    failed: k < 2 ? 0 : 1,
    agreementGroup: k < 2 ? 1 : k + 10,
    reasons: [k < 2 ? 'passed 1/1 examples' : 'failed 1/1 examples'],
  }));
  return { context: context(text), samples: [...samples, sample(texts[0]!, 4), sample(texts[0]!, 5)], ranked };
}

function extensionUri(): vscode.Uri {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  return ext.extensionUri;
}

let files = 0;
/** The panel under test and its probe: a new pair per test. */
let panel: CandidatesPanel;
let probe: PanelProbe;

/** Opens a fresh document and the panel over it; waits until the webview has drawn the candidates. */
async function openPanel(): Promise<{ doc: vscode.TextDocument; panel: CandidatesPanel; data: CandidatesData }> {
  // A fresh file per test: a closed editor's unsaved text stays in memory and would leak into the next test.
  const editor = await openPython(`panel_add_${++files}.py`, SOURCE);
  const doc = editor.document;
  assert.strictEqual(doc.getText(), SOURCE);
  const data: CandidatesData = { result: fabricatedResult(doc.getText()), target: { uri: doc.uri, version: doc.version } };
  panel.show(data);
  await probe.whenRendered();
  return { doc, panel, data };
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(CandidatesPanel.viewType));
}

describe('CandidatesPanel (fabricated run)', () => {
  beforeEach(() => {
    panel = new CandidatesPanel(extensionUri());
    probe = new PanelProbe(panel);
  });
  afterEach(async () => {
    probe.dispose();
    panel.dispose();
    await closeAll();
  });

  it('opens and the webview lists every sample with its examples', async () => {
    const { panel, data } = await openPanel();
    assert.strictEqual(panelTabs().length, 1, 'one candidates tab');
    const rendered = probe.lastRendered;
    assert.ok(rendered);
    assert.deepStrictEqual(rendered.indices, data.result.ranked.map((_, k) => k), 'every ranked sample, best first');
    assert.strictEqual(rendered.exampleRows, 4);
    // the webview drew each sample as it reads in the file (the cursor's indentation taken off its later
    // lines), with the hidden character shown as a marker
    assert.deepStrictEqual(rendered.codes.slice(0, 3), [
      'return a + b\n',
      'total = a\ntotal += b\nreturn total\n',
      'return "<img src=x onerror=alert(1)>"  # </pre><script>alert(2)</script>\n',
    ]);
    assert.strictEqual(rendered.codes[3], 'return a - b  # ⟪U+202E⟫\n');
    const model = panel.currentModel;
    assert.ok(model);
    assert.deepStrictEqual(model.candidates.map((c) => [c.rank, c.votesLabel, c.examplesLabel]), [
      [1, '3 identical', '1/1 examples passed'],
      [2, '', '1/1 examples passed'],
      [3, '', '0/1 examples passed'],
      [4, '', '0/1 examples passed'],
    ]);
    await screenshot('candidates-panel-fabricated');
  });

  it('Insert writes the chosen sample at the cursor exactly, and a second Insert replaces the first', async () => {
    const { doc, panel, data } = await openPanel();
    const second = await panel.handleMessage({ type: 'insert', index: 1 });
    assert.ok(second?.ok, JSON.stringify(second));
    assert.strictEqual(doc.getText(), SOURCE + data.result.ranked[1]!.sample.text);
    const first = await panel.handleMessage({ type: 'insert', index: 0 });
    assert.ok(first?.ok, JSON.stringify(first));
    assert.strictEqual(doc.getText(), `${SOURCE}return a + b\n`);
  });

  it('Insert follows the function when lines were added above it', async () => {
    const { doc, panel } = await openPanel();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'import math\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const outcome = await panel.handleMessage({ type: 'insert', index: 0 });
    assert.ok(outcome?.ok, JSON.stringify(outcome));
    assert.strictEqual(doc.getText(), `import math\n\n${SOURCE}return a + b\n`);
  });

  it('Insert refuses and leaves the text alone when the user typed at the target', async () => {
    const { doc, panel } = await openPanel();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(SOURCE.length), 'return 0');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = doc.getText();
    const outcome = await panel.handleMessage({ type: 'insert', index: 0 });
    assert.strictEqual(outcome?.ok, false);
    assert.strictEqual(doc.getText(), before);
  });

  it('Insert compares the text, so a version newer than the candidates cannot misplace it', async () => {
    const editor = await openPython(`panel_add_${++files}.py`, SOURCE);
    const doc = editor.document;
    const result = fabricatedResult(doc.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(SOURCE.length), 'pass');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // the caller wrongly pairs the old text with the current version
    panel.show({ result, target: { uri: doc.uri, version: doc.version } });
    await probe.whenRendered();
    const outcome = await panel.handleMessage({ type: 'insert', index: 0 });
    assert.strictEqual(outcome?.ok, false);
    assert.strictEqual(doc.getText(), `${SOURCE}pass`);
  });

  it('ignores malformed messages from the webview', async () => {
    const { doc, panel } = await openPanel();
    for (const raw of [{ type: 'insert', index: 99 }, { type: 'insert', index: -1 }, { type: 'insert' }, 'insert', null]) {
      const outcome = await panel.handleMessage(raw);
      assert.ok(outcome === undefined || outcome.ok === false, JSON.stringify(raw));
    }
    assert.strictEqual(doc.getText(), SOURCE);
  });

  it('show() on an open panel updates it in place and the webview redraws', async () => {
    const { doc, data } = await openPanel();
    const fewer: CandidatesData = { ...data, result: { ...data.result, ranked: data.result.ranked.slice(0, 2) } };
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    panel.show(fewer);
    assert.strictEqual(vscode.window.activeTextEditor?.document, doc, 'the editor keeps the focus');
    const rendered = await probe.whenRendered();
    assert.deepStrictEqual(rendered.indices, [0, 1]);
    assert.strictEqual(panelTabs().length, 1);
    assert.strictEqual(doc.getText(), SOURCE);
  });

  it('Copy puts the exact sample on the clipboard', async () => {
    const { panel, data } = await openPanel();
    await vscode.env.clipboard.writeText('before');
    await panel.handleMessage({ type: 'copy', index: 2 });
    assert.strictEqual(await vscode.env.clipboard.readText(), data.result.ranked[2]!.sample.text);
  });

  it('reloads its page when shown again after being hidden, and draws the current data', async () => {
    const { doc } = await openPanel();
    const renders = probe.renders;
    const loads = probe.loads;
    assert.ok(loads >= 1);
    const column = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => panelTabs().includes(t)))?.viewColumn;
    assert.ok(column !== undefined);
    await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
    await waitFor(() => !panelTabs().some((t) => t.isActive), 'the panel to be hidden');
    panel.show({ result: fabricatedResult(SOURCE) });
    await waitFor(() => probe.renders > renders, 'a new render after showing again', 30000);
    assert.ok(probe.loads > loads, 'the page was loaded again, and asked for the model');
    assert.strictEqual(probe.lastRendered?.indices.length, 4);
    assert.strictEqual(panel.currentModel?.canInsert, false, 'no target given this time');
  });

  it('closing the tab disposes the panel', async () => {
    await openPanel();
    const tab = panelTabs()[0];
    assert.ok(tab);
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => !panel.isOpen, 'the panel to close');
  });
});
