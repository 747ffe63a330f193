/**
 * Orders docstring candidates: a docstring that invents a parameter ranks last, then the ones that
 * miss parameters, then those whose Returns/Raises do not fit the body, then truncated ones; within a group the score decides (back-translation when
 * measured, else mean log-prob), then the backend's order.
 */
import type { DocCandidate } from './types';

/** A candidate plus what ranking needs beyond `DocCandidate`. */
export interface RankInput extends DocCandidate {
  truncated?: boolean;
}

/** The candidates best first, duplicates (same text) merged into the better-scored one. */
export function rankDocCandidates<T extends RankInput>(candidates: T[]): T[] {
  const sorted = [...candidates].sort(compare);
  const seen = new Set<string>();
  const unique = sorted.filter((c) => {
    if (seen.has(c.text)) {
      return false;
    }
    seen.add(c.text);
    return true;
  });
  for (const c of unique) {
    c.reasons = reasonsFor(c);
  }
  return unique;
}

function compare(a: RankInput, b: RankInput): number {
  return (
    Number(a.check.invented.length > 0) - Number(b.check.invented.length > 0) ||
    a.check.missing.length - b.check.missing.length ||
    sectionFaults(a) - sectionFaults(b) ||
    Number(!!a.truncated) - Number(!!b.truncated) ||
    score(b) - score(a) ||
    a.index - b.index
  );
}

function sectionFaults(c: RankInput): number {
  return c.check.missingSections.length + c.check.extraSections.length;
}

/** The candidate's score: higher is better; unscored candidates come after scored ones. */
export function score(c: RankInput): number {
  return c.backTranslation ?? c.meanLogprob ?? -Infinity;
}

function reasonsFor(c: RankInput): string[] {
  const reasons: string[] = [];
  if (c.check.invented.length > 0) {
    reasons.push(`documents parameters the signature lacks: ${c.check.invented.join(', ')}`);
  }
  if (c.check.missing.length > 0) {
    reasons.push(`leaves parameters undocumented: ${c.check.missing.join(', ')}`);
  }
  if (c.check.missingSections.length > 0) {
    reasons.push(`lacks ${c.check.missingSections.join(', ')}`);
  }
  if (c.check.extraSections.length > 0) {
    reasons.push(`has ${c.check.extraSections.join(', ')} the code does not call for`);
  }
  if (c.truncated) {
    reasons.push('cut off at the token limit');
  }
  if (c.backTranslation !== undefined) {
    reasons.push(`back-translation log P(code | docstring) ${c.backTranslation.toFixed(3)} per token`);
  } else if (c.meanLogprob !== undefined) {
    reasons.push(`mean log-prob ${c.meanLogprob.toFixed(3)}`);
  } else {
    reasons.push('unscored: the backend gave no log-probs');
  }
  return reasons;
}
