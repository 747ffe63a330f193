/**
 * The test server's toy tokenizer and the two log-prob shapes real servers send.
 * Tokens are runs of word characters, runs of whitespace, or single other characters; in byte mode each
 * multi-byte character is split into two tokens (lead byte, then the rest), as byte-level BPE vocabularies
 * do, so readers must rebuild text from `bytes` rather than from `token`.
 */

const PIECE = /[A-Za-z0-9_]+|\s+|[^A-Za-z0-9_\s]/gu;

/** Splits `text` into token byte strings; `splitUtf8` splits multi-byte characters across two tokens. */
export function tokenize(text: string, splitUtf8: boolean): Buffer[] {
  const out: Buffer[] = [];
  for (const piece of text.match(PIECE) ?? []) {
    const bytes = Buffer.from(piece, 'utf8');
    if (splitUtf8 && bytes.length > 1 && bytes.length === Buffer.byteLength([...piece][0] ?? '')) {
      out.push(bytes.subarray(0, 1), bytes.subarray(1));
    } else {
      out.push(bytes);
    }
  }
  return out;
}

/**
 * A token's `token` string as llama.cpp's server writes it: an incomplete UTF-8 sequence at the end is cut
 * off (`validate_utf8`), and stray continuation bytes become U+FFFD when the JSON is dumped.
 */
export function llamaTokenString(bytes: Buffer): string {
  return bytes.subarray(0, validUtf8Length(bytes)).toString('utf8');
}

function validUtf8Length(bytes: Buffer): number {
  const len = bytes.length;
  for (let i = 1; i <= 4 && i <= len; i++) {
    const c = bytes[len - i] ?? 0;
    const need = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 0;
    if (need > 0) {
      return i < need ? len - i : len;
    }
  }
  return len;
}

/** A stable fake vocabulary id for a token. */
export function tokenId(bytes: Buffer): number {
  let h = 2166136261;
  for (const b of bytes) {
    h = Math.imul(h ^ b, 16777619) >>> 0;
  }
  return h % 32000;
}

/** One entry of llama.cpp's / OpenAI chat's `logprobs.content[]`. */
export interface ContentLogprob {
  id: number;
  token: string;
  bytes: number[];
  logprob: number;
  top_logprobs: { id: number; token: string; bytes: number[]; logprob: number }[];
}

/** Builds `logprobs.content[]` (llama.cpp `/v1/completions`, and chat) for the given tokens. */
export function contentLogprobs(tokens: Buffer[], logprobs: number[]): ContentLogprob[] {
  return tokens.map((bytes, i) => {
    const entry = { id: tokenId(bytes), token: llamaTokenString(bytes), bytes: [...bytes], logprob: logprobs[i] ?? -1 };
    return { ...entry, top_logprobs: [{ ...entry }] };
  });
}

/** OpenAI's legacy completions shape: parallel arrays; `text_offset` counts from the start of the prompt. */
export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
}

/** Builds the legacy shape; `offsetBase` is the prompt's length, as OpenAI reports it. */
export function legacyLogprobs(tokens: Buffer[], logprobs: number[], offsetBase: number): LegacyLogprobs {
  const out: LegacyLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let offset = offsetBase;
  tokens.forEach((bytes, i) => {
    const text = bytes.toString('utf8');
    const lp = logprobs[i] ?? -1;
    out.tokens.push(text);
    out.token_logprobs.push(lp);
    out.top_logprobs.push({ [text]: lp });
    out.text_offset.push(offset);
    offset += text.length;
  });
  return out;
}

/** Default log-prob of the i-th token: varied but deterministic. */
export function defaultLogprob(i: number): number {
  return -[0.05, 0.15, 0.25, 0.35][i % 4]!;
}
