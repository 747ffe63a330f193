/**
 * A progress display for long CLI runs: a bar with ETA redrawn in place on a terminal, plain lines
 * (every 10% and at the end of a phase) when the output is a file or a pipe.
 */

/** Where progress goes: a stream, and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Progress of named phases, each with done/total counts. */
export interface Progress {
  update(phase: string, done: number, total: number): void;
  /** Ends the current line (terminal) so later output starts clean. */
  finish(): void;
}

const REDRAW_MS = 100;
const RATE_WINDOW_MS = 30_000;

/** Creates a progress display; `now` is injectable for tests. */
export function createProgress(sink: ProgressSink, now: () => number = Date.now): Progress {
  let phase = '';
  let lastDraw = -Infinity;
  let lastTenth = -1;
  let points: { t: number; done: number }[] = [];
  let open = false;
  return {
    update(p, done, total) {
      const t = now();
      if (p !== phase) {
        this.finish();
        phase = p;
        points = [];
        lastTenth = -1;
        lastDraw = -Infinity;
      }
      points.push({ t, done });
      while (points.length > 2 && t - points[0]!.t > RATE_WINDOW_MS) {
        points.shift();
      }
      const eta = etaSeconds(points, total);
      if (sink.isTTY) {
        if (t - lastDraw >= REDRAW_MS || done >= total) {
          sink.write(`\r${barLine(p, done, total, eta)}\x1b[K`);
          lastDraw = t;
          open = true;
        }
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        sink.write(`${plainLine(p, done, total, eta)}\n`);
      }
    },
    finish() {
      if (open) {
        sink.write('\n');
        open = false;
      }
    },
  };
}

/** Seconds left at the recent rate, or undefined until the rate is known (at least 1 s of history). */
export function etaSeconds(points: readonly { t: number; done: number }[], total: number): number | undefined {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || last.t - first.t < 1000 || last.done <= first.done) {
    return last && last.done >= total ? 0 : undefined;
  }
  const perMs = (last.done - first.done) / (last.t - first.t);
  return (total - last.done) / perMs / 1000;
}

/** `checking [#########-----------]  45%  7380/16400  ETA 2m13s` */
export function barLine(phase: string, done: number, total: number, eta: number | undefined): string {
  const width = 24;
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `${phase.padEnd(9)}[${bar}] ${String(Math.floor(frac * 100)).padStart(3)}%  ${done}/${total}  ETA ${formatDuration(eta)}`;
}

/** `checking: 7380/16400 (45%), ETA 2m13s` */
export function plainLine(phase: string, done: number, total: number, eta: number | undefined): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${phase}: ${done}/${total} (${pct}%), ETA ${formatDuration(eta)}`;
}

/** `1h02m`, `2m13s`, `9s`, or `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) {
    return '?';
  }
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  }
  if (s >= 60) {
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }
  return `${s}s`;
}
