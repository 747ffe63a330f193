/**
 * Degenerate samples: nothing to run (empty, only `pass`, `...`, comments or a `raise NotImplementedError`)
 * or text that repeats itself (a model stuck in a loop). They go to the back whatever they agree with:
 * many stubs agree with each other.
 */

const STUB_LINE = /^(?:pass|\.\.\.|return|return None|raise NotImplementedError(?:\(.*\))?|(?:[rRuU]?(?:"""|'''|"|')).*)$/;

/** Whether the sample is empty, a stub, or highly repetitive. */
export function isDegenerate(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0 || lines.every((l) => STUB_LINE.test(l))) {
    return true;
  }
  return isRepetitive(lines);
}

/** Six or more lines of which at most a third are distinct. */
function isRepetitive(lines: string[]): boolean {
  return lines.length >= 6 && new Set(lines).size * 3 <= lines.length;
}
