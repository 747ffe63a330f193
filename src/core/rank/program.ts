import type { CompletionContext, Sample } from '../types';

/**
 * The program that defines the completed function at the top level: the document from the `def` keyword
 * to the cursor, the sample, and the rest of the function after the cursor, dedented. Decorators are left
 * out (they may need module state the sandbox does not load). A method of a top-level class comes with
 * its whole class (the module context leaves out the statement that holds the cursor).
 * Undefined when the cursor is not in a function.
 */
export function programForSample(ctx: CompletionContext, sample: Sample): string | undefined {
  const fn = ctx.fn;
  if (!fn) {
    return undefined;
  }
  const completed = sample.text + ctx.suffixInFunction;
  const cls = fn.enclosingClass && fn.nesting.length === 1 ? classSpan(ctx, fn.enclosingClass.header) : undefined;
  if (cls) {
    return dedent(ctx.text.slice(cls.start, ctx.offset) + completed + ctx.text.slice(fn.endOffset, cls.end), cls.indent);
  }
  const defAt = ctx.text.indexOf(fn.signature, fn.startOffset);
  const start = defAt >= 0 && defAt <= ctx.offset ? lineStart(ctx.text, defAt) : fn.startOffset;
  return dedent(ctx.text.slice(start, ctx.offset) + completed, fn.defIndent);
}

/** The enclosing class's source span: from its header line to the last line indented deeper than it. */
function classSpan(ctx: CompletionContext, header: string): { start: number; end: number; indent: string } | undefined {
  const fn = ctx.fn!;
  const at = ctx.text.lastIndexOf(header, fn.startOffset);
  if (at < 0) {
    return undefined;
  }
  let start = lineStart(ctx.text, at);
  const indent = ctx.text.slice(start, at);
  if (indent.trim() !== '') {
    return undefined;
  }
  start = decoratorsStart(ctx.text, start, indent);
  let end = ctx.text.length;
  const rest = ctx.text.slice(fn.endOffset);
  const lines = rest.split('\n');
  let pos = fn.endOffset;
  for (const [i, line] of lines.entries()) {
    const ws = line.length - line.trimStart().length;
    if (i > 0 && line.trim() !== '' && ws <= indent.length) {
      end = pos;
      break;
    }
    pos += line.length + 1;
  }
  return { start, end, indent };
}

/** Moves `start` up over the class's decorator lines (`@dataclass` and the like). */
function decoratorsStart(text: string, start: number, indent: string): number {
  let s = start;
  while (s > 0) {
    const prev = lineStart(text, s - 1);
    if (!text.slice(prev, s).startsWith(`${indent}@`)) {
      break;
    }
    s = prev;
  }
  return s;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function dedent(source: string, indent: string): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  return lines.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n').trimEnd() + '\n';
}
