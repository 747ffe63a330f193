/**
 * The adaptive rounds' stopping rule, shared by the editor's pipeline (which draws another batch of n) and
 * `passk eval` (which simulates the rounds from a samples file): another round only while the docstring has
 * examples and the ranking's first sample does not pass them all.
 */
import type { RankedSample } from '../types';

/** Whether the sample passes every (usable) example of a docstring that has some: the round can stop. */
export function passesExamples(r: RankedSample | undefined): boolean {
  return r !== undefined && (r.passed ?? 0) > 0 && r.failed === 0;
}

/** Whether the docstring has examples to fail: without them there is nothing to draw more for. */
export function roundCanFail(ranked: readonly RankedSample[]): boolean {
  return ranked.some((r) => (r.passed ?? 0) + (r.failed ?? 0) > 0);
}

/** Whether a ranking (best first) calls for another batch of samples. */
export function wantsAnotherRound(ranked: readonly RankedSample[]): boolean {
  return roundCanFail(ranked) && !passesExamples(ranked[0]);
}
