/**
 * Test helper: a CompletionContext built by hand from a document with a `║` cursor. It finds the
 * enclosing `def` by indentation — enough for post-processing tests, which need only the cursor's
 * line, the def's indentation, the body's indentation and the text after the cursor.
 */
import type { CompletionContext, FunctionInfo } from '../../../src/core/types';

export const CURSOR = '║';

/** Builds the context for `marked`, a document containing exactly one `║`. */
export function contextAt(marked: string): CompletionContext {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0 || marked.indexOf(CURSOR, offset + 1) >= 0) {
    throw new Error('fixture needs exactly one ║');
  }
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const fn = enclosingFunction(text, offset);
  const fnEnd = fn ? fn.endOffset : offset;
  return {
    languageId: 'python',
    text,
    offset,
    prefix: text.slice(0, offset),
    suffixInFunction: text.slice(offset, Math.max(offset, fnEnd)),
    suffixAfterFunction: text.slice(Math.max(offset, fnEnd)),
    eol,
    fn,
    module: { imports: [], constants: [], definitions: [] },
    decision: fn ? { kind: 'body' } : { kind: 'none', reason: 'not in a function' },
  };
}

function enclosingFunction(text: string, offset: number): FunctionInfo | undefined {
  const before = text.slice(0, offset);
  const defs = [...before.matchAll(/^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)/gm)];
  const def = defs[defs.length - 1];
  if (!def || def.index === undefined) {
    return undefined;
  }
  const defIndent = def[1] ?? '';
  const unit = /^\t/m.test(text) ? '\t' : guessSpaces(text);
  const startOffset = def.index;
  return {
    name: def[2] ?? 'f',
    isAsync: false,
    decorators: [],
    params: [],
    signature: '',
    defIndent,
    bodyIndent: defIndent + unit,
    indentUnit: unit,
    bodySoFar: '',
    startOffset,
    endOffset: functionEnd(text, offset, defIndent),
    bodyStartOffset: text.indexOf('\n', startOffset) + 1,
    nesting: [],
  };
}

function guessSpaces(text: string): string {
  const m = /\n( +)\S/.exec(text);
  return m?.[1] ?? '    ';
}

/** The end of the first line after the cursor's line indented at or left of the def. */
function functionEnd(text: string, offset: number, defIndent: string): number {
  const re = /\n([ \t]*)\S/g;
  re.lastIndex = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if ((m[1] ?? '').length <= defIndent.length) {
      return m.index + 1;
    }
  }
  return text.length;
}
