import type { Sample, TokenLogprob } from '../types';

/** Replace `text.slice(start, end)` with `insert`. Edits of one step never overlap. */
export interface Edit {
  start: number;
  end: number;
  insert: string;
}

/** A deletion of everything from `offset` on. */
export function cutAt(offset: number, text: string): Edit[] {
  return offset < text.length ? [{ start: offset, end: text.length, insert: '' }] : [];
}

/**
 * Applies non-overlapping edits to a sample and keeps its tokens aligned with the new text:
 * a token that starts inside a deleted span is dropped; one that starts inside a replaced span moves to
 * the replacement's start; all others shift by what was inserted/removed before them. When the tokens
 * tiled the old text (their texts concatenated to it), each token's text is re-sliced so they tile the new
 * text too — the ranker then scores exactly the characters shown.
 */
export function applyEdits(sample: Sample, edits: Edit[]): Sample {
  if (edits.length === 0) {
    return sample;
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const text = buildText(sample.text, sorted);
  if (!sample.tokens) {
    return { ...sample, text };
  }
  const tiled = tilesText(sample.tokens, sample.text);
  const moved = remapTokens(sample.tokens, sorted);
  const tokens = tiled ? retile(moved, text) : clip(moved, text);
  return { ...sample, text, tokens };
}

function buildText(old: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += old.slice(at, e.start) + e.insert;
    at = e.end;
  }
  return out + old.slice(at);
}

/** Maps an old offset to the new text; undefined when the offset was deleted. */
function mapOffset(offset: number, edits: Edit[]): number | undefined {
  let shift = 0;
  for (const e of edits) {
    if (offset < e.start) {
      break;
    }
    if (offset < e.end) {
      return e.insert.length > 0 ? e.start + shift : undefined;
    }
    shift += e.insert.length - (e.end - e.start);
  }
  return offset + shift;
}

function remapTokens(tokens: TokenLogprob[], edits: Edit[]): TokenLogprob[] {
  const out: TokenLogprob[] = [];
  for (const t of tokens) {
    const offset = mapOffset(t.offset, edits);
    const prev = out[out.length - 1];
    // Two tokens squeezed onto one replacement keep only the first: one character, one score.
    if (offset !== undefined && !(prev && prev.offset === offset && t.text !== '')) {
      out.push({ ...t, offset });
    }
  }
  return out;
}

/** True when the tokens' texts, in order, spell the sample's text. */
export function tilesText(tokens: TokenLogprob[], text: string): boolean {
  let at = 0;
  for (const t of tokens) {
    if (t.offset !== at || text.slice(at, at + t.text.length) !== t.text) {
      return false;
    }
    at += t.text.length;
  }
  return at === text.length;
}

function retile(tokens: TokenLogprob[], text: string): TokenLogprob[] {
  const kept = tokens.filter((t) => t.offset < text.length);
  return kept.map((t, i) => {
    const next = kept[i + 1];
    return { ...t, text: text.slice(t.offset, next ? next.offset : text.length) };
  });
}

function clip(tokens: TokenLogprob[], text: string): TokenLogprob[] {
  return tokens
    .filter((t) => t.offset < text.length || (t.offset === text.length && t.text === ''))
    .map((t) => ({ ...t, text: t.text.slice(0, text.length - t.offset) }));
}
