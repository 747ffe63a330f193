/**
 * media/panel.js, the webview script, run in a fresh V8 context with a minimal DOM (fakeDom.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { buildCandidatesView, type CandidatesView } from '../../../src/core/view/candidates';
import { FakeDocument, FakeElement, FakeText } from './fakeDom';
import { addResult, addResultWithTests, sample } from './fixtures';

type Token = [string, string];
interface PanelScript {
  tokenizePython(code: string): Token[];
  appendHighlighted(doc: FakeDocument, parent: FakeElement, code: string): void;
  render(doc: FakeDocument, root: FakeElement, model: CandidatesView, post: (m: object) => void): Record<string, unknown>;
  start(vscode: { postMessage(m: object): void }, doc: FakeDocument, win: FakeWindow): void;
}

/** The window: only `addEventListener('message', …)` and a way to deliver messages. */
class FakeWindow {
  private listeners: Array<(e: { data: unknown }) => void> = [];
  addEventListener(_type: 'message', l: (e: { data: unknown }) => void): void {
    this.listeners.push(l);
  }
  deliver(data: unknown): void {
    this.listeners.forEach((l) => l({ data }));
  }
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'media', 'panel.js'))) {
    const up = path.dirname(dir);
    assert.notStrictEqual(up, dir, 'media/panel.js not found above the test');
    dir = up;
  }
  return dir;
}

