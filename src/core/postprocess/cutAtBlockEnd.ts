import type { Sample } from '../types';
import { applyEdits, cutAt } from './edits';
import { indentWidth, leadingWhitespace, scanLines } from './pythonLines';
import type { StepContext } from './stepContext';

/**
 * Cuts a sample where it leaves the function: at the first non-blank logical line indented at or left of
 * the `def`. The first line continues the cursor's line, so it only counts when the cursor sits in
 * leading whitespace; lines inside multi-line strings or brackets never count.
 */
export function cutAtBlockEnd(sample: Sample, sc: StepContext): Sample {
  return applyEdits(sample, cutAt(blockEndOffset(sample.text, sc), sample.text));
}

/** Offset where the function's block ends in `text`, or its length. */
function blockEndOffset(text: string, sc: StepContext): number {
  if (sc.defIndent === undefined) {
    return text.length;
  }
  const defWidth = indentWidth(sc.defIndent);
  const lines = scanLines(text, sc.stateAtCursor);
  for (const [i, line] of lines.entries()) {
    const body = text.slice(line.start, line.end);
    if (!line.logical || body.trim() === '') {
      continue;
    }
    if (i === 0) {
      if (sc.cursorLinePrefix.trim() === '' && indentWidth(sc.cursorLinePrefix + leadingWhitespace(body)) <= defWidth) {
        return 0;
      }
      continue;
    }
    if (indentWidth(leadingWhitespace(body)) <= defWidth) {
      return line.start - 1;
    }
  }
  return text.length;
}
