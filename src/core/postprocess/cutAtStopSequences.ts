import type { Sample } from '../types';
import { applyEdits, cutAt } from './edits';
import { scanLines } from './pythonLines';
import type { StepContext } from './stepContext';

/**
 * Cuts a sample at the first stop sequence. A sequence that starts with `\n` (the paper's
 * `\nclass`, `\ndef`, `\n#`, `\nif`, `\nprint`) only matches at the start of a logical line, so the same
 * words inside a docstring or a wrapped expression do not cut; any other sequence matches anywhere.
 */
export function cutAtStopSequences(sample: Sample, sc: StepContext): Sample {
  return applyEdits(sample, cutAt(stopOffset(sample.text, sc), sample.text));
}

/** Offset of the first stop sequence in `text`, or its length. */
function stopOffset(text: string, sc: StepContext): number {
  let cut = text.length;
  const lineStops = sc.stopSequences.filter((s) => s.startsWith('\n')).map((s) => s.slice(1));
  for (const stop of sc.stopSequences.filter((s) => !s.startsWith('\n'))) {
    const at = text.indexOf(stop);
    if (at >= 0) {
      cut = Math.min(cut, at);
    }
  }
  for (const line of scanLines(text, sc.stateAtCursor).slice(1)) {
    if (line.start - 1 >= cut) {
      break;
    }
    const body = text.slice(line.start, line.end);
    if (line.logical && lineStops.some((s) => body.startsWith(s))) {
      return line.start - 1; // the `\n` before it goes too
    }
  }
  return cut;
}
