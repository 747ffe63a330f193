import type { Sample } from '../types';
import { applyEdits, type Edit } from './edits';

/** Step 1: the model's `\r\n` become `\n` so every later step sees one kind of line ending. */
export function normalizeEol(sample: Sample): Sample {
  const edits: Edit[] = [];
  for (let i = sample.text.indexOf('\r\n'); i >= 0; i = sample.text.indexOf('\r\n', i + 2)) {
    edits.push({ start: i, end: i + 2, insert: '\n' });
  }
  return applyEdits(sample, edits);
}
