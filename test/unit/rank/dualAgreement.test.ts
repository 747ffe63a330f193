import * as assert from 'assert';
import { dualAgreement } from '../../../src/core/rank/dualAgreement';

const T = true;
const F = false;

describe('dual agreement (CodeT)', () => {
  it('scores each consensus set as (weighted tests passed) × √(samples, with votes), on a hand-made matrix', () => {
    // Tests t0..t3 with weights 1, 2, 1, 1 (t1 written twice). Samples s0..s4.
    const passes = [
      [T, T, F, F], // s0: {t0, t1}
      [T, T, F, F], // s1: {t0, t1}, 3 votes
      [F, F, T, T], // s2: {t2, t3}
      [F, F, F, F], // s3: passes nothing
      [T, T, T, T], // s4: everything
    ];
    const votes = [1, 3, 1, 1, 1];
    const r = dualAgreement({ passes, votes, testWeights: [1, 2, 1, 1] });
    // {t0,t1}: (1+2) × √(1+3) = 6; {all}: 5 × √1 = 5; {t2,t3}: 2 × √1 = 2.
    assert.deepStrictEqual(
      r.sets.map((s) => [s.samples, s.tests, s.score]),
      [
        [[0, 1], [0, 1], 6],
        [[4], [0, 1, 2, 3], 5],
        [[2], [2, 3], 2],
      ],
    );
    assert.deepStrictEqual(r.setOf, [0, 0, 2, undefined, 1]);
    assert.deepStrictEqual(r.scoreOf, [6, 6, 2, 0, 5]);
  });

  it('the square root: more samples raise a set less than more tests do', () => {
    // Four samples agree on one test: 1 × √4 = 2; one sample passes three tests: 3 × √1 = 3.
    const r = dualAgreement({ passes: [[T, F, F], [T, F, F], [T, F, F], [T, F, F], [T, T, T]], votes: [1, 1, 1, 1, 1], testWeights: [1, 1, 1] });
    assert.deepStrictEqual(r.scoreOf, [2, 2, 2, 2, 3]);
    assert.deepStrictEqual(r.sets[0]!.samples, [4]);
  });

  it('a test no one wrote (weight 0) does not split sets; with no tests nothing scores', () => {
    const r = dualAgreement({ passes: [[T, T], [T, F]], votes: [1, 1], testWeights: [1, 0] });
    assert.deepStrictEqual(r.setOf, [0, 0]);
    assert.strictEqual(r.sets[0]!.score, Math.sqrt(2));
    const none = dualAgreement({ passes: [[], []], votes: [1, 1], testWeights: [] });
    assert.deepStrictEqual(none, { sets: [], setOf: [undefined, undefined], scoreOf: [0, 0] });
  });
});
