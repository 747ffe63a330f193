/**
 * Execution agreement (CodeT, MBR-exec): samples that behave the same on the examples' inputs form a
 * group; a group's score is its samples' probability mass (exp of each mean log-prob) when every sample
 * is scored, else its size. Duplicates count through their votes.
 */

/** One candidate for agreement: how it behaved and how much it weighs. */
export interface Behaviour {
  /** One string per example input: the output, the exception line, or the limit that stopped it. */
  outputs: string[];
  votes: number;
  meanLogprob?: number;
}

/** Group id and score per candidate (same order as the input); groups are numbered by first appearance. */
export function agreementGroups(candidates: Behaviour[]): { group: number; score: number }[] {
  const allScored = candidates.every((c) => c.meanLogprob !== undefined);
  const weight = (c: Behaviour): number => c.votes * (allScored ? Math.exp(c.meanLogprob!) : 1);
  const ids = new Map<string, number>();
  const scores: number[] = [];
  const groupOf = candidates.map((c) => {
    const key = JSON.stringify(c.outputs);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      scores.push(0);
    }
    scores[id] = scores[id]! + weight(c);
    return id;
  });
  return groupOf.map((group) => ({ group, score: scores[group]! }));
}
