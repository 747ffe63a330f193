/**
 * The module part of a prompt: the file's own text before the function when it fits the budget
 * (the most natural prompt for a code model), otherwise a condensed module: imports, constants, and
 * stubs of the other definitions (signature, first docstring line, `...`).
 */
import type { CompletionContext, DefinitionSummary, ModuleContext } from '../types';

/** Builds the module block that precedes the function's own text (ends with blank lines or is empty). */
export function moduleBlock(ctx: CompletionContext, localStart: number, budgetChars: number): string {
  const before = lf(ctx.text.slice(0, localStart));
  if (before.length <= budgetChars) {
    return before;
  }
  return condensedModule(ctx.module, ctx.fn?.indentUnit ?? '    ', budgetChars);
}

/** Imports first, then constants, then definition stubs, as many as fit; printed in that order. */
export function condensedModule(module: ModuleContext, indentUnit: string, budgetChars: number): string {
  let left = budgetChars;
  const take = (items: string[]): string[] => {
    const kept: string[] = [];
    for (const item of items) {
      const cost = item.length + 2;
      if (cost <= left) {
        kept.push(item);
        left -= cost;
      }
    }
    return kept;
  };
  const groups = [
    take(module.imports.map(lf)).join('\n'),
    take(module.constants.map(lf)).join('\n'),
    take(module.definitions.map((d) => stub(d, indentUnit))).join('\n\n'),
  ].filter((g) => g);
  return groups.length ? groups.join('\n\n') + '\n\n\n' : '';
}

/** `def f(x):` + first docstring line + `...`, a valid Python stand-in for a definition. */
export function stub(def: DefinitionSummary, indentUnit: string): string {
  const doc = def.firstDocLine ? `${indentUnit}"""${def.firstDocLine.replace(/"""/g, '\\"\\"\\"')}"""\n` : '';
  return `${lf(def.signature)}\n${doc}${indentUnit}...`;
}

/** Prompts use `\n` line breaks whatever the document uses; the post-processor restores CRLF. */
export function lf(s: string): string {
  return s.replace(/\r\n/g, '\n');
}
