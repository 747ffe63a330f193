/**
 * Builds a sample's text token by token with each token's offset, decoding UTF-8 across token
 * boundaries: a token that ends inside a multi-byte character adds no text until the token that
 * completes it (which then carries the whole character).
 */
import type { TokenLogprob } from '../../types';

/** Turns tokens into text; `lastTokens` are the tokens just before them (for space-prefix rules). */
export type Detokenize = (tokens: readonly number[], lastTokens: readonly number[]) => string;

const REPLACEMENT = '\uFFFD';
/** How many already-committed tokens to pass as context to the detokenizer. */
const CONTEXT_TOKENS = 8;

/** Accumulates tokens; `text` and `tokens` stay aligned (the token texts concatenate to `text`). */
export class TokenTextBuilder {
  private readonly ids: number[] = [];
  private readonly entries: TokenLogprob[] = [];
  private committed = '';
  /** First token whose bytes are not yet all in `committed`. */
  private pendingStart = 0;
  /** Stable text decoded from the pending tokens so far. */
  private pendingText = '';

  constructor(
    private readonly detokenize: Detokenize,
    private readonly contextBefore: readonly number[] = [],
  ) {}

  /** Adds one token and returns the text it completed ('' while inside a character). */
  push(token: number, logprob: number): string {
    this.ids.push(token);
    const decoded = this.decodePending();
    const stable = stripIncomplete(decoded);
    const added = stable.slice(this.pendingText.length);
    this.entries.push({ text: added, logprob, offset: this.committed.length + this.pendingText.length });
    this.pendingText = stable;
    if (stable.length === decoded.length) {
      this.committed += stable;
      this.pendingStart = this.ids.length;
      this.pendingText = '';
    }
    return added;
  }

  /** Ends the sample: bytes that never completed a character are given to the last token as U+FFFD. */
  finish(): void {
    if (this.pendingStart >= this.ids.length) {
      return;
    }
    const decoded = this.decodePending();
    const last = this.entries[this.entries.length - 1];
    if (last) {
      last.text += decoded.slice(this.pendingText.length);
    }
    this.committed += decoded;
    this.pendingStart = this.ids.length;
    this.pendingText = '';
  }

  /** The text decoded so far (complete characters only). */
  get text(): string {
    return this.committed + this.pendingText;
  }

  get tokens(): TokenLogprob[] {
    return this.entries;
  }

  get tokenIds(): readonly number[] {
    return this.ids;
  }

  private decodePending(): string {
    const before = [...this.contextBefore, ...this.ids.slice(0, this.pendingStart)].slice(-CONTEXT_TOKENS);
    return this.detokenize(this.ids.slice(this.pendingStart), before);
  }
}

function stripIncomplete(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === REPLACEMENT) {
    end--;
  }
  return text.slice(0, end);
}

/**
 * Cuts aligned tokens at `cutAt` (a UTF-16 offset into their text): tokens after it are dropped,
 * the token that straddles it keeps its log-prob and loses its text past the cut.
 */
export function cutTokens(tokens: readonly TokenLogprob[], cutAt: number): TokenLogprob[] {
  const kept: TokenLogprob[] = [];
  for (const t of tokens) {
    if (t.offset >= cutAt) {
      break;
    }
    kept.push({ ...t, text: t.text.slice(0, Math.max(0, cutAt - t.offset)) });
  }
  return kept;
}
