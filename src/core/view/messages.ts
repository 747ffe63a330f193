/**
 * The message protocol between the candidates webview (src/webview/panel.ts) and the extension.
 * Messages from the webview are checked before use: the webview shows untrusted text.
 */
import type { CandidatesView } from './candidates';

/** Extension → webview. */
export type ToPanel =
  | { type: 'model'; model: CandidatesView }
  /** A short line for the panel's live region, e.g. `Inserted candidate #2.` */
  | { type: 'status'; text: string; kind: 'info' | 'error' };

/** What the webview reports after drawing a model (the integration test's proof of rendering). */
export interface RenderedReport {
  /** `CandidateView.index` of each rendered candidate, top to bottom. */
  indices: number[];
  /** Example rows rendered, over all candidates. */
  exampleRows: number;
  /** Text of each rendered candidate's code block, top to bottom. */
  codes: string[];
  /** Text of each section about the whole run (clusters, generated inputs, tests), top to bottom; absent = none. */
  sections?: string[];
}

/** Webview → extension. */
export type FromPanel =
  | { type: 'ready' }
  | { type: 'insert'; index: number }
  | { type: 'copy'; index: number }
  | ({ type: 'rendered' } & RenderedReport);

/** Returns the message if it is well formed, else undefined. Indices must be non-negative integers. */
export function parsePanelMessage(raw: unknown): FromPanel | undefined {
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }
  const msg = raw as Record<string, unknown>;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'insert':
    case 'copy':
      return isIndex(msg.index) ? { type: msg.type, index: msg.index } : undefined;
    case 'rendered':
      return parseRendered(msg);
    default:
      return undefined;
  }
}

function parseRendered(msg: Record<string, unknown>): FromPanel | undefined {
  const { indices, exampleRows, codes, sections } = msg;
  if (!Array.isArray(indices) || !indices.every(isIndex) || !isIndex(exampleRows)) {
    return undefined;
  }
  if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string')) {
    return undefined;
  }
  if (sections !== undefined && !(Array.isArray(sections) && sections.every((t) => typeof t === 'string'))) {
    return undefined;
  }
  return { type: 'rendered', indices: [...indices], exampleRows, codes: [...(codes as string[])], ...(sections ? { sections: [...(sections as string[])] } : {}) };
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
