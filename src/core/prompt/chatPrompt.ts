/**
 * The chat prompt for instruction-tuned models behind a chat endpoint: a system message asking for
 * the code that goes at the cursor and nothing else, and the code with a cursor marker.
 */
import type { CompletionContext, Prompt } from '../types';
import { lf } from './moduleBlock';

/** Marks the cursor in the user message. */
export const CURSOR_MARKER = '<CURSOR>';

/** What the model is asked to do; the post-processor still strips fences and repeated lines. */
export const CHAT_SYSTEM_PROMPT = [
  'You complete Python functions inside a file.',
  `The user sends code with ${CURSOR_MARKER} where the cursor is, inside a function.`,
  `Reply with only the Python code that goes at ${CURSOR_MARKER}: the rest of the function body, indented as in the file.`,
  'Do not repeat the signature, the docstring or any code that is already there; no explanations, no Markdown fences.',
].join('\n');

/** Builds the chat messages from the prompt's prefix and the function's text after the cursor. */
export function chatMessages(ctx: CompletionContext, prefix: string): NonNullable<Prompt['messages']> {
  const name = ctx.fn ? `\`${ctx.fn.name}\`` : 'the function';
  const task = ctx.decision.kind === 'body' ? `Write the body of ${name}.` : `Complete ${name}.`;
  const code = `${prefix}${CURSOR_MARKER}${lf(ctx.suffixInFunction)}`;
  return [
    { role: 'system', content: CHAT_SYSTEM_PROMPT },
    { role: 'user', content: `${task}\n\n\`\`\`python\n${code}\n\`\`\`` },
  ];
}
