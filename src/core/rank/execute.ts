/** Runs every candidate against the docstring's examples in the sandbox. */
import type { ExampleSpec, Sandbox } from '../sandbox';
import type { CompletionContext, ExampleResult, Sample } from '../types';
import { comparisonAsEquals, extractInlineExamples } from './examples';
import { programForSample } from './program';

/** What ranking needs from the sandbox: parse a docstring's examples, run them (a `Sandbox` fits). */
export type RankingSandbox = Pick<Sandbox, 'runExamples' | 'parseExamples'>;

/** The examples and each candidate's results, with the examples every candidate could not even check. */
export interface ExecutionOutcome {
  specs: ExampleSpec[];
  /** results[candidate][example] */
  results: ExampleResult[][];
  /** Examples whose expected value itself fails to evaluate (dropped from the counts). */
  unusable: Set<number>;
}

/** The docstring's examples: `>>>` ones parsed by Python's doctest, then the inline HumanEval forms. */
export async function docstringExamples(ctx: CompletionContext, runner: RankingSandbox, signal?: AbortSignal): Promise<ExampleSpec[]> {
  const doc = ctx.fn?.docstring?.text;
  if (!doc || !ctx.fn) {
    return [];
  }
  const doctests = await runner.parseExamples(doc, signal);
  return [...doctests.map(comparisonAsEquals), ...extractInlineExamples(doc, ctx.fn.name)];
}

/** Runs each sample's program on the examples (in parallel as far as the sandbox's pool allows). */
export async function runCandidates(
  ctx: CompletionContext,
  samples: Sample[],
  specs: ExampleSpec[],
  runner: RankingSandbox,
  timeoutMs: number | undefined,
  signal?: AbortSignal,
): Promise<ExecutionOutcome> {
  const results = await Promise.all(
    samples.map((s) => {
      const program = programForSample(ctx, s)!;
      return runner.runExamples({ program, examples: specs, timeoutMs }, signal);
    }),
  );
  const unusable = new Set<number>();
  specs.forEach((_, k) => {
    if (results.length > 0 && results.every((r) => r[k]?.status === 'error' && r[k]?.code === 'bad-expected-value')) {
      unusable.add(k);
    }
  });
  return { specs, results, unusable };
}

/** A result as one comparable string: what the sample did on that input. */
export function behaviourOf(r: ExampleResult | undefined): string {
  if (!r) {
    return 'missing';
  }
  if (r.status === 'passed' || r.status === 'failed') {
    return `out:${r.got ?? ''}`;
  }
  return `${r.status}:${r.message ?? ''}`;
}

/** Whether the sample produced at least one real output (not only errors, timeouts and kills). */
export function producedOutput(results: ExampleResult[]): boolean {
  return results.some((r) => r.status === 'passed' || r.status === 'failed');
}
