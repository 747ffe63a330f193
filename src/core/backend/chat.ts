/** The `/v1/chat/completions` protocol: messages from a Prompt, code (and its log-probs) from each reply. */
import type { Prompt, Sample } from '../types';
import { BackendError, type SampleOptions } from './backend';
import { definedNames, extractCodeRange } from './chatExtract';
import { choicesOf, finishReason } from './completions';
import { readLogprobs, sliceTokens } from './logprobs';
import type { RequestPlan } from './sampler';

/** Used when the Prompt's messages carry no system message of their own. */
export const DEFAULT_CHAT_SYSTEM_PROMPT =
  'You complete Python functions. Reply with the body of the function only: no signature, no docstring, ' +
  'no explanation, no tests. Keep the indentation of a function body. Use a single ```python code block.';

type Message = NonNullable<Prompt['messages']>[number];

/** The messages to send: the Prompt's own, or its text as one user message; a system prompt first. */
export function chatMessages(prompt: Prompt, systemPrompt = DEFAULT_CHAT_SYSTEM_PROMPT): Message[] {
  const messages = prompt.messages?.length ? prompt.messages : [{ role: 'user' as const, content: prompt.text }];
  return messages.some((m) => m.role === 'system') ? messages : [{ role: 'system', content: systemPrompt }, ...messages];
}

/**
 * The JSON body for one chat request. No `stop`: the Prompt's stop sequences are meant for raw code and
 * would cut a fenced reply at its repeated signature; the post-processor cuts the extracted code instead.
 */
export function chatBody(model: string, prompt: Prompt, opts: SampleOptions, plan: RequestPlan, systemPrompt?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: chatMessages(prompt, systemPrompt),
    n: plan.n,
    temperature: opts.temperature,
    top_p: opts.topP,
    max_tokens: opts.maxTokens,
  };
  if (plan.logprobs) {
    body.logprobs = true;
  }
  if (opts.seed !== undefined) {
    body.seed = opts.seed;
  }
  return body;
}

interface ChatChoice {
  index?: unknown;
  message?: { content?: unknown };
  logprobs?: unknown;
  finish_reason?: unknown;
}

/** Samples from a chat reply: the code part of each message, with the log-probs of that part. */
export function parseChat(reply: unknown, baseUrl: string, prompt: Prompt): Sample[] {
  const promptDefs = definedNames([prompt.text, ...(prompt.messages ?? []).map((m) => m.content)]);
  return choicesOf<ChatChoice>(reply, baseUrl).map((c, i) => {
    const content = c.message?.content;
    if (typeof content !== 'string') {
      throw new BackendError('badResponse', `${baseUrl} sent a chat reply without text content.`, { action: 'showLog' });
    }
    const { start, end } = extractCodeRange(content, promptDefs);
    const tokens = sliceTokens(readLogprobs(c.logprobs, content), start, end);
    return { text: content.slice(start, end), tokens, finishReason: finishReason(c.finish_reason), index: i };
  });
}
