/**
 * Prompts for the three backend styles: `codex` (the text before the cursor), `fim` (prefix and
 * suffix in a model family's fill-in-the-middle tokens) and `chat` (messages).
 */
import type { CompletionContext, FimTemplateName, Prompt } from '../types';
import { chatMessages } from './chatPrompt';
import { codexPrefix, DEFAULT_CONTEXT_BUDGET_CHARS } from './codexPrompt';
import { FIM_TEMPLATES } from './fimTemplates';
import { lf } from './moduleBlock';
import { CODEX_STOP_SEQUENCES } from './stops';

/** How to build a prompt. */
export interface PromptOptions {
  style: 'codex' | 'fim' | 'chat';
  /** For `fim`; default `starcoder`. */
  fimTemplate?: FimTemplateName;
  /** Characters of module context before the function (the function's own text is always kept). */
  contextBudgetChars?: number;
}

/** Builds the prompt for a completion context. All prompt text uses `\n` line breaks. */
export function buildPrompt(ctx: CompletionContext, opts: PromptOptions): Prompt {
  const budget = Math.max(0, opts.contextBudgetChars ?? DEFAULT_CONTEXT_BUDGET_CHARS);
  const prefix = codexPrefix(ctx, budget);
  switch (opts.style) {
    case 'codex':
      return { kind: 'codex', text: prefix, stop: [...CODEX_STOP_SEQUENCES] };
    case 'fim': {
      const template = opts.fimTemplate ?? 'starcoder';
      const suffix = fimSuffix(ctx, Math.ceil(budget / 2));
      return { kind: 'fim', text: FIM_TEMPLATES[template](prefix, suffix), prefix, suffix, template, stop: [...CODEX_STOP_SEQUENCES] };
    }
    case 'chat':
      // No stop sequences: a chat answer often opens with a fence and the signature, which `\ndef` would cut.
      return { kind: 'chat', text: prefix, stop: [], messages: chatMessages(ctx, prefix) };
  }
}

/** The rest of the function, then what follows it up to the budget (cut at a line end). */
export function fimSuffix(ctx: CompletionContext, budgetChars: number): string {
  const inFunction = lf(ctx.suffixInFunction);
  const after = lf(ctx.suffixAfterFunction);
  const room = budgetChars - inFunction.length;
  if (after.length <= room) {
    return inFunction + after;
  }
  if (room <= 0) {
    return inFunction;
  }
  const cut = after.lastIndexOf('\n', room);
  return inFunction + (cut === -1 ? '' : after.slice(0, cut + 1));
}

export { CODEX_STOP_SEQUENCES } from './stops';
export { FIM_TEMPLATES, FIM_TEMPLATE_NAMES, isFimTemplateName } from './fimTemplates';
export { DEFAULT_CONTEXT_BUDGET_CHARS } from './codexPrompt';
