/**
 * Adaptive debounce: how long to wait after a keystroke before asking the backend. It starts at the
 * configured delay and follows the user's typing rhythm, so a request starts when the user pauses for
 * longer than their usual gap between keys, not in the middle of a word.
 */

/** Gaps longer than this are pauses, not typing rhythm, and do not move the average. */
const PAUSE_MS = 1000;
/** Weight of the newest gap in the moving average. */
const ALPHA = 0.3;
/** The wait stays within [base / 2, base × 3]. */
const MIN_FACTOR = 0.5;
const MAX_FACTOR = 3;
/** Wait a little longer than the average gap, so the next key usually arrives before the request. */
const RHYTHM_FACTOR = 1.3;

/** Computes the delay for each keystroke. */
export class AdaptiveDebounce {
  private lastKeyAtMs: number | undefined;
  private averageGapMs: number | undefined;

  constructor(
    private baseMs: number,
    private adaptive: boolean,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Changes the base delay and mode (settings changed). */
  configure(baseMs: number, adaptive: boolean): void {
    this.baseMs = baseMs;
    this.adaptive = adaptive;
  }

  /** Records a keystroke now and returns how long to wait before requesting, in milliseconds. */
  keystroke(): number {
    const t = this.now();
    if (this.lastKeyAtMs !== undefined) {
      const gapMs = t - this.lastKeyAtMs;
      if (gapMs < PAUSE_MS) {
        this.averageGapMs = this.averageGapMs === undefined ? gapMs : ALPHA * gapMs + (1 - ALPHA) * this.averageGapMs;
      }
    }
    this.lastKeyAtMs = t;
    return this.delayMs();
  }

  /** The current delay in milliseconds. */
  delayMs(): number {
    if (!this.adaptive || this.averageGapMs === undefined) {
      return this.baseMs;
    }
    const wanted = RHYTHM_FACTOR * this.averageGapMs;
    return Math.round(Math.min(this.baseMs * MAX_FACTOR, Math.max(this.baseMs * MIN_FACTOR, wanted)));
  }
}
