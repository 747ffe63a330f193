/**
 * The Codex-style prompt (Chen et al. 2021): module context, then the enclosing class's header and
 * members if any, then the function as written — decorators, signature, docstring, body so far —
 * ending exactly at the cursor, so the model's text continues the document where the cursor is.
 */
import type { ClassInfo, CompletionContext } from '../types';
import { lf, moduleBlock } from './moduleBlock';

/** Characters of module context a prompt may carry when the caller sets no budget. */
export const DEFAULT_CONTEXT_BUDGET_CHARS = 4000;

/** The text before the cursor as the model should see it (LF line breaks). */
export function codexPrefix(ctx: CompletionContext, budgetChars = DEFAULT_CONTEXT_BUDGET_CHARS): string {
  const fn = ctx.fn;
  if (!fn) {
    return tail(lf(ctx.prefix), budgetChars);
  }
  const localStart = lineStart(ctx.text, fn.enclosingFunctionStartOffset ?? fn.startOffset);
  const cls = fn.enclosingClass;
  const classOutside = cls?.startOffset !== undefined && cls.startOffset < localStart;
  const moduleEnd = classOutside ? lineStart(ctx.text, cls.startOffset!) : localStart;
  const classPart = classOutside ? classBlock(ctx.text, cls, localStart) : '';
  return moduleBlock(ctx, moduleEnd, budgetChars) + classPart + lf(ctx.text.slice(localStart, ctx.offset));
}

/**
 * The class around a method: decorators, header, fields and the other methods as one-line stubs —
 * what the method may use through `self`, without the other methods' bodies.
 */
function classBlock(text: string, cls: ClassInfo, memberStart: number): string {
  const classIndent = indentAt(text, cls.startOffset!);
  const memberIndent = indentAt(text, memberStart);
  const lines = [
    ...(cls.decorators ?? []).map((d) => classIndent + d),
    classIndent + lf(cls.header),
    ...(cls.attributes ?? []).map((a) => memberIndent + lf(a)),
    ...cls.methodSignatures.map((sig) => `${memberIndent}${lf(sig)} ...`),
  ];
  return lines.join('\n') + '\n\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

/** The last `budgetChars` of `s`, starting at a line start. */
function tail(s: string, budgetChars: number): string {
  if (s.length <= budgetChars) {
    return s;
  }
  const cut = s.indexOf('\n', s.length - budgetChars);
  return cut === -1 ? s.slice(s.length - budgetChars) : s.slice(cut + 1);
}
