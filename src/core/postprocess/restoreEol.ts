import type { Sample } from '../types';
import { applyEdits, type Edit } from './edits';

/** Last step: a CRLF document gets `\r\n` line endings back. */
export function restoreEol(sample: Sample, eol: '\n' | '\r\n'): Sample {
  if (eol === '\n') {
    return sample;
  }
  const edits: Edit[] = [];
  for (let i = sample.text.indexOf('\n'); i >= 0; i = sample.text.indexOf('\n', i + 1)) {
    edits.push({ start: i, end: i + 1, insert: '\r\n' });
  }
  return applyEdits(sample, edits);
}
