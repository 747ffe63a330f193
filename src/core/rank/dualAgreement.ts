/**
 * CodeT's dual execution agreement (Chen et al. 2022; microsoft/CodeT `src/agreement.py`): samples that
 * pass exactly the same model-written tests form a consensus set; a set scores
 * (number of tests its samples pass) × √(number of samples in it). Tests count with their weight (how
 * often the model wrote them) and samples with their votes (identical samples merged), as CodeT expands
 * both by frequency. Samples that pass no test are in no set and score 0.
 */

/** What dual agreement reads: passes[sample][test], each sample's votes, each test's weight. */
export interface DualAgreementInput {
  passes: readonly (readonly boolean[])[];
  votes: readonly number[];
  testWeights: readonly number[];
}

/** Samples that pass the same tests, and the set's score. */
export interface ConsensusSet {
  /** Indices into the input's samples, ascending. */
  samples: number[];
  /** Indices of the tests they all pass, ascending. */
  tests: number[];
  score: number;
}

/** The consensus sets, best first (ties keep first appearance), and each sample's set and score. */
export interface DualAgreement {
  sets: ConsensusSet[];
  /** Index into `sets` per sample; undefined when the sample passes no test. */
  setOf: (number | undefined)[];
  /** The score of the sample's set; 0 when it passes no test. */
  scoreOf: number[];
}

/** Groups samples by the set of tests they pass and scores each group. */
export function dualAgreement(input: DualAgreementInput): DualAgreement {
  const byKey = new Map<string, ConsensusSet>();
  const keyOf = input.passes.map((row, s) => {
    const tests = row.flatMap((passed, t) => (passed && (input.testWeights[t] ?? 0) > 0 ? [t] : []));
    if (tests.length === 0) {
      return undefined;
    }
    const key = tests.join(',');
    const set = byKey.get(key) ?? { samples: [], tests, score: 0 };
    set.samples.push(s);
    byKey.set(key, set);
    return key;
  });
  for (const set of byKey.values()) {
    const testMass = set.tests.reduce((n, t) => n + input.testWeights[t]!, 0);
    const sampleMass = set.samples.reduce((n, s) => n + (input.votes[s] ?? 1), 0);
    set.score = testMass * Math.sqrt(sampleMass);
  }
  const sets = [...byKey.values()].sort((a, b) => b.score - a.score);
  const index = new Map(sets.map((set, i) => [set, i]));
  const setOf = keyOf.map((key) => (key === undefined ? undefined : index.get(byKey.get(key)!)));
  return { sets, setOf, scoreOf: setOf.map((i) => (i === undefined ? 0 : sets[i]!.score)) };
}
