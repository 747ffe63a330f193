import * as assert from 'assert';
import { ksUpTo, meanPassAtK, passAtK } from '../../../src/core/eval/passAtK';

/** C(n, k) with exact big integers. */
function comb(n: number, k: number): bigint {
  if (k < 0 || k > n) {
    return 0n;
  }
  let r = 1n;
  for (let i = 1; i <= k; i++) {
    r = (r * BigInt(n - k + i)) / BigInt(i);
  }
  return r;
}

/**
 * human-eval's estimator, reimplemented independently from its numpy source:
 *   if n - c < k: return 1.0
 *   return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))
 * Here through the exact ratio C(n−c, k)/C(n, k) as big integers, scaled to keep 1e-15 precision.
 */
function reference(n: number, c: number, k: number): number {
  if (n - c < k) {
    return 1;
  }
  const scale = 10n ** 30n;
  const ratio = (comb(n - c, k) * scale) / comb(n, k);
  return 1 - Number(ratio) / 1e30;
}

describe('eval/passAtK', () => {
  const cases: [number, number, number][] = [];
  for (const n of [1, 2, 5, 10, 20, 100, 200]) {
    for (const c of [0, 1, 2, Math.floor(n / 3), Math.floor(n / 2), n - 1, n]) {
      for (const k of [1, 2, 5, 10, 50, 100, 150, 250]) {
        if (c >= 0 && c <= n) {
          cases.push([n, c, k]);
        }
      }
    }
  }

  it(`matches human-eval's estimator to 1e-9 on ${cases.length} (n, c, k) cases, k > n included`, () => {
    assert.ok(cases.some(([n, , k]) => k > n));
    for (const [n, c, k] of cases) {
      const got = passAtK(n, c, k);
      const want = reference(n, c, k);
      assert.ok(Math.abs(got - want) <= 1e-9, `n=${n} c=${c} k=${k}: ${got} vs ${want}`);
    }
  });

  it('pass@1 is the fraction of passing samples', () => {
    assert.strictEqual(passAtK(10, 3, 1), 1 - 0.7 * 1);
    assert.ok(Math.abs(passAtK(100, 22, 1) - 0.22) < 1e-12);
  });

  it('no passing sample gives 0; fewer than k failures give 1', () => {
    assert.strictEqual(passAtK(100, 0, 100), 0);
    assert.strictEqual(passAtK(100, 1, 100), 1);
    // human-eval's convention for k > n, even with no passing sample (the report shows only k ≤ n).
    assert.strictEqual(passAtK(5, 0, 10), 1);
  });

  it('rejects impossible counts', () => {
    assert.throws(() => passAtK(3, 4, 1), RangeError);
    assert.throws(() => passAtK(3, 1, 0), RangeError);
  });

  it('averages over problems and lists the ks all problems can estimate', () => {
    const counts = [
      { n: 4, c: 4 },
      { n: 4, c: 0 },
      { n: 3, c: 1 },
    ];
    assert.ok(Math.abs(meanPassAtK(counts, 1) - (1 + 0 + 1 / 3) / 3) < 1e-12);
    assert.deepStrictEqual(ksUpTo(counts), [1, 2, 3]);
  });
});
