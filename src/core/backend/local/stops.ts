/**
 * Stop sequences over text that grows one token at a time.
 */

/**
 * The earliest index where any of `stops` occurs in `text`, looking only at matches that end after
 * `checkedUpTo` (earlier text was already checked). -1 when none.
 */
export function findStop(text: string, stops: readonly string[], checkedUpTo = 0): number {
  let best = -1;
  for (const stop of stops) {
    if (stop.length === 0) {
      continue;
    }
    const from = Math.max(0, checkedUpTo - stop.length + 1);
    const at = text.indexOf(stop, from);
    if (at >= 0 && (best < 0 || at < best)) {
      best = at;
    }
  }
  return best;
}
