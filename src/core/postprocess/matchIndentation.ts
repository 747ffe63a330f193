import type { Sample } from '../types';
import { applyEdits, type Edit } from './edits';
import { indentWidth, leadingWhitespace, scanLines, type Line } from './pythonLines';
import type { StepContext } from './stepContext';

/**
 * Re-indents a sample to the document's style: tabs where the file uses tabs, the file's number of spaces
 * per level where the sample clearly uses another width (its top level would land on the body's
 * indentation after rescaling). Only whole logical lines are touched; the first line is touched only when
 * the cursor is at column 0.
 */
export function matchIndentation(sample: Sample, sc: StepContext): Sample {
  if (sc.indentUnit === undefined || sc.bodyIndent === undefined) {
    return sample;
  }
  const lines = indentableLines(sample.text, sc);
  // Tabs count as one document level when measuring the sample's own unit.
  const tab = sc.indentUnit === '\t' ? '        ' : sc.indentUnit;
  const widths = lines.map((l) => leadingWhitespace(lineText(sample.text, l)).replace(/\t/g, tab).length);
  const modelUnit = gcdOf(widths.filter((w) => w > 0));
  // Rescaling needs the sample's top level, known only when it starts at column 0.
  const canRescale = sc.cursorLinePrefix === '';
  const target = targetIndent(sc.indentUnit, sc.bodyIndent, canRescale ? widths : [], modelUnit);
  const edits: Edit[] = [];
  for (const line of lines) {
    const ws = leadingWhitespace(lineText(sample.text, line));
    const wanted = target(ws);
    if (wanted !== ws) {
      edits.push({ start: line.start, end: line.start + ws.length, insert: wanted });
    }
  }
  return applyEdits(sample, edits);
}

function indentableLines(text: string, sc: StepContext): Line[] {
  return scanLines(text, sc.stateAtCursor).filter(
    (l, i) => l.logical && (i > 0 || sc.cursorLinePrefix === '') && text.slice(l.start, l.end).trim() !== '',
  );
}

function lineText(text: string, l: Line): string {
  return text.slice(l.start, l.end);
}

/** A function from a line's indentation to the document-styled one. */
function targetIndent(
  unit: string,
  bodyIndent: string,
  widths: number[],
  modelUnit: number,
): (ws: string) => string {
  if (unit === '\t') {
    // Levels of the sample's own width become tabs; leftover spaces stay (alignment).
    const per = modelUnit >= 2 ? modelUnit : 4;
    return (ws) => {
      const w = ws.includes(' ') ? ws.replace(/\t/g, ' '.repeat(per)).length : -1;
      return w < 0 ? ws : '\t'.repeat(Math.floor(w / per)) + ' '.repeat(w % per);
    };
  }
  const tabsAsUnit = (ws: string): string => ws.replace(/\t/g, unit);
  const base = Math.min(...widths);
  const bodyWidth = indentWidth(bodyIndent);
  const rescale =
    // A unit of 1 is no indentation style (a stray space), and rescaling by it would multiply depths.
    widths.length > 0 && modelUnit >= 2 && modelUnit !== unit.length && base !== bodyWidth &&
    (base / modelUnit) * unit.length === bodyWidth;
  if (!rescale) {
    return tabsAsUnit;
  }
  return (ws) => {
    const w = tabsAsUnit(ws).length;
    return unit.repeat(Math.floor(w / modelUnit)) + ' '.repeat(w % modelUnit);
  };
}

function gcdOf(values: number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return values.reduce((g, v) => gcd(g, v), 0);
}
