import type { Sample } from '../types';
import { byScoreDesc, meanLogprob } from './scores';

/** Samples that normalize to the same code: the representative is the best-scored (then earliest) one. */
export interface DuplicateGroup {
  representative: Sample;
  members: Sample[];
}

/**
 * Merges samples whose normalized code is equal; the group's size is the representative's vote count.
 * Groups come out in the order of their first member in `samples`.
 */
export function dedupe(samples: Sample[], normalize: (code: string) => string): DuplicateGroup[] {
  const byKey = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = normalize(s.text);
    const list = byKey.get(key);
    if (list) {
      list.push(s);
    } else {
      byKey.set(key, [s]);
    }
  }
  return [...byKey.values()].map((members) => ({
    representative: [...members].sort((a, b) => byScoreDesc(meanLogprob(a), meanLogprob(b)) || a.index - b.index)[0]!,
    members,
  }));
}
