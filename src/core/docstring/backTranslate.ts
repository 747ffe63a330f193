/**
 * Back-translation scoring (Coder-Reviewer style): how likely is the code given the docstring,
 * log P(code | docstring), measured by asking a completions server to echo the text with the
 * log-probs of its own prompt tokens (`echo: true, max_tokens: 0, logprobs: 0`). The `Backend`
 * interface only samples, so this call lives here, through the backend's own HTTP layer (the same client,
 * concurrency limit and rate-limit state as its samples).
 */
import { BackendError, type Backend } from '../backend/backend';
import type { BackendHttp } from '../backend/http';
import { OpenAICompatibleBackend } from '../backend/openaiBackend';
import { readLogprobs } from '../backend/logprobs';
import type { TokenLogprob } from '../types';

/** Scores a continuation after a context. */
export interface TextScorer {
  /**
   * Mean log-prob per token of `continuation` after `context`; undefined when the server cannot
   * score a given text (no echo, no prompt log-probs). Rejects with `BackendError` on real failures.
   */
  score(context: string, continuation: string, signal?: AbortSignal): Promise<number | undefined>;
}

interface CompletionChoice {
  text?: string;
  logprobs?: unknown;
}

/** The back-translation scorer of a backend that speaks `/v1/completions`; undefined for any other backend. */
export function echoScorerFor(backend: Backend): EchoScorer | undefined {
  return backend instanceof OpenAICompatibleBackend && backend.http.config.provider === 'completions' ? new EchoScorer(backend.http) : undefined;
}

/** A `TextScorer` over an OpenAI-compatible `/v1/completions` endpoint, through that backend's HTTP layer. */
export class EchoScorer implements TextScorer {
  /** Some servers refuse `max_tokens: 0`; after the first 400 we ask for one token and ignore it. */
  private maxTokens = 0;
  private unsupported = false;

  constructor(private readonly http: BackendHttp) {}

  /** Whether the server has shown it cannot score (then `score` resolves undefined at once). */
  get canScore(): boolean {
    return !this.unsupported && this.http.config.provider === 'completions';
  }

  async score(context: string, continuation: string, signal?: AbortSignal): Promise<number | undefined> {
    if (!this.canScore || continuation.length === 0) {
      return undefined;
    }
    const prompt = context + continuation;
    const reply = await this.echo(prompt, signal);
    const tokens = reply && promptTokens(reply, prompt);
    if (!tokens) {
      this.unsupported = true;
      return undefined;
    }
    const scored = tokens.filter((t) => t.offset >= context.length && t.offset < prompt.length);
    if (scored.length === 0) {
      return undefined;
    }
    return scored.reduce((sum, t) => sum + t.logprob, 0) / scored.length;
  }

  private async echo(prompt: string, signal?: AbortSignal): Promise<CompletionChoice | undefined> {
    for (;;) {
      const body = { model: this.http.config.model, prompt, echo: true, max_tokens: this.maxTokens, logprobs: 0, temperature: 0 };
      try {
        const reply = (await this.http.post('completions', body, signal, { serverRetries: 0 })) as { choices?: CompletionChoice[] };
        return reply.choices?.[0];
      } catch (e) {
        if (e instanceof BackendError && e.kind === 'badRequest' && this.maxTokens === 0) {
          this.maxTokens = 1;
          continue;
        }
        if (e instanceof BackendError && e.kind === 'badRequest') {
          this.unsupported = true; // e.g. `echo` refused
          return undefined;
        }
        throw e;
      }
    }
  }
}

/** The prompt's own tokens from an echoed choice; undefined when the server did not echo the prompt. */
function promptTokens(choice: CompletionChoice, prompt: string): TokenLogprob[] | undefined {
  const text = choice.text ?? '';
  if (!text.startsWith(prompt)) {
    return undefined;
  }
  const tokens = readLogprobs(choice.logprobs, text);
  const last = tokens?.[tokens.length - 1];
  // The log-probs must reach the prompt's end, or the code's own tokens were not scored.
  if (!tokens || !last || last.offset + last.text.length < prompt.length) {
    return undefined;
  }
  return tokens;
}
