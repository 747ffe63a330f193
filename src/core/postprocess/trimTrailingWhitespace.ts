import type { Sample } from '../types';
import { applyEdits, type Edit } from './edits';

/** Removes spaces and tabs at the end of every line and blank lines at the end of the sample. */
export function trimTrailingWhitespace(sample: Sample): Sample {
  const text = sample.text;
  const edits: Edit[] = [];
  const end = text.trimEnd().length;
  const re = /[ \t]+\n/g;
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
    edits.push({ start: m.index, end: m.index + m[0].length - 1, insert: '' });
  }
  if (end < text.length) {
    edits.push({ start: end, end: text.length, insert: '' });
  }
  return applyEdits(sample, edits);
}
