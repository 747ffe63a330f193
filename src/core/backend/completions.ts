/** The `/v1/completions` protocol: request body from a Prompt, samples from the reply. */
import type { Prompt, Sample } from '../types';
import { BackendError, type SampleOptions } from './backend';
import { readLogprobs } from './logprobs';
import type { RequestPlan } from './sampler';

/** OpenAI allows at most 4 stop sequences; the post-processor cuts at the rest anyway. */
const MAX_STOP_SEQUENCES = 4;

/** The JSON body for one completions request. */
export function completionsBody(model: string, prompt: Prompt, opts: SampleOptions, plan: RequestPlan): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    prompt: prompt.text,
    n: plan.n,
    temperature: opts.temperature,
    top_p: opts.topP,
    max_tokens: opts.maxTokens,
  };
  if (prompt.suffix !== undefined) {
    body.suffix = prompt.suffix;
  }
  if (prompt.stop.length > 0) {
    body.stop = prompt.stop.slice(0, MAX_STOP_SEQUENCES);
  }
  if (plan.logprobs) {
    body.logprobs = 1;
  }
  if (opts.seed !== undefined) {
    body.seed = opts.seed;
  }
  return body;
}

interface CompletionChoice {
  text?: unknown;
  index?: unknown;
  logprobs?: unknown;
  finish_reason?: unknown;
}

/** Samples from a completions reply, in choice order; throws `badResponse` for anything else. */
export function parseCompletions(reply: unknown, baseUrl: string): Sample[] {
  return choicesOf(reply, baseUrl).map((c: CompletionChoice, i) => {
    if (typeof c.text !== 'string') {
      throw new BackendError('badResponse', `${baseUrl} sent a completion without text.`, { action: 'showLog' });
    }
    return { text: c.text, tokens: readLogprobs(c.logprobs, c.text), finishReason: finishReason(c.finish_reason), index: i };
  });
}

/** The reply's `choices`, sorted by their `index`; explains an HTML page or a shapeless reply. */
export function choicesOf<T extends { index?: unknown }>(reply: unknown, baseUrl: string): T[] {
  if (typeof reply === 'string') {
    const what = /<(!doctype|html)/i.test(reply) ? 'an HTML page' : 'plain text';
    throw new BackendError('badResponse', `${baseUrl} answered with ${what} instead of JSON. Check that the base URL is the server's OpenAI-compatible API (usually ending in /v1).`, { action: 'openSettings' });
  }
  const choices = (reply as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) {
    throw new BackendError('badResponse', `${baseUrl} sent a reply without "choices"; is it an OpenAI-compatible server?`, { action: 'showLog' });
  }
  return [...(choices as T[])].sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
}

/** Maps the server's finish reason to ours. */
export function finishReason(reason: unknown): Sample['finishReason'] {
  return reason === 'stop' || reason === 'length' ? reason : 'unknown';
}
