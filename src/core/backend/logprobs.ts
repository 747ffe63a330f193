/**
 * Reads the log-prob shapes real servers send into `TokenLogprob[]` aligned with the sample's text.
 * Invariant of every result: `text.startsWith(t.text, t.offset)`, offsets increasing, UTF-16 units.
 * Token text is rebuilt from bytes where the server gives them, because byte-level tokens may split a
 * UTF-8 character (llama.cpp then puts only the valid prefix in `token`): a character belongs to the token
 * holding its last byte, so a token that only starts a character has empty text.
 */
import type { TokenLogprob } from '../types';

/** One entry of `logprobs.content[]` (llama.cpp `/v1/completions`, every chat endpoint). */
export interface ContentEntry {
  token?: string;
  logprob?: number | null;
  bytes?: number[] | null;
}

/** OpenAI's legacy completions arrays. */
export interface LegacyLogprobs {
  tokens?: string[];
  token_logprobs?: (number | null)[];
  text_offset?: number[];
}

interface RawToken {
  bytes: Buffer;
  logprob: number | null | undefined;
}

/** Reads whichever shape `logprobs` has; undefined when there are none (the sample is unscored). */
export function readLogprobs(logprobs: unknown, text: string): TokenLogprob[] | undefined {
  if (!logprobs || typeof logprobs !== 'object') {
    return undefined;
  }
  const lp = logprobs as { content?: unknown; tokens?: unknown };
  if (Array.isArray(lp.content)) {
    return readContentLogprobs(lp.content as ContentEntry[], text);
  }
  if (Array.isArray(lp.tokens)) {
    return readLegacyLogprobs(lp as LegacyLogprobs, text);
  }
  return undefined;
}

/** `content[]`: uses `bytes` when present, the token string otherwise. */
export function readContentLogprobs(content: ContentEntry[], text: string): TokenLogprob[] {
  const raw = content.map((c) => ({
    bytes: Array.isArray(c.bytes) ? Buffer.from(c.bytes) : Buffer.from(c.token ?? '', 'utf8'),
    logprob: c.logprob,
  }));
  return alignTokens(raw, text);
}

/**
 * Legacy arrays: tokens like `bytes:\xe4\xbd` (OpenAI's partial characters) become their bytes. When the
 * tokens do not spell the text, `text_offset` (counted from the prompt start, so re-based) decides.
 */
export function readLegacyLogprobs(lp: LegacyLogprobs, text: string): TokenLogprob[] {
  const tokens = lp.tokens ?? [];
  const raw = tokens.map((t, i) => ({ bytes: legacyTokenBytes(t), logprob: lp.token_logprobs?.[i] }));
  const aligned = alignTokens(raw, text);
  if (aligned.length >= scoredCount(raw) || !lp.text_offset) {
    return aligned;
  }
  return fromTextOffsets(lp, text);
}

function scoredCount(raw: RawToken[]): number {
  return raw.filter((r) => isScore(r.logprob)).length;
}

function legacyTokenBytes(token: string): Buffer {
  const m = /^bytes:((?:\\x[0-9a-fA-F]{2})+)$/.exec(token);
  if (!m?.[1]) {
    return Buffer.from(token, 'utf8');
  }
  return Buffer.from(m[1].replace(/\\x/g, ''), 'hex');
}

/**
 * Decodes the tokens' bytes in order and keeps each token whose characters appear at the running offset.
 * Stops at the first token that does not match the text (e.g. a server that reports the stop string's
 * token): the kept tokens then cover a prefix of the text. Tokens with a null score are skipped.
 */
function alignTokens(raw: RawToken[], text: string): TokenLogprob[] {
  const out: TokenLogprob[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  for (const [i, r] of raw.entries()) {
    pending = pending.length ? Buffer.concat([pending, r.bytes]) : r.bytes;
    const last = i === raw.length - 1;
    const complete = last ? pending.length : completeUtf8Length(pending);
    const piece = pending.subarray(0, complete).toString('utf8');
    pending = pending.subarray(complete);
    if (!text.startsWith(piece, offset)) {
      break;
    }
    if (isScore(r.logprob)) {
      out.push({ text: piece, logprob: r.logprob, offset });
    }
    offset += piece.length;
  }
  return out;
}

function isScore(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Bytes up to the last complete UTF-8 character (an unfinished multi-byte sequence at the end stays out). */
export function completeUtf8Length(bytes: Buffer): number {
  const len = bytes.length;
  for (let i = 1; i <= Math.min(4, len); i++) {
    const c = bytes[len - i] ?? 0;
    if ((c & 0xc0) === 0x80) {
      continue; // continuation byte: look further back for the lead byte
    }
    const need = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 1;
    return i < need ? len - i : len;
  }
  return len;
}

function fromTextOffsets(lp: LegacyLogprobs, text: string): TokenLogprob[] {
  const offsets = lp.text_offset ?? [];
  const base = offsets[0] ?? 0;
  const out: TokenLogprob[] = [];
  for (let i = 0; i < offsets.length; i++) {
    const start = (offsets[i] ?? 0) - base;
    const end = i + 1 < offsets.length ? (offsets[i + 1] ?? 0) - base : text.length;
    const logprob = lp.token_logprobs?.[i];
    if (start < 0 || start > text.length || end < start) {
      break;
    }
    if (isScore(logprob)) {
      out.push({ text: text.slice(start, Math.min(end, text.length)), logprob, offset: start });
    }
  }
  return out;
}

/**
 * The tokens that overlap `[start, end)` of their text, clipped to it and re-based so offsets count from
 * `start` — for when only part of a sample's text is kept.
 */
export function sliceTokens(tokens: TokenLogprob[] | undefined, start: number, end: number): TokenLogprob[] | undefined {
  if (!tokens) {
    return undefined;
  }
  const out: TokenLogprob[] = [];
  for (const t of tokens) {
    const tStart = t.offset;
    const tEnd = t.offset + t.text.length;
    const overlaps = tEnd > start && tStart < end;
    const emptyInside = t.text.length === 0 && tStart >= start && tStart < end;
    if (overlaps || emptyInside) {
      const from = Math.max(tStart, start);
      const to = Math.min(tEnd, end);
      out.push({ text: t.text.slice(from - tStart, to - tStart), logprob: t.logprob, offset: from - start });
    }
  }
  return out;
}
