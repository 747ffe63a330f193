import * as assert from 'assert';
import { barLine, createProgress, etaSeconds, formatDuration } from '../../../src/cli/progress';

function sink(isTTY: boolean): { out: string[]; write(t: string): void; isTTY: boolean } {
  const out: string[] = [];
  return { out, isTTY, write: (t) => out.push(t) };
}

describe('cli/progress', () => {
  it('on a terminal redraws one line with a bar and ETA, then ends it', () => {
    const s = sink(true);
    let t = 0;
    const p = createProgress(s, () => t);
    for (let done = 0; done <= 100; done += 10) {
      p.update('checking', done, 100);
      t += 1000; // 10 items per second
    }
    p.finish();
    assert.ok(s.out.every((w) => w.startsWith('\r') || w === '\n'));
    assert.match(s.out[5] ?? '', /checking \[#{12}-{12}\] {2}50% {2}50\/100 {2}ETA 5s/);
    assert.match(s.out[s.out.length - 2] ?? '', /100% {2}100\/100 {2}ETA 0s/);
    assert.strictEqual(s.out[s.out.length - 1], '\n');
  });

  it('redraws a terminal at most every 100 ms', () => {
    const s = sink(true);
    const p = createProgress(s, () => 0);
    for (let done = 1; done < 50; done++) {
      p.update('checking', done, 100);
    }
    assert.strictEqual(s.out.length, 1);
  });

  it('elsewhere prints plain lines at each tenth and a new phase', () => {
    const s = sink(false);
    let t = 0;
    const p = createProgress(s, () => t);
    for (let done = 1; done <= 1000; done++) {
      p.update('checking', done, 1000);
      t += 10;
    }
    p.update('ranking', 1, 2);
    assert.strictEqual(s.out.length, 11 + 1);
    assert.ok(s.out.every((l) => l.endsWith('\n') && !l.includes('\r')));
    assert.strictEqual(s.out[10], 'checking: 1000/1000 (100%), ETA 0s\n');
    assert.strictEqual(s.out[11], 'ranking: 1/2 (50%), ETA ?\n');
  });

  it('ETA comes from the recent rate and is unknown for the first second', () => {
    assert.strictEqual(etaSeconds([{ t: 0, done: 0 }, { t: 500, done: 100 }], 1000), undefined);
    assert.strictEqual(etaSeconds([{ t: 0, done: 0 }, { t: 2000, done: 100 }], 1000), 18);
  });

  it('formats durations and bars', () => {
    assert.deepStrictEqual([formatDuration(9.4), formatDuration(133), formatDuration(3720), formatDuration(undefined)], ['9s', '2m13s', '1h02m', '?']);
    assert.strictEqual(barLine('x', 0, 0, undefined), 'x        [########################] 100%  0/0  ETA ?');
  });
});
