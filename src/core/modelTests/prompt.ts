/**
 * The prompt that asks the model for tests, as CodeT asks (Chen et al. 2022): the module, the function's
 * signature and docstring with a stub body, then `# check the correctness of NAME` and `assert `, so the
 * model writes assert statements. Chat backends get the same code in a message that asks for asserts.
 */
import { DEFAULT_CONTEXT_BUDGET_CHARS } from '../prompt/codexPrompt';
import { lf, moduleBlock } from '../prompt/moduleBlock';
import type { CompletionContext, Prompt } from '../types';

/** Where the model's tests end: another definition or a main guard (tests are top-level asserts). */
export const TEST_STOP_SEQUENCES: readonly string[] = ['\ndef ', '\nclass ', '\nif __name__', '\n\n\n\n'];

/** A prompt for tests, and whether its answers continue an `assert ` (codex) or stand alone (chat). */
export interface TestPrompt {
  prompt: Prompt;
  /** The completions continue the prompt's trailing `assert `: extraction puts it back in front. */
  continuesAssert: boolean;
}

/** The system message for chat backends. */
export const TEST_CHAT_SYSTEM_PROMPT = [
  'You write unit tests for Python functions.',
  'Reply with only assert statements, one per line, each calling the function with concrete arguments and checking the result it should return according to its docstring.',
  'No explanations, no Markdown fences, no other code.',
].join('\n');

/**
 * A test answer in CodeT's form, the text after `assert `: a chat reply that starts with `assert ` loses
 * it; one that does not gets a line break first, so its first line is not read as a test.
 */
export function asContinuation(text: string, continuesAssert: boolean): string {
  if (continuesAssert) {
    return text;
  }
  const start = text.trimStart();
  return start.startsWith('assert ') ? start.slice('assert '.length) : `\n${text}`;
}

/**
 * The test prompt for the function at the cursor; undefined where CodeT's form does not fit: outside a
 * function, a method or nested function (its tests would need an instance or a closure), or no docstring.
 */
export function buildTestPrompt(ctx: CompletionContext, style: 'codex' | 'fim' | 'chat', budgetChars = DEFAULT_CONTEXT_BUDGET_CHARS): TestPrompt | undefined {
  const fn = ctx.fn;
  if (!fn?.docstring || fn.enclosingClass || fn.nesting.length > 0 || fn.enclosingFunctionStartOffset !== undefined) {
    return undefined;
  }
  const defAt = ctx.text.indexOf(fn.signature, fn.startOffset);
  if (defAt < 0 || defAt > fn.docstring.startOffset) {
    return undefined;
  }
  const start = ctx.text.lastIndexOf('\n', defAt - 1) + 1;
  const stubbed = `${lf(ctx.text.slice(start, fn.docstring.endOffset))}\n${fn.bodyIndent}pass\n`;
  const check = `# check the correctness of ${fn.name}\n`;
  if (style === 'chat') {
    const user = `\`\`\`python\n${stubbed}\`\`\`\n\nWrite assert statements that check the correctness of \`${fn.name}\`.`;
    const messages = [
      { role: 'system' as const, content: TEST_CHAT_SYSTEM_PROMPT },
      { role: 'user' as const, content: user },
    ];
    return { prompt: { kind: 'chat', text: stubbed, stop: [], messages }, continuesAssert: false };
  }
  // A FIM model is a base model too: the plain CodeT prompt needs no template.
  const text = `${moduleBlock(ctx, start, budgetChars)}${stubbed}\n${check}assert `;
  return { prompt: { kind: 'codex', text, stop: [...TEST_STOP_SEQUENCES] }, continuesAssert: true };
}
