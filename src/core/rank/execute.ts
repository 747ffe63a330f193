/** The docstring's examples, as the execution matrix runs them. */
import type { ExampleSpec, Sandbox } from '../sandbox';
import type { CompletionContext } from '../types';
import { comparisonAsEquals, extractInlineExamples, paramNames } from './examples';

/** What ranking needs from the sandbox: parse a docstring's examples, run the matrix (a `Sandbox` fits). */
export type RankingSandbox = Pick<Sandbox, 'parseExamples' | 'runMatrix'>;

/** The docstring's examples: `>>>` ones parsed by Python's doctest, then the inline HumanEval forms. */
export async function docstringExamples(ctx: CompletionContext, runner: RankingSandbox, signal?: AbortSignal): Promise<ExampleSpec[]> {
  const doc = ctx.fn?.docstring?.text;
  if (!doc || !ctx.fn) {
    return [];
  }
  const doctests = await runner.parseExamples(doc, signal);
  return [...doctests.map(comparisonAsEquals), ...extractInlineExamples(doc, ctx.fn.name, ctx.text, paramNames(ctx.fn))];
}
