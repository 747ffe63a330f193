import type { Sample } from '../types';
import { applyEdits, cutAt, type Edit } from './edits';
import { leadingWhitespace } from './pythonLines';
import type { StepContext } from './stepContext';

/**
 * Drops what the sample repeats of the text already after the cursor: a single-line sample that ends
 * with the rest of the cursor's line (`foo(║)` + `x)` → `x`), and everything from the first sample line
 * that equals, indentation included, the first non-blank line that follows the cursor.
 */
export function dropSuffixDuplicates(sample: Sample, sc: StepContext): Sample {
  const text = sample.text;
  const suffixLines = sc.suffixInFunction.split('\n');
  const restOfLine = (suffixLines[0] ?? '').trim();
  if (!text.includes('\n')) {
    return applyEdits(sample, sameLineTail(text, restOfLine));
  }
  const atLineStart = sc.cursorLinePrefix.trim() === '';
  const next = suffixLines.find((l, i) => l.trim() !== '' && (i > 0 || atLineStart));
  if (next === undefined) {
    return sample;
  }
  return applyEdits(sample, cutAt(repeatOffset(text, next, sc.cursorLinePrefix), text));
}

function sameLineTail(text: string, restOfLine: string): Edit[] {
  const body = text.trimEnd();
  if (restOfLine === '' || !body.endsWith(restOfLine) || body.length === restOfLine.length) {
    return [];
  }
  return [{ start: body.length - restOfLine.length, end: text.length, insert: '' }];
}

/** Offset of the first sample line (the first one counted with the cursor's line prefix) equal to `line`. */
function repeatOffset(text: string, line: string, cursorLinePrefix: string): number {
  const wanted = line.trimEnd();
  let start = 0;
  for (const [i, l] of text.split('\n').entries()) {
    const full = (i === 0 ? cursorLinePrefix : '') + l;
    if (full.trimEnd() === wanted && leadingWhitespace(full) === leadingWhitespace(line)) {
      return Math.max(0, start - 1);
    }
    start += l.length + 1;
  }
  return text.length;
}
