/**
 * Code normalisation for duplicate detection: two samples that differ only in comments, blank lines and
 * layout are the same program. Tree-sitter when the parser loads (block structure kept as `{` `}`),
 * else a small Python-aware tokenizer.
 */
import { LRUCache } from 'lru-cache';
import type { Node, Parser } from 'web-tree-sitter';
import { stripTrailingComment } from '../python/codeScan';
import { getParser, parseDetached, parserIfReady } from '../python/parser';

/**
 * Normalized code by text (one cache per way of normalizing), shared by every caller: a sample is
 * deduplicated, keyed to its matrix row and ranked in many subsets (`passk eval` ranks each problem's
 * ~100 samples in 40 subsets), and a parse costs far more than a lookup. Room for every distinct text of
 * HumanEval's 16,400 samples.
 */
const CACHED_TEXTS = 20_000;
const byParser = new LRUCache<string, string>({ max: CACHED_TEXTS, memoMethod: (code) => normalizeWithParser(parserIfReady(), code) });
const byTokens = new LRUCache<string, string>({ max: CACHED_TEXTS, memoMethod: (code) => normalizeByTokens(code) });

/** Normalizes with tree-sitter if available, else with the tokenizer; memoized by text. */
export async function normalizer(): Promise<(code: string) => string> {
  try {
    await getParser();
    return (code) => byParser.memo(code);
  } catch {
    return (code) => byTokens.memo(code);
  }
}

/** Leaf tokens without comments, with `{`/`}` around blocks so that indentation still counts. */
export function normalizeWithParser(parser: Parser, code: string): string {
  // A body is not a module on its own: give it a header so its indentation parses as a block.
  const tree = parseDetached(parser, `def _passk_():\n${indentBody(code)}`);
  try {
    if (tree.rootNode.hasError) {
      return normalizeByTokens(code);
    }
    const out: string[] = [];
    walk(tree.rootNode, out);
    return out.join(' ');
  } finally {
    tree.delete();
  }
}

function walk(node: Node, out: string[]): void {
  if (node.type === 'comment') {
    return;
  }
  if (node.childCount === 0 || node.type === 'string') {
    out.push(node.text);
    return;
  }
  const isBlock = node.type === 'block';
  if (isBlock) {
    out.push('{');
  }
  for (const child of node.children) {
    if (child) {
      walk(child, out);
    }
  }
  if (isBlock) {
    out.push('}');
  }
}

/** Makes sure the first line is indented (a body that starts at column 0 still belongs to the header). */
function indentBody(code: string): string {
  const first = code.split('\n').find((l) => l.trim() !== '') ?? '';
  return /^\s/.test(first) ? code : code.replace(/^(?=.)/gm, '    ');
}

/**
 * Tokenizer fallback: drops comments, blank lines and trailing spaces; indentation becomes its depth;
 * runs of spaces outside strings collapse. Strings are kept verbatim.
 */
export function normalizeByTokens(code: string): string {
  const lines: string[] = [];
  const widths: number[] = [];
  for (const raw of code.replace(/\r\n/g, '\n').split('\n')) {
    const body = stripTrailingComment(raw).trimEnd();
    if (body.trim() === '') {
      continue;
    }
    const width = body.length - body.trimStart().length;
    if (!widths.includes(width)) {
      widths.push(width);
    }
    lines.push(`${width}\u0000${collapseSpaces(body.trim())}`);
  }
  widths.sort((a, b) => a - b);
  return lines
    .map((l) => {
      const [w, text] = l.split('\u0000') as [string, string];
      return `${widths.indexOf(Number(w))}:${text}`;
    })
    .join('\n');
}

/** Collapses spaces between tokens outside string literals; removes those around punctuation. */
function collapseSpaces(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < text.length) {
        out += text[++i];
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === ' ' || c === '\t') {
      const prev = out[out.length - 1] ?? '';
      const next = text.slice(i).trimStart()[0] ?? '';
      if (/\w/.test(prev) && /\w/.test(next) && !out.endsWith(' ')) {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  return out;
}