/** Loads the script as the webview would, but without acquireVsCodeApi: it only exports its functions. */
function loadScript(): PanelScript {
  const source = fs.readFileSync(path.join(repoRoot(), 'media', 'panel.js'), 'utf8');
  const module = { exports: {} as PanelScript };
  vm.runInNewContext(source, { module }, { filename: 'media/panel.js' });
  const api = module.exports;
  // Values made in the script's own context have its Object.prototype: compare them as JSON, which is
  // also what crosses the real webview boundary.
  return {
    tokenizePython: (code) => plain(api.tokenizePython(code)),
    appendHighlighted: (doc, parent, code) => api.appendHighlighted(doc, parent, code),
    render: (doc, root, model, post) => plain(api.render(doc, root, model, (m) => post(plain(m)))),
    start: (vscode, doc, win) => api.start({ postMessage: (m: object) => vscode.postMessage(plain(m)) }, doc, win),
  };
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const script = loadScript();
const join = (tokens: Token[]) => tokens.map((t) => t[1]).join('');
const kindsOf = (code: string) => script.tokenizePython(code).filter((t) => t[0] !== 'ws');

/** A deterministic pseudo-random generator (mulberry32) for the round-trip property. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('media/panel.js: Python highlighter', () => {
  it('returns tokens that concatenate back to the input exactly (random Python-ish text)', () => {
    const alphabet = ['def ', 'class ', 'x', '_1', ' ', '\n', '\t', '"', "'", '"""', '#', '\\', '0x1f', '1.5e3', '.', '(', ')',
      ':', '->', '+=', '@', 'rb', 'f"', '⟪U+202E⟫', '⟪', '😀', 'é', '\r\n', '!', '$', '?', '`'];
    const next = rng(42);
    for (let i = 0; i < 300; i++) {
      let code = '';
      for (let k = Math.floor(next() * 40); k > 0; k--) {
        code += alphabet[Math.floor(next() * alphabet.length)];
      }
      const tokens = script.tokenizePython(code);
      assert.strictEqual(join(tokens), code, JSON.stringify(code));
      assert.ok(tokens.every((t) => t[1].length > 0), 'no empty tokens');
    }
  });

  it('classifies keywords, builtins, names and the names after def and class', () => {
    assert.deepStrictEqual(kindsOf('def add(a, b):'), [
      ['keyword', 'def'], ['function', 'add'], ['punct', '('], ['name', 'a'], ['punct', ','], ['name', 'b'],
      ['punct', ')'], ['punct', ':'],
    ]);
    assert.deepStrictEqual(kindsOf('class Stack(list): pass'), [
      ['keyword', 'class'], ['class', 'Stack'], ['punct', '('], ['builtin', 'list'], ['punct', ')'], ['punct', ':'],
      ['keyword', 'pass'],
    ]);
    assert.deepStrictEqual(kindsOf('return len(xs) if xs else None'), [
      ['keyword', 'return'], ['builtin', 'len'], ['punct', '('], ['name', 'xs'], ['punct', ')'], ['keyword', 'if'],
      ['name', 'xs'], ['keyword', 'else'], ['keyword', 'None'],
    ]);
  });

  it('keeps identifiers that contain keywords whole', () => {
    assert.deepStrictEqual(kindsOf('define iffy format_'), [['name', 'define'], ['name', 'iffy'], ['name', 'format_']]);
  });

  it('reads strings with prefixes, escapes, triple quotes across lines, and unterminated ones', () => {
    assert.deepStrictEqual(kindsOf(`rb'a\\'b' f"{x}" u"ü"`), [['string', `rb'a\\'b'`], ['string', 'f"{x}"'], ['string', 'u"ü"']]);
    assert.deepStrictEqual(kindsOf('"""one\n# not a comment\ntwo""" + 1'), [
      ['string', '"""one\n# not a comment\ntwo"""'], ['op', '+'], ['number', '1'],
    ]);
    assert.deepStrictEqual(kindsOf("'open\nx"), [['string', "'open"], ['name', 'x']]);
    assert.deepStrictEqual(kindsOf("'''never closed\nstill"), [['string', "'''never closed\nstill"]]);
  });

  it('reads comments to the end of the line', () => {
    assert.deepStrictEqual(kindsOf('x = 1  # set "x"\ny'), [
      ['name', 'x'], ['op', '='], ['number', '1'], ['comment', '# set "x"'], ['name', 'y'],
    ]);
  });

  it('reads numbers in every base, floats, exponents and imaginary literals', () => {
    const numbers = ['0', '42', '1_000', '0x1F', '0o17', '0b1010', '3.14', '.5', '1e-3', '2.5E+10', '3j', '1.5e3J'];
    for (const n of numbers) {
      assert.deepStrictEqual(kindsOf(n), [['number', n]], n);
    }
  });

  it('reads decorators, operators and revealed hidden characters', () => {
    assert.deepStrictEqual(kindsOf('@functools.cache'), [['decorator', '@functools.cache']]);
    assert.deepStrictEqual(kindsOf('a ** b // c -> d := e != f'), [
      ['name', 'a'], ['op', '**'], ['name', 'b'], ['op', '//'], ['name', 'c'], ['op', '->'], ['name', 'd'],
      ['op', ':='], ['name', 'e'], ['op', '!='], ['name', 'f'],
    ]);
    assert.deepStrictEqual(kindsOf('x⟪U+202E⟫y'), [['name', 'x'], ['hidden', '⟪U+202E⟫'], ['name', 'y']]);
  });
});

describe('media/panel.js: highlighting into the DOM', () => {
  it('writes text nodes only, reproducing the code exactly, with spans for coloured tokens', () => {
    const doc = new FakeDocument();
    const pre = doc.createElement('pre');
    const code = 'def f():\n    return "<b>hi</b>"  # <script>\n';
    script.appendHighlighted(doc, pre, code);
    assert.strictEqual(pre.textContent, code);
    for (const node of pre.childNodes) {
      if (node instanceof FakeElement) {
        assert.strictEqual(node.tagName, 'span');
        assert.match(node.className, /^tok-[a-z]+$/);
        assert.ok(node.childNodes.every((c) => c instanceof FakeText));
      }
    }
    const strings = pre.querySelectorAll('span.tok-string').map((s) => s.textContent);
    assert.deepStrictEqual(strings, ['"<b>hi</b>"']);
  });

  it('marks hidden characters even inside strings and comments', () => {
    const doc = new FakeDocument();
    const pre = doc.createElement('pre');
    script.appendHighlighted(doc, pre, 's = "admin⟪U+202E⟫"  # ok⟪U+2066⟫');
    assert.deepStrictEqual(pre.querySelectorAll('span.tok-hidden').map((s) => s.textContent), ['⟪U+202E⟫', '⟪U+2066⟫']);
    assert.strictEqual(pre.textContent, 's = "admin⟪U+202E⟫"  # ok⟪U+2066⟫');
  });
});

describe('media/panel.js: rendering the candidates', () => {
  function renderAdd(mutate?: (m: CandidatesView) => void) {
    const model = buildCandidatesView(addResult(), { canInsert: true });
    mutate?.(model);
    const doc = new FakeDocument();
    const root = doc.createElement('div');
    const posted: object[] = [];
    const report = script.render(doc, root, model, (m) => posted.push(m));
    const items = root.querySelectorAll('li.candidate');
    return { model, doc, root, posted, report, items };
  }

  it('renders one focusable item per candidate, in rank order, with its label and code', () => {
    const { model, items, report } = renderAdd();
    assert.strictEqual(items.length, 3);
    items.forEach((item, k) => {
      const c = model.candidates[k]!;
      assert.strictEqual(item.tabIndex, 0);
      assert.strictEqual(item.getAttribute('data-index'), String(c.index));
      assert.strictEqual(item.getAttribute('aria-label'), c.ariaLabel);
      assert.strictEqual(item.querySelectorAll('pre.code')[0]?.textContent, c.displayCode);
      assert.strictEqual(item.querySelectorAll('span.rank')[0]?.textContent, `#${k + 1}`);
    });
    assert.deepStrictEqual(report, {
      type: 'rendered', indices: [0, 1, 2], exampleRows: 3, codes: model.candidates.map((c) => c.displayCode),
    });
  });

  it('shows scores, votes, example badge, agreement and an example table with expected vs got', () => {
    const { items } = renderAdd();
    const third = items[2]!;
    const texts = third.querySelectorAll('span').map((s) => s.textContent);
    assert.ok(texts.includes('mean log-prob -0.050'), texts.join('|'));
    assert.ok(texts.includes('1 vote'));
    assert.ok(texts.includes('0/1 examples passed'));
    assert.ok(texts.includes('group B (1 sample)'));
    const row = third.querySelectorAll('tr.example')[0]!;
    assert.deepStrictEqual(row.children.map((td) => td.textContent), ['add(1, 2)', '3', '-1', 'failed']);
    assert.match(row.className, /status-failed/);
  });

  it('shows the model-written tests: the summary, each candidate\'s consensus badge, and ✓/✗ per test', () => {
    const model = buildCandidatesView(addResultWithTests(), { canInsert: true });
    const doc = new FakeDocument();
    const root = doc.createElement('div');
    script.render(doc, root, model, () => undefined);
    assert.ok(root.querySelectorAll('p.model-tests-summary').some((p) => p.textContent === '2 model-written tests (42 extra tokens)'));
    const items = root.querySelectorAll('li.candidate');
    assert.ok(items[0]!.querySelectorAll('span.consensus').some((s) => s.textContent === 'consensus set 1 (4 samples): passes 2/2 model tests'));
    const rows = (i: number): string[] => items[i]!.querySelectorAll('ul.model-tests')[0]!.children.map((li) => li.textContent);
    assert.deepStrictEqual(rows(0), ['✓ assert add(2, 2) == 4', '✓ assert add(0, 5) == 5']);
    assert.deepStrictEqual(rows(2), ['✗ assert add(2, 2) == 4', '✗ assert add(0, 5) == 5']);
  });

  it('gives Insert and Copy buttons aria-labels and posts their messages with the candidate index', () => {
    const { items, posted } = renderAdd();
    const buttons = items[1]!.querySelectorAll('button');
    assert.deepStrictEqual(buttons.map((b) => b.getAttribute('aria-label')), ['Insert candidate 2', 'Copy candidate 2']);
    assert.ok(buttons.every((b) => b.type === 'button'));
    buttons[0]!.click();
    buttons[1]!.click();
    assert.deepStrictEqual(posted, [{ type: 'insert', index: 1 }, { type: 'copy', index: 1 }]);
  });

  it('inserts with Enter or Space on a focused candidate, and leaves keys on its buttons alone', () => {
    const { items, posted } = renderAdd();
    assert.ok(items[0]!.dispatch('keydown', 'Enter').defaultPrevented);
    items[2]!.dispatch('keydown', ' ');
    items[0]!.querySelectorAll('button')[1]!.dispatch('keydown', 'Enter');
    assert.deepStrictEqual(posted, [{ type: 'insert', index: 0 }, { type: 'insert', index: 2 }]);
  });

  it('moves focus with the arrow keys, Home and End', () => {
    const { items, doc } = renderAdd();
    items[0]!.dispatch('keydown', 'ArrowDown');
    assert.strictEqual(doc.activeElement, items[1]);
    doc.activeElement!.dispatch('keydown', 'End');
    assert.strictEqual(doc.activeElement, items[2]);
    doc.activeElement!.dispatch('keydown', 'ArrowDown'); // stays on the last
    assert.strictEqual(doc.activeElement, items[2]);
    doc.activeElement!.dispatch('keydown', 'Home');
    assert.strictEqual(doc.activeElement, items[0]);
    doc.activeElement!.dispatch('keydown', 'ArrowUp');
    assert.strictEqual(doc.activeElement, items[0]);
  });

  it('disables Insert when there is no target', () => {
    const { items, posted } = renderAdd((m) => (m.canInsert = false));
    const insert = items[0]!.querySelectorAll('button')[0]!;
    assert.strictEqual(insert.disabled, true);
    insert.click();
    items[0]!.dispatch('keydown', 'Enter');
    assert.deepStrictEqual(posted, []);
  });

  it('shows markup in model output as text and creates no elements from it', () => {
    const evil = '</pre><script>alert(1)</script><img src=x onerror=alert(2)>';
    const result = addResult();
    result.ranked[0]!.sample = sample(`return "${evil}"\n`, 0);
    result.ranked[0]!.examples = [{ source: `add("${evil}")`, expected: evil, got: evil, status: 'failed' }];
    result.ranked[0]!.reasons = [evil];
    const model = buildCandidatesView(result, { canInsert: true });
    const doc = new FakeDocument();
    const root = doc.createElement('div');
    script.render(doc, root, model, () => undefined);
    const tags = new Set(root.descendants().map((e) => e.tagName));
    assert.ok(!tags.has('script') && !tags.has('img'), [...tags].join(','));
    assert.ok(root.textContent.includes(evil));
  });

  it('shows the empty message instead of a list', () => {
    const model = buildCandidatesView({ ...addResult(), ranked: [], samples: [] }, { canInsert: false });
    const doc = new FakeDocument();
    const root = doc.createElement('div');
    const report = script.render(doc, root, model, () => undefined);
    assert.strictEqual(root.querySelectorAll('li.candidate').length, 0);
    assert.strictEqual(root.querySelectorAll('p.empty')[0]?.textContent, 'The backend returned no samples.');
    assert.deepStrictEqual(report, { type: 'rendered', indices: [], exampleRows: 0, codes: [] });
  });
});

describe('media/panel.js: talking to the extension', () => {
  function started() {
    const doc = new FakeDocument();
    const root = doc.withId('root');
    const status = doc.withId('status');
    const win = new FakeWindow();
    const posted: Array<Record<string, unknown>> = [];
    script.start({ postMessage: (m) => posted.push(m as Record<string, unknown>) }, doc, win);
    return { doc, root, status, win, posted };
  }

  it('says ready, renders each model it receives and reports what it drew', () => {
    const { root, win, posted } = started();
    assert.deepStrictEqual(posted.slice(), [{ type: 'ready' }]);
    const model = buildCandidatesView(addResult(), { canInsert: true });
    win.deliver({ type: 'model', model });
    assert.strictEqual(root.querySelectorAll('li.candidate').length, 3);
    assert.deepStrictEqual(posted[1]?.indices, [0, 1, 2]);
    win.deliver({ type: 'model', model: { ...model, candidates: model.candidates.slice(0, 1) } });
    assert.strictEqual(root.querySelectorAll('li.candidate').length, 1, 'a new model replaces the old list');
    assert.deepStrictEqual(posted[2]?.indices, [0]);
  });

  it('keeps focus on the same candidate across a re-render', () => {
    const { doc, root, win } = started();
    const model = buildCandidatesView(addResult(), { canInsert: true });
    win.deliver({ type: 'model', model });
    root.querySelectorAll('li.candidate')[2]!.focus();
    win.deliver({ type: 'model', model });
    const focused = doc.activeElement;
    assert.strictEqual(focused?.getAttribute('data-index'), '2');
    assert.ok(root.querySelectorAll('li.candidate').includes(focused!), 'focus is on the new element');
  });

  it('shows status lines in the live region as text', () => {
    const { status, win } = started();
    win.deliver({ type: 'status', kind: 'error', text: '<b>The text changed</b>' });
    assert.strictEqual(status.textContent, '<b>The text changed</b>');
    assert.strictEqual(status.className, 'status live-error');
  });

  it('ignores unknown messages', () => {
    const { root, win, posted } = started();
    win.deliver({ type: 'eval', code: 'alert(1)' });
    win.deliver(null);
    assert.strictEqual(root.childNodes.length, 0);
    assert.strictEqual(posted.length, 1);
  });
});
