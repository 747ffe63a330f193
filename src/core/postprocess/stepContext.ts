import type { CompletionContext } from '../types';
import { scanState, type ScanState } from './pythonLines';

/** The paper's stop sequences: where a sample leaves the function body (Chen et al. 2021). */
export const PAPER_STOP_SEQUENCES: readonly string[] = ['\nclass', '\ndef', '\n#', '\nif', '\nprint'];

/** What the post-processing steps need to know about the cursor, derived once per request. */
export interface StepContext {
  /** Text of the cursor's line before the cursor; the completion's first line continues it. */
  cursorLinePrefix: string;
  /** Python lexical state at the cursor (inside a string, brackets...). */
  stateAtCursor: ScanState;
  /** Indentation of the `def`; undefined outside a function (no block-end cut). */
  defIndent?: string;
  /** Indentation of body statements, and the document's indentation unit. */
  bodyIndent?: string;
  indentUnit?: string;
  /** Text after the cursor up to the function's end, with `\n` line endings. */
  suffixInFunction: string;
  eol: '\n' | '\r\n';
  stopSequences: readonly string[];
}

/** Derives the step context from a completion context. */
export function stepContext(ctx: CompletionContext): StepContext {
  const lineStart = ctx.text.lastIndexOf('\n', ctx.offset - 1) + 1;
  const fn = ctx.fn;
  // Scan from the `def` so an open string or bracket in the body so far is known at the cursor.
  const scanFrom = fn ? Math.min(fn.startOffset, ctx.offset) : lineStart;
  return {
    cursorLinePrefix: ctx.text.slice(lineStart, ctx.offset).replace(/\r$/, ''),
    stateAtCursor: scanState(ctx.text.slice(scanFrom, ctx.offset).replace(/\r\n/g, '\n')),
    defIndent: fn?.defIndent,
    bodyIndent: fn?.bodyIndent,
    indentUnit: fn?.indentUnit,
    suffixInFunction: ctx.suffixInFunction.replace(/\r\n/g, '\n'),
    eol: ctx.eol,
    stopSequences: PAPER_STOP_SEQUENCES,
  };
}
