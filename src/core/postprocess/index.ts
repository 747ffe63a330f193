/**
 * Post-processing: a chain of small pure steps from a backend's raw sample to the text shown in the
 * editor. Every step keeps `Sample.tokens` aligned with the text it keeps, so ranking scores exactly
 * what is shown.
 */
import type { CompletionContext, Sample } from '../types';
import { cutAtBlockEnd } from './cutAtBlockEnd';
import { cutAtStopSequences } from './cutAtStopSequences';
import { applyEdits, cutAt } from './edits';
import { dropSuffixDuplicates } from './dropSuffixDuplicates';
import { matchIndentation } from './matchIndentation';
import { normalizeEol } from './normalizeEol';
import { restoreEol } from './restoreEol';
import { PAPER_STOP_SEQUENCES, stepContext, type StepContext } from './stepContext';
import { trimTrailingWhitespace } from './trimTrailingWhitespace';

export { PAPER_STOP_SEQUENCES } from './stepContext';

/** One step of the chain. */
type Step = (sample: Sample, sc: StepContext) => Sample;

const STEPS: Step[] = [
  normalizeEol,
  cutAtStopSequences,
  cutAtBlockEnd,
  matchIndentation,
  dropSuffixDuplicates,
  trimTrailingWhitespace,
  (s, sc) => restoreEol(s, sc.eol),
];

/**
 * Post-processes a backend's samples for the cursor described by `ctx`: cut at the paper's stop sequences
 * and at the function's block end, drop what repeats the text after the cursor, match the document's
 * indentation and line endings, trim trailing whitespace. Samples left empty are dropped; the others
 * keep their order and `index`.
 */
export function postprocess(samples: Sample[], ctx: CompletionContext): Sample[] {
  const sc = stepContext(ctx);
  return samples.map((s) => STEPS.reduce((acc, step) => step(acc, sc), s)).filter((s) => s.text.trim() !== '');
}

/**
 * Cuts a sample at the first occurrence of any stop sequence, anywhere in the text, the way the Codex
 * paper's harness and most published evaluations do (no Python awareness: `\n#` inside a docstring cuts
 * too). Tokens stay aligned with the kept text. This is `passk eval --postprocess stops`, for comparing
 * with published figures; the editor uses {@link postprocess}.
 */
export function cutAtFirstStop(sample: Sample, stopSequences: readonly string[] = PAPER_STOP_SEQUENCES): Sample {
  let cut = sample.text.length;
  for (const stop of stopSequences) {
    const at = sample.text.indexOf(stop);
    if (at >= 0 && at < cut) {
      cut = at;
    }
  }
  return applyEdits(sample, cutAt(cut, sample.text));
}
