/**
 * `passk prompt FILE --line L --column C [--style codex|fim|chat] [--fim-template T] [--budget N]`:
 * prints as JSON what Passk would send for a cursor position — the context summary, the decision and
 * the prompt — without calling any model.
 */
import * as fs from 'fs';
import { buildContext } from '../core/context/buildContext';
import { buildPrompt, FIM_TEMPLATE_NAMES, DEFAULT_CONTEXT_BUDGET_CHARS } from '../core/prompt';
import type { CompletionContext, FimTemplateName, FunctionInfo } from '../core/types';
import { CliError, parseArgs, required, USAGE_EXIT_CODE, type OptionsSpec } from './args';

/** One-paragraph help for `passk prompt --help` and the main usage. */
export const PROMPT_USAGE = `passk prompt FILE --line L --column C [--style codex|fim|chat] [--fim-template ${FIM_TEMPLATE_NAMES.join('|')}] [--budget CHARS]
  Prints the completion context at line L, column C (1-based, as editors show them; columns count
  UTF-16 code units, a tab is one column), the decision and the prompt as JSON.`;

const SPEC: OptionsSpec = {
  line: { kind: 'integer', min: 1 },
  column: { kind: 'integer', min: 1 },
  style: { kind: 'string', choices: ['codex', 'fim', 'chat'], default: 'codex' },
  'fim-template': { kind: 'string', choices: FIM_TEMPLATE_NAMES, default: 'starcoder' },
  budget: { kind: 'integer', min: 0, default: DEFAULT_CONTEXT_BUDGET_CHARS },
};

/** Runs the command; returns the exit code. */
export async function promptCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.options.help) {
    process.stdout.write(PROMPT_USAGE + '\n');
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new CliError(`expected exactly one FILE, got ${args.positionals.length}`, USAGE_EXIT_CODE);
  }
  const file = args.positionals[0]!;
  const text = readSourceFile(file);
  const line = required<number>(args, 'line');
  const column = required<number>(args, 'column');
  const offset = offsetOf(text, line, column, file);
  const ctx = await buildContext({ text, offset, languageId: 'python', key: `file:${file}` });
  const prompt = buildPrompt(ctx, {
    style: args.options.style as 'codex' | 'fim' | 'chat',
    fimTemplate: args.options['fim-template'] as FimTemplateName,
    contextBudgetChars: args.options.budget as number,
  });
  const out = { file, line, column, offset, decision: ctx.decision, context: summary(ctx), prompt };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}

/** Reads a Python source file as text, refusing what is not one (missing, directory, binary, empty). */
export function readSourceFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliError(`${file}: no such file`);
  }
  if (stat.isDirectory()) {
    throw new CliError(`${file}: is a directory, not a file`);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new CliError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes.length === 0) {
    throw new CliError(`${file}: the file is empty`);
  }
  if (bytes.includes(0)) {
    throw new CliError(`${file}: looks like a binary file (it contains NUL bytes), not Python source`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file}: is not valid UTF-8 text`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors hide the BOM from offsets too
}

/** The offset of 1-based line/column; the column may point just past the line's last character. */
export function offsetOf(text: string, line: number, column: number, file = 'file'): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      throw new CliError(`${file}: line ${line} is outside the file (it has ${l} lines)`);
    }
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  let end = nl === -1 ? text.length : nl;
  if (end > start && text[end - 1] === '\r') {
    end--;
  }
  if (column > end - start + 1) {
    throw new CliError(`${file}: column ${column} is outside line ${line} (it has ${end - start} characters)`);
  }
  return start + column - 1;
}

/** The context without the document's full text: what a reader of the JSON wants to check. */
function summary(ctx: CompletionContext): object {
  return {
    languageId: ctx.languageId,
    eol: ctx.eol,
    function: ctx.fn ? functionSummary(ctx.fn) : null,
    module: ctx.module,
    suffixInFunction: ctx.suffixInFunction,
    suffixAfterFunctionChars: ctx.suffixAfterFunction.length,
  };
}

function functionSummary(fn: FunctionInfo): object {
  const { startOffset, endOffset, bodyStartOffset, enclosingFunctionStartOffset, docstring, ...rest } = fn;
  return {
    ...rest,
    docstring: docstring ? { quote: docstring.quote, text: docstring.text, raw: docstring.raw } : null,
    offsets: { start: startOffset, end: endOffset, bodyStart: bodyStartOffset, enclosingFunctionStart: enclosingFunctionStartOffset },
  };
}
