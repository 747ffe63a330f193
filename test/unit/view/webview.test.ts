/**
 * The candidates webview's pure parts, run in Node as they are: the highlighter (src/webview/highlight.ts)
 * and the tree the page draws (src/webview/view.ts). The DOM side (src/webview/panel.ts) runs in the real
 * webview: the integration tests read back what it drew.
 */
import * as assert from 'assert';
import { buildCandidatesView, type CandidatesView } from '../../../src/core/view/candidates';
import { revealInvisibles, HIDDEN_MARKER_SOURCE } from '../../../src/core/view/text';
import { highlighted, keyAction, renderModel, type VNode } from '../../../src/webview/view';
import { tokenizePython, type Token } from '../../../src/webview/highlight';
import { addResult, sample } from './fixtures';

const join = (tokens: Token[]) => tokens.map((t) => t[1]).join('');
const kindsOf = (code: string) => tokenizePython(code).filter((t) => t[0] !== 'ws');

/** Every node of the tree, depth first. */
function walk(nodes: VNode[]): VNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.children ?? [])]);
}
/** The text a node shows, as the DOM's textContent would read it. */
function textOf(node: VNode): string {
  return (node.text ?? '') + (node.children ?? []).map(textOf).join('');
}
const byClass = (nodes: VNode[], cls: string) => walk(nodes).filter((n) => (n.className ?? '').split(' ').includes(cls));

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

