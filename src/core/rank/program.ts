import type { CompletionContext, Sample } from '../types';

/**
 * The program that defines the completed function at the top level: the document from the `def` keyword
 * to the cursor, the sample, and the rest of the function after the cursor, dedented. Decorators are left
 * out (they may need module state the sandbox does not load); a method is also attached to its class.
 * Undefined when the cursor is not in a function.
 */
export function programForSample(ctx: CompletionContext, sample: Sample): string | undefined {
  const fn = ctx.fn;
  if (!fn) {
    return undefined;
  }
  const defAt = ctx.text.indexOf(fn.signature, fn.startOffset);
  const start = defAt >= 0 && defAt <= ctx.offset ? defAt : fn.startOffset;
  const source = ctx.text.slice(start, ctx.offset) + sample.text + ctx.suffixInFunction;
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const dedented = [lines[0]!.trimStart(), ...lines.slice(1).map((l) => (l.startsWith(fn.defIndent) ? l.slice(fn.defIndent.length) : l))];
  let program = dedented.join('\n').trimEnd() + '\n';
  if (fn.enclosingClass && fn.nesting.length === 1) {
    program += attachToClass(fn.enclosingClass.name, fn.name, fn.decorators);
  }
  return program;
}

function attachToClass(cls: string, name: string, decorators: string[]): string {
  const wrap = decorators.find((d) => d === '@staticmethod' || d === '@classmethod')?.slice(1);
  const value = wrap ? `${wrap}(${name})` : name;
  return `try:\n    ${cls}.${name} = ${value}\nexcept NameError:\n    pass\n`;
}
