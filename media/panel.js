// @ts-check
// The candidates webview. Renders the model the extension posts ({ type: 'model' }) and sends back
// insert/copy requests. Everything from the model is untrusted (model output): it only ever goes into
// text nodes (textContent / createTextNode), never innerHTML. The Python highlighter splits code into
// [kind, text] tokens whose texts concatenate back to the input exactly; each token becomes a text node.
(function () {
  'use strict';

  const KEYWORDS = new Set(
    ('False None True and as assert async await break class continue def del elif else except finally for ' +
      'from global if import in is lambda nonlocal not or pass raise return try while with yield match case')
      .split(' '),
  );
  const BUILTINS = new Set(
    ('abs all any ascii bin bool bytearray bytes callable chr dict dir divmod enumerate filter float format ' +
      'frozenset getattr hasattr hash hex id input int isinstance issubclass iter len list map max min next ' +
      'object oct ord pow print range repr reversed round set setattr slice sorted str sum super tuple type ' +
      'vars zip self cls Exception ValueError TypeError KeyError IndexError')
      .split(' '),
  );

  /** How src/core/view/text.ts shows a hidden character. */
  const HIDDEN_MARKER = /(⟪U\+[0-9A-F]{4,6}⟫)/;
  const HIDDEN_MARKER_EXACT = /^⟪U\+[0-9A-F]{4,6}⟫$/;

  /** Ordered rules: the first that matches at the current position wins. */
  const RULES = [
    ['ws', /[ \t\r\n]+/y],
    ['hidden', /⟪U\+[0-9A-F]{4,6}⟫/y],
    ['comment', /#[^\r\n]*/y],
    // Triple-quoted strings may span lines; an unterminated one runs to the end of the code.
    ['string', /(?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$))/y],
    // Single-quoted strings end at their quote or at the end of the line (unterminated).
    ['string', /(?:[rRbBuUfF]{1,2})?(?:"(?:\\.|[^"\\\r\n])*"?|'(?:\\.|[^'\\\r\n])*'?)/y],
    ['number', /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y],
    ['decorator', /@[A-Za-z_][\w.]*/y],
    // ⟪ and ⟫ (U+27EA, U+27EB) are left out: they delimit a revealed hidden character.
    ['name', /[A-Za-z_\u00C0-\u27E9\u27EC-\uFFFF][\w\u00C0-\u27E9\u27EC-\uFFFF]*/y],
    ['op', /\*\*=?|\/\/=?|->|:=|<<=?|>>=?|[<>!=]=|[-+*/%@&|^~<>=]=?/y],
    ['punct', /[()[\]{},:;.]/y],
  ];

  /**
   * Splits Python source into [kind, text] tokens. Kinds: ws, hidden, comment, string, number, decorator,
   * keyword, builtin, function (name after def), class (name after class), name, op, punct, other.
   * @param {string} code
   * @returns {[string, string][]}
   */
  function tokenizePython(code) {
    /** @type {[string, string][]} */
    const tokens = [];
    let pos = 0;
    let previousWord = '';
    while (pos < code.length) {
      const [kind, text] = matchAt(code, pos);
      let finalKind = kind;
      if (kind === 'name') {
        finalKind = nameKind(text, previousWord);
      }
      if (kind !== 'ws') {
        previousWord = kind === 'name' ? text : '';
      }
      tokens.push([finalKind, text]);
      pos += text.length;
    }
    return tokens;
  }

  /** @param {string} code @param {number} pos @returns {[string, string]} */
  function matchAt(code, pos) {
    for (const [kind, re] of RULES) {
      const rule = /** @type {RegExp} */ (re);
      rule.lastIndex = pos;
      const m = rule.exec(code);
      if (m && m[0].length > 0) {
        return [/** @type {string} */ (kind), m[0]];
      }
    }
    // One code point of anything else (keeps surrogate pairs together).
    const cp = code.codePointAt(pos) ?? 0;
    return ['other', String.fromCodePoint(cp)];
  }

  /** @param {string} word @param {string} previousWord */
  function nameKind(word, previousWord) {
    if (previousWord === 'def') {
      return 'function';
    }
    if (previousWord === 'class') {
      return 'class';
    }
    if (KEYWORDS.has(word)) {
      return 'keyword';
    }
    return BUILTINS.has(word) ? 'builtin' : 'name';
  }

  /**
   * Appends the highlighted code to `parent` as spans holding text nodes.
   * @param {Document} doc
   * @param {HTMLElement} parent
   * @param {string} code
   */
  function appendHighlighted(doc, parent, code) {
    for (const [kind, text] of tokenizePython(code)) {
      // Hidden-character markers stand out even inside strings and comments, where such characters hide.
      for (const part of text.split(HIDDEN_MARKER)) {
        if (part === '') {
          continue;
        }
        const partKind = HIDDEN_MARKER_EXACT.test(part) ? 'hidden' : kind;
        if (partKind === 'ws' || partKind === 'name' || partKind === 'punct') {
          parent.appendChild(doc.createTextNode(part));
        } else {
          const span = doc.createElement('span');
          span.className = `tok-${partKind}`;
          span.appendChild(doc.createTextNode(part));
          parent.appendChild(span);
        }
      }
    }
  }

  // ---- DOM helpers -------------------------------------------------------------------------------

  /**
   * Creates an element with a class and optional text (set as a text node).
   * @param {Document} doc
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   */
  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // ---- rendering ---------------------------------------------------------------------------------

  /**
   * Renders the whole model into `root` (replacing what was there) and returns what was drawn.
   * @param {Document} doc
   * @param {HTMLElement} root
   * @param {any} model a CandidatesView (src/core/view/candidates.ts)
   * @param {(msg: object) => void} post sends a message to the extension
   */
  function render(doc, root, model, post) {
    while (root.firstChild) {
      root.removeChild(root.firstChild);
    }
    const header = el(doc, 'header', 'panel-header');
    header.appendChild(el(doc, 'h1', 'title', model.title));
    if (model.signature) {
      const sig = el(doc, 'pre', 'signature');
      appendHighlighted(doc, sig, model.signature);
      header.appendChild(sig);
    }
    header.appendChild(el(doc, 'p', 'summary', model.summary));
    if (model.modelTests) {
      header.appendChild(el(doc, 'p', 'summary model-tests-summary', model.modelTests.label));
    }
    root.appendChild(header);

    const report = { type: 'rendered', indices: /** @type {number[]} */ ([]), exampleRows: 0, codes: /** @type {string[]} */ ([]) };
    if (model.emptyMessage) {
      root.appendChild(el(doc, 'p', 'empty', model.emptyMessage));
      return report;
    }
    const list = el(doc, 'ol', 'candidates');
    list.setAttribute('aria-label', 'Candidates, best first');
    for (const c of model.candidates) {
      list.appendChild(renderCandidate(doc, c, model.canInsert, post, model.modelTests));
      report.indices.push(c.index);
      report.exampleRows += c.examples.length;
      report.codes.push(c.displayCode);
    }
    root.appendChild(list);
    return report;
  }

  /** @param {Document} doc @param {any} c a CandidateView @param {boolean} canInsert @param {(msg: object) => void} post @param {any} [modelTests] */
  function renderCandidate(doc, c, canInsert, post, modelTests) {
    const item = el(doc, 'li', 'candidate');
    item.tabIndex = 0;
    item.setAttribute('data-index', String(c.index));
    item.setAttribute('aria-label', c.ariaLabel);
    item.appendChild(renderHead(doc, c, canInsert, post));
    if (c.hiddenCharacters.length > 0) {
      item.appendChild(
        el(doc, 'p', 'warning', `Contains hidden characters (${c.hiddenCharacters.join(', ')}), shown as ⟪U+…⟫.`),
      );
    }
    if (c.note) {
      item.appendChild(el(doc, 'p', 'note', c.note));
    }
    const pre = el(doc, 'pre', 'code');
    const code = el(doc, 'code');
    appendHighlighted(doc, code, c.displayCode);
    pre.appendChild(code);
    item.appendChild(pre);
    if (c.examples.length > 0) {
      item.appendChild(renderExamples(doc, c));
    }
    if (modelTests && c.modelTests.length > 0) {
      item.appendChild(renderModelTests(doc, modelTests, c));
    }
    if (c.reasons.length > 0) {
      const reasons = el(doc, 'ul', 'reasons');
      reasons.setAttribute('aria-label', 'Why this rank');
      for (const r of c.reasons) {
        reasons.appendChild(el(doc, 'li', '', r));
      }
      item.appendChild(reasons);
    }
    item.addEventListener('keydown', (event) => onCandidateKey(event, item, c, canInsert, post));
    return item;
  }

  /** @param {Document} doc @param {any} c @param {boolean} canInsert @param {(msg: object) => void} post */
  function renderHead(doc, c, canInsert, post) {
    const head = el(doc, 'div', 'head');
    head.appendChild(el(doc, 'span', 'rank', `#${c.rank}`));
    const score = el(doc, 'span', 'metric', `mean log-prob ${c.meanLogprob}`);
    if (c.tokenProbability) {
      score.title = `geometric-mean token probability ${c.tokenProbability}`;
    }
    head.appendChild(score);
    head.appendChild(el(doc, 'span', 'metric', c.votesLabel));
    head.appendChild(el(doc, 'span', `badge examples-${c.examplesState}`, c.examplesLabel));
    if (c.agreementLabel) {
      head.appendChild(el(doc, 'span', 'badge agreement', c.agreementLabel));
    }
    if (c.consensusLabel) {
      head.appendChild(el(doc, 'span', 'badge consensus', c.consensusLabel));
    }
    const actions = el(doc, 'span', 'actions');
    const insert = button(doc, 'Insert', `Insert candidate ${c.rank}`, () => post({ type: 'insert', index: c.index }));
    if (!canInsert) {
      insert.disabled = true;
      insert.title = 'No editor position to insert into';
    }
    actions.appendChild(insert);
    actions.appendChild(button(doc, 'Copy', `Copy candidate ${c.rank}`, () => post({ type: 'copy', index: c.index })));
    head.appendChild(actions);
    return head;
  }

  /** @param {Document} doc @param {string} label @param {string} ariaLabel @param {() => void} onClick */
  function button(doc, label, ariaLabel, onClick) {
    const b = /** @type {HTMLButtonElement} */ (el(doc, 'button', 'action', label));
    b.type = 'button';
    b.setAttribute('aria-label', ariaLabel);
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      onClick();
    });
    return b;
  }

  /** The model-written tests, each marked passed or failed by this candidate. @param {Document} doc @param {any} tests @param {any} c */
  function renderModelTests(doc, tests, c) {
    const list = el(doc, 'ul', 'model-tests');
    list.setAttribute('aria-label', `Model-written tests: ${tests.label}`);
    tests.tests.forEach((source, i) => {
      const passed = c.modelTests[i] === true;
      const li = el(doc, 'li', passed ? 'status-passed' : 'status-failed', `${passed ? '✓' : '✗'} `);
      const code = el(doc, 'code');
      appendHighlighted(doc, code, source);
      li.appendChild(code);
      list.appendChild(li);
    });
    return list;
  }

  /** @param {Document} doc @param {any} c */
  function renderExamples(doc, c) {
    const table = el(doc, 'table', 'examples');
    table.appendChild(el(doc, 'caption', '', `Docstring examples: ${c.examplesLabel}`));
    const head = el(doc, 'tr');
    for (const h of ['Example', 'Expected', 'Got', 'Result']) {
      const th = el(doc, 'th', '', h);
      th.setAttribute('scope', 'col');
      head.appendChild(th);
    }
    const thead = el(doc, 'thead');
    thead.appendChild(head);
    table.appendChild(thead);
    const body = el(doc, 'tbody');
    for (const e of c.examples) {
      const row = el(doc, 'tr', `example status-${e.status}`);
      const source = el(doc, 'td', 'example-source');
      const pre = el(doc, 'pre');
      appendHighlighted(doc, pre, e.source);
      source.appendChild(pre);
      row.appendChild(source);
      row.appendChild(valueCell(doc, e.expected));
      row.appendChild(valueCell(doc, e.got));
      row.appendChild(el(doc, 'td', 'example-status', e.statusLabel));
      body.appendChild(row);
    }
    table.appendChild(body);
    return table;
  }

  /** @param {Document} doc @param {string} value */
  function valueCell(doc, value) {
    const td = el(doc, 'td', 'example-value');
    td.appendChild(el(doc, 'pre', '', value === '' ? '—' : value));
    return td;
  }

  /**
   * Enter/Space insert the focused candidate; arrows, Home and End move between candidates.
   * @param {KeyboardEvent} event @param {HTMLElement} item @param {any} c @param {boolean} canInsert
   * @param {(msg: object) => void} post
   */
  function onCandidateKey(event, item, c, canInsert, post) {
    if (event.target !== item) {
      return; // keys on the buttons inside are the buttons' own
    }
    const key = event.key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      if (canInsert) {
        post({ type: 'insert', index: c.index });
      }
      return;
    }
    const siblings = /** @type {HTMLElement[]} */ (Array.from(item.parentElement ? item.parentElement.children : []));
    const at = siblings.indexOf(item);
    /** @type {Record<string, number>} */
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: siblings.length - 1 };
    const target = moves[key];
    const next = target === undefined ? undefined : siblings[target];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  /**
   * Wires the panel inside the webview: ready → model → render → rendered.
   * @param {{ postMessage(msg: object): void }} vscode @param {Document} doc @param {Window} win
   */
  function start(vscode, doc, win) {
    const root = doc.getElementById('root');
    const status = doc.getElementById('status');
    if (!root || !status) {
      return;
    }
    /** @param {object} msg */
    const post = (msg) => vscode.postMessage(msg);
    win.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg && msg.type === 'model') {
        const focused = doc.activeElement && doc.activeElement.getAttribute('data-index');
        const report = render(doc, root, msg.model, post);
        restoreFocus(doc, root, focused);
        post(report);
      } else if (msg && msg.type === 'status') {
        status.textContent = msg.text;
        status.className = `status live-${msg.kind}`;
      }
    });
    post({ type: 'ready' });
  }

  /** @param {Document} doc @param {HTMLElement} root @param {string | null | undefined} index */
  function restoreFocus(doc, root, index) {
    if (index === null || index === undefined) {
      return;
    }
    const item = Array.from(root.querySelectorAll('li.candidate')).find((n) => n.getAttribute('data-index') === index);
    if (item) {
      /** @type {HTMLElement} */ (item).focus();
    }
  }

  const api = { tokenizePython, appendHighlighted, render, start };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api; // unit tests load this file in Node
  }
  if (typeof acquireVsCodeApi === 'function') {
    start(acquireVsCodeApi(), document, window);
  }
})();
