/**
 * Reads back what a docstring documents (parameters, returns, raises) in any of the sectioned
 * conventions, so a generated docstring can be checked against the real signature.
 */
import type { DocSections } from './types';

const GOOGLE_PARAM_HEADERS = new Set(['args', 'arguments', 'parameters', 'params', 'keyword args', 'keyword arguments', 'other parameters']);
const GOOGLE_RETURN_HEADERS = new Set(['returns', 'return', 'yields', 'yield']);
const GOOGLE_RAISE_HEADERS = new Set(['raises', 'raise', 'exceptions']);
const NUMPY_PARAM_HEADERS = new Set(['parameters', 'other parameters']);

const GOOGLE_ENTRY = /^\s*(\*{0,2}[A-Za-z_]\w*)\s*(\([^)]*\))?\s*:/;
const NUMPY_PARAM_ENTRY = /^\s*(\*{0,2}[A-Za-z_]\w*(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*)\s*(:.*)?$/;
const EXCEPTION_NAME = /^\s*([A-Za-z_][\w.]*)/;
const REST_PARAM = /^\s*:(?:param|parameter|arg|argument|key|keyword)\s+(?:[^:]*\s)?(\*{0,2}[A-Za-z_]\w*)\s*:/;
const REST_TYPE = /^\s*:type\s+(\*{0,2}[A-Za-z_]\w*)\s*:/;
const REST_RETURNS = /^\s*:(returns?|rtype|yields?|ytype)\s*:/;
const REST_RAISES = /^\s*:(?:raises?|except|exception)\s+([A-Za-z_][\w.]*)\s*:/;

/** Strips `*`/`**` so `*args` and `args` name the same parameter. */
export function normaliseParamName(name: string): string {
  return name.replace(/^\*+/, '').trim();
}

/** Reads the documented parameters, returns and raises of a docstring's cleaned text. */
export function readSections(docText: string): DocSections {
  const lines = docText.split(/\r?\n/);
  const out: DocSections = { params: [], hasReturns: false, raises: [], hasParamSection: false };
  readNumpy(lines, out);
  readGoogle(lines, out);
  readRest(lines, out);
  out.params = unique(out.params.map(normaliseParamName));
  out.raises = unique(out.raises);
  return out;
}

function readGoogle(lines: string[], out: DocSections): void {
  for (let i = 0; i < lines.length; i++) {
    const header = /^(\s*)([A-Za-z][A-Za-z ]*):\s*$/.exec(lines[i] ?? '');
    if (!header) {
      continue;
    }
    const name = (header[2] ?? '').trim().toLowerCase();
    const body = sectionBody(lines, i + 1, (header[1] ?? '').length);
    if (GOOGLE_PARAM_HEADERS.has(name)) {
      out.hasParamSection = true;
      out.params.push(...entries(body, GOOGLE_ENTRY));
    } else if (GOOGLE_RETURN_HEADERS.has(name)) {
      out.hasReturns = true;
    } else if (GOOGLE_RAISE_HEADERS.has(name)) {
      out.raises.push(...entries(body, GOOGLE_ENTRY));
    }
  }
}

/** The lines after a Google header that are indented deeper than it (blank lines included). */
function sectionBody(lines: string[], start: number, headerIndent: number): string[] {
  const body: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() !== '' && indentOf(line) <= headerIndent) {
      break;
    }
    body.push(line);
  }
  return body;
}

/** Names from the entry lines at the body's shallowest indentation (deeper lines continue an entry). */
function entries(body: string[], pattern: RegExp): string[] {
  const nonBlank = body.filter((l) => l.trim() !== '');
  const base = Math.min(...nonBlank.map(indentOf));
  const names: string[] = [];
  for (const line of nonBlank) {
    const m = indentOf(line) === base ? pattern.exec(line) : null;
    if (m?.[1]) {
      names.push(m[1]);
    }
  }
  return names;
}

function readNumpy(lines: string[], out: DocSections): void {
  const headers = numpyHeaders(lines);
  headers.forEach((h, k) => {
    const end = headers[k + 1]?.line ?? lines.length;
    const body = lines.slice(h.line + 2, end);
    const base = h.indent;
    const atBase = body.filter((l) => l.trim() !== '' && indentOf(l) === base);
    if (NUMPY_PARAM_HEADERS.has(h.name)) {
      out.hasParamSection = true;
      for (const line of atBase) {
        const m = NUMPY_PARAM_ENTRY.exec(line);
        out.params.push(...(m?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      }
    } else if (h.name === 'returns' || h.name === 'yields') {
      out.hasReturns = true;
    } else if (h.name === 'raises') {
      for (const line of atBase) {
        const m = EXCEPTION_NAME.exec(line);
        if (m?.[1]) {
          out.raises.push(m[1]);
        }
      }
    }
  });
}

function numpyHeaders(lines: string[]): { line: number; name: string; indent: number }[] {
  const headers: { line: number; name: string; indent: number }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i] ?? '';
    const rule = lines[i + 1] ?? '';
    if (/^\s*[A-Za-z][A-Za-z ]*\s*$/.test(title) && /^\s*-{3,}\s*$/.test(rule)) {
      headers.push({ line: i, name: title.trim().toLowerCase(), indent: indentOf(title) });
    }
  }
  return headers;
}

function readRest(lines: string[], out: DocSections): void {
  for (const line of lines) {
    const param = REST_PARAM.exec(line) ?? REST_TYPE.exec(line);
    if (param?.[1]) {
      out.hasParamSection = true;
      out.params.push(param[1]);
    }
    if (REST_RETURNS.test(line)) {
      out.hasReturns = true;
    }
    const raise = REST_RAISES.exec(line);
    if (raise?.[1]) {
      out.raises.push(raise[1]);
    }
  }
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
