/**
 * Finds where a range computed on an older copy of a document lies in the current text, so Insert
 * never writes into text the user has changed since the candidates were computed.
 */
import type { OffsetRange } from '../types';

/**
 * Maps `range` (offsets into `oldText`) onto `newText`.
 *
 * The change between the two texts is taken as one replaced span: the longest common prefix and suffix
 * bound it. When that span lies wholly before the range, the range moves by the length difference; wholly
 * after, it stays. When the span touches the range (an edit inside it, or at its edges, where one cannot
 * tell on which side the user typed), there is no safe answer and the result is undefined.
 * Either way the text of the range and everything on the unchanged side of it are identical in both texts.
 */
export function relocateRange(oldText: string, newText: string, range: OffsetRange): OffsetRange | undefined {
  if (range.start < 0 || range.end < range.start || range.end > oldText.length) {
    return undefined;
  }
  if (oldText === newText) {
    return { ...range };
  }
  const maxCommon = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < maxCommon && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < maxCommon - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  const changeStart = prefix;
  const changeEndOld = oldText.length - suffix;
  if (changeStart > range.end) {
    return { ...range };
  }
  if (changeEndOld < range.start) {
    const delta = newText.length - oldText.length;
    return { start: range.start + delta, end: range.end + delta };
  }
  return undefined;
}