describe('webview: Python highlighter', () => {
  it('returns tokens that concatenate back to the input exactly (random Python-ish text)', () => {
    const alphabet = ['def ', 'class ', 'x', '_1', ' ', '\n', '\t', '"', "'", '"""', '#', '\\', '0x1f', '1.5e3', '.', '(', ')',
      ':', '->', '+=', '@', 'rb', 'f"', '⟪U+202E⟫', '⟪', '😀', 'é', '\r\n', '!', '$', '?', '`'];
    const next = rng(42);
    for (let i = 0; i < 300; i++) {
      let code = '';
      for (let k = Math.floor(next() * 40); k > 0; k--) {
        code += alphabet[Math.floor(next() * alphabet.length)];
      }
      const tokens = tokenizePython(code);
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

describe('webview: highlighted code', () => {
  it('is text nodes and spans only, reproducing the code exactly', () => {
    const code = 'def f():\n    return "<b>hi</b>"  # <script>\n';
    const nodes = highlighted(code);
    assert.strictEqual(nodes.map(textOf).join(''), code);
    for (const n of nodes) {
      assert.ok(n.tag === '#text' || (n.tag === 'span' && /^tok-[a-z]+$/.test(n.className ?? '')), JSON.stringify(n));
      assert.strictEqual(n.children, undefined);
    }
    assert.deepStrictEqual(nodes.filter((n) => n.className === 'tok-string').map(textOf), ['"<b>hi</b>"']);
  });

  it('marks hidden characters even inside strings and comments, in the format core/view/text writes', () => {
    const revealed = revealInvisibles('s = "admin\u202e"  # ok\u2066').text;
    assert.match('⟪U+202E⟫', new RegExp(`^${HIDDEN_MARKER_SOURCE}$`));
    const nodes = highlighted(revealed);
    assert.deepStrictEqual(nodes.filter((n) => n.className === 'tok-hidden').map(textOf), ['⟪U+202E⟫', '⟪U+2066⟫']);
    assert.strictEqual(nodes.map(textOf).join(''), revealed);
  });
});

describe('webview: the candidates tree', () => {
  function renderAdd(mutate?: (m: CandidatesView) => void) {
    const model = buildCandidatesView(addResult(), { canInsert: true });
    mutate?.(model);
    const nodes = renderModel(model);
    return { model, nodes, items: walk(nodes).filter((n) => n.tag === 'li' && n.className === 'candidate') };
  }

  it('one focusable item per candidate, in rank order, with its label and code', () => {
    const { model, items } = renderAdd();
    assert.strictEqual(items.length, 3);
    items.forEach((item, k) => {
      const c = model.candidates[k]!;
      assert.strictEqual(item.attrs?.tabindex, '0');
      assert.strictEqual(item.attrs?.['data-index'], String(c.index));
      assert.strictEqual(item.attrs?.['aria-label'], c.ariaLabel);
      assert.strictEqual(textOf(byClass([item], 'code')[0]!), c.displayCode);
      assert.strictEqual(textOf(byClass([item], 'rank')[0]!), `#${k + 1}`);
    });
  });

  it('shows scores, identical count only when merged, the example badge, the group letter and expected vs got', () => {
    const { items } = renderAdd();
    const spans = (item: VNode) => walk([item]).filter((n) => n.tag === 'span').map(textOf);
    assert.ok(spans(items[0]!).includes('3 identical'), spans(items[0]!).join('|'));
    const third = spans(items[2]!);
    assert.ok(third.includes('mean log-prob -0.050'), third.join('|'));
    assert.ok(!third.some((t) => /vote|identical/.test(t)), 'a single sample shows no count');
    assert.ok(third.includes('0/1 examples passed'));
    assert.ok(third.includes('group B (1 sample)'));
    const row = byClass([items[2]!], 'example')[0]!;
    assert.deepStrictEqual(row.children!.map(textOf), ['add(1, 2)', '3', '-1', 'failed']);
    assert.match(row.className!, /status-failed/);
  });

  it('Insert and Copy carry aria-labels and the message with the candidate index; no target disables Insert', () => {
    const { items } = renderAdd();
    const buttons = walk([items[1]!]).filter((n) => n.tag === 'button');
    assert.deepStrictEqual(buttons.map((b) => b.attrs?.['aria-label']), ['Insert candidate 2', 'Copy candidate 2']);
    assert.deepStrictEqual(buttons.map((b) => b.onClick), [{ type: 'insert', index: 1 }, { type: 'copy', index: 1 }]);
    assert.ok(buttons.every((b) => b.attrs?.type === 'button' && !b.disabled));
    const off = renderAdd((m) => (m.canInsert = false));
    assert.strictEqual(walk([off.items[0]!]).find((n) => n.tag === 'button')?.disabled, true);
  });

  it('keys: Enter and Space insert when possible; arrows, Home and End move and stop at the ends', () => {
    assert.deepStrictEqual(keyAction('Enter', 0, 3, true), { kind: 'insert' });
    assert.deepStrictEqual(keyAction(' ', 2, 3, true), { kind: 'insert' });
    assert.strictEqual(keyAction('Enter', 0, 3, false), undefined);
    assert.deepStrictEqual(keyAction('ArrowDown', 0, 3, true), { kind: 'focus', index: 1 });
    assert.deepStrictEqual(keyAction('End', 1, 3, true), { kind: 'focus', index: 2 });
    assert.strictEqual(keyAction('ArrowDown', 2, 3, true), undefined);
    assert.deepStrictEqual(keyAction('Home', 2, 3, true), { kind: 'focus', index: 0 });
    assert.strictEqual(keyAction('ArrowUp', 0, 3, true), undefined);
    assert.strictEqual(keyAction('x', 0, 3, true), undefined);
  });

  it('markup in model output stays text: no element, class or attribute comes from it', () => {
    const evil = '</pre><script>alert(1)</script><img src=x onerror=alert(2)>';
    const result = addResult();
    result.ranked[0]!.sample = sample(`return "${evil}"\n`, 0);
    result.ranked[0]!.examples = [{ source: `add("${evil}")`, expected: evil, got: evil, status: 'failed' }];
    result.ranked[0]!.reasons = [evil];
    const nodes = renderModel(buildCandidatesView(result, { canInsert: true }));
    const all = walk(nodes);
    const tags = new Set(all.map((n) => n.tag));
    assert.ok(!tags.has('script') && !tags.has('img'), [...tags].join(','));
    assert.ok(all.every((n) => !(n.className ?? '').includes('<') && Object.keys(n.attrs ?? {}).every((k) => /^[a-z-]+$/.test(k))));
    assert.ok(nodes.map(textOf).join('').includes(evil));
  });

  it('the empty message instead of a list, and no legend', () => {
    const nodes = renderModel(buildCandidatesView({ ...addResult(), ranked: [], samples: [] }, { canInsert: false }));
    assert.strictEqual(walk(nodes).filter((n) => n.className === 'candidate').length, 0);
    assert.strictEqual(textOf(byClass(nodes, 'empty')[0]!), 'The backend returned no samples.');
    assert.strictEqual(byClass(nodes, 'legend').length, 0);
  });

  it('a legend explains each term the cards use, and sections are drawn without knowing their subject', () => {
    const { nodes } = renderAdd((m) => {
      m.sections = [{ title: 'Generated tests', lines: ['assert add(2, 2) == 4'], table: { head: ['test', 'passes'], rows: [['t1', '3/3']] } }];
    });
    const legend = textOf(byClass(nodes, 'legend')[0]!);
    for (const term of ['mean log-prob', 'examples', 'group A, B, …', 'identical']) {
      assert.ok(legend.includes(term), `${term} in ${legend}`);
    }
    const section = byClass(nodes, 'section')[0]!;
    assert.strictEqual(textOf(section), 'Generated testsassert add(2, 2) == 4testpassest13/3');
  });

  it('a kept ranking says so above the list', () => {
    const nodes = renderModel(buildCandidatesView(addResult(), { canInsert: false, kept: { acceptedRank: 1 } }));
    assert.match(textOf(byClass(nodes, 'notice')[0]!), /^You accepted #2; the function has its body now\./);
  });
});
