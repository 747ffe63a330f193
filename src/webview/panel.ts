/**
 * The candidates webview's entry point (bundled by esbuild.js for the browser into dist/panel.js).
 * Draws each model the extension posts ({ type: 'model' }) from view.ts's tree, sends insert/copy
 * requests back, and reports what it drew ({ type: 'rendered' }), read from the DOM itself. Text from the
 * model only ever becomes text nodes (textContent / createTextNode), never HTML.
 */
import type { CandidatesView } from '../core/view/candidates';
import type { FromPanel, RenderedReport, ToPanel } from '../core/view/messages';
import { keyAction, renderModel, type VNode } from './view';

/** The part of the webview API this page uses. */
interface VsCodeApi {
  postMessage(message: FromPanel): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Builds the DOM for `node` (text goes in as text nodes only). */
export function mount(doc: Document, node: VNode, post: (m: FromPanel) => void): Node {
  if (node.tag === '#text') {
    return doc.createTextNode(node.text ?? '');
  }
  const element = doc.createElement(node.tag);
  if (node.className) {
    element.className = node.className;
  }
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    element.setAttribute(name, value);
  }
  if (node.text !== undefined) {
    element.appendChild(doc.createTextNode(node.text));
  }
  for (const child of node.children ?? []) {
    element.appendChild(mount(doc, child, post));
  }
  if (node.disabled && element instanceof HTMLButtonElement) {
    element.disabled = true;
  }
  const message = node.onClick;
  if (message) {
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      post(message);
    });
  }
  return element;
}

/** Draws `model` into `root` (replacing what was there) and wires the keyboard. */
function draw(doc: Document, root: HTMLElement, model: CandidatesView, post: (m: FromPanel) => void): void {
  root.replaceChildren(...renderModel(model).map((n) => mount(doc, n, post)));
  const items = Array.from(root.querySelectorAll<HTMLElement>('li.candidate'));
  items.forEach((item, at) => {
    item.addEventListener('keydown', (event) => {
      if (event.target !== item) {
        return; // keys on the buttons inside are the buttons' own
      }
      const action = keyAction(event.key, at, items.length, model.canInsert);
      const index = Number(item.getAttribute('data-index'));
      if (event.key === 'Enter' || event.key === ' ' || action) {
        event.preventDefault();
      }
      if (action?.kind === 'insert') {
        post({ type: 'insert', index });
      } else if (action?.kind === 'focus') {
        items[action.index]?.focus();
      }
    });
  });
}

/** What the DOM shows now: each candidate's index and code, the example rows, and the run's sections. */
function report(root: HTMLElement): RenderedReport {
  const items = Array.from(root.querySelectorAll('li.candidate'));
  const sections = Array.from(root.querySelectorAll(':scope > section.section'));
  return {
    indices: items.map((i) => Number(i.getAttribute('data-index'))),
    exampleRows: root.querySelectorAll('tr.example').length,
    codes: items.map((i) => i.querySelector('pre.code')?.textContent ?? ''),
    sections: sections.map((s) => textWithCells(s)),
  };
}

/** An element's text with table cells and list items set apart by ` | ` and new lines (textContent runs them together). */
function textWithCells(element: Element): string {
  const parts: string[] = [];
  element.querySelectorAll('h2, li, tr').forEach((row) => {
    parts.push(row.tagName === 'TR' ? Array.from(row.children, (c) => c.textContent ?? '').join(' | ') : (row.textContent ?? ''));
  });
  return parts.join('\n');
}

function start(vscode: VsCodeApi): void {
  const root = document.getElementById('root');
  const status = document.getElementById('status');
  if (!root || !status) {
    return;
  }
  const post = (m: FromPanel): void => vscode.postMessage(m);
  window.addEventListener('message', (event: MessageEvent<ToPanel>) => {
    const msg = event.data;
    if (msg?.type === 'model') {
      const focused = document.activeElement?.getAttribute('data-index');
      draw(document, root, msg.model, post);
      // A new model makes the last action's line stale ("Inserted #2." about other candidates).
      status.textContent = '';
      status.className = 'status';
      if (focused !== null && focused !== undefined) {
        root.querySelector<HTMLElement>(`li.candidate[data-index="${CSS.escape(focused)}"]`)?.focus();
      }
      post({ type: 'rendered', ...report(root) });
    } else if (msg?.type === 'status') {
      status.textContent = msg.text;
      status.className = `status live-${msg.kind}`;
    }
  });
  post({ type: 'ready' });
}

if (typeof acquireVsCodeApi === 'function') {
  start(acquireVsCodeApi());
}
