/**
 * The Codex-D prompt: the code (and what it may use from its module) → its docstring.
 * A completions model continues a documented copy of the code's header after an opening `"""`;
 * a chat model is asked for the docstring's text.
 */
import type { FimTemplateName, ModuleContext, Prompt } from '../types';
import { FIM_TEMPLATES } from '../prompt/fimTemplates';
import { condensedModule } from '../prompt/moduleBlock';
import { formatDocstring } from './placement';
import { EXAMPLE_BODY, EXAMPLE_HEADER, STYLE_NAMES, exampleDocstring } from './styleGuide';
import type { DocstringStyle, DocTarget } from './types';

/** What the docstring prompt is built from. */
export interface DocstringPromptInput {
  /** The whole document. */
  text: string;
  target: DocTarget;
  module: ModuleContext;
  style: DocstringStyle;
  /** Ask for `>>>` examples. */
  examples: boolean;
  /** `chat` for chat backends, `fim` for a fill-in-the-middle hole where the docstring goes, else `codex`. */
  kind: 'codex' | 'fim' | 'chat';
  /** The model family's FIM tokens (for `fim`). */
  fimTemplate?: FimTemplateName;
  /** Upper bound for the module context and the code, in characters. */
  budgetChars?: number;
}

const DEFAULT_BUDGET_CHARS = 6000;
const INDENT = '    ';
/** Where a completions sample ends: the docstring's closing quotes. */
export const DOCSTRING_STOP = ['"""'];

/** Builds the prompt for one target. */
export function buildDocstringPrompt(input: DocstringPromptInput): Prompt {
  if (input.kind === 'chat') {
    return chatPrompt(input);
  }
  return input.kind === 'fim' && input.fimTemplate ? fimPrompt(input, input.fimTemplate) : completionsPrompt(input);
}

/** The code with a hole where the docstring goes: the model sees the body after it. */
function fimPrompt(input: DocstringPromptInput, template: FimTemplateName): Prompt {
  const { code, header } = targetSource(input);
  const opener = `${relativeBodyIndent(input.target)}"""`;
  const context = [moduleBlock(input.module, budget(input) - code.length), styleExample(input.style, input.examples)];
  const prefix = `${context.filter((p) => p !== '').join('\n\n\n')}\n\n\n${header}\n${opener}`;
  const suffix = `\n${opener}${code.slice(header.length)}\n`;
  // Same shape as the code prompts' FIM (core/prompt): wrapped text, plus the raw parts for servers that wrap.
  return { kind: 'fim', text: FIM_TEMPLATES[template](prefix, suffix), prefix, suffix, stop: DOCSTRING_STOP, template };
}

function completionsPrompt(input: DocstringPromptInput): Prompt {
  const { code, header } = targetSource(input);
  const what = input.target.kind === 'class' ? 'class' : 'function';
  const examples = input.examples ? ' with >>> examples' : '';
  const context = [moduleBlock(input.module, budget(input) - code.length), styleExample(input.style, input.examples), code];
  const ask = `# The same ${what} with a ${STYLE_NAMES[input.style]} docstring${examples}:`;
  const opener = `${relativeBodyIndent(input.target)}"""`;
  const text = `${context.filter((p) => p !== '').join('\n\n\n')}\n\n\n${ask}\n${header}\n${opener}`;
  return { kind: 'codex', text, stop: DOCSTRING_STOP };
}

/** The body's indentation relative to the `def` (the prompt's code starts at column 0). */
function relativeBodyIndent(target: DocTarget): string {
  return target.bodyIndent.startsWith(target.defIndent) ? target.bodyIndent.slice(target.defIndent.length) || INDENT : INDENT;
}

function chatPrompt(input: DocstringPromptInput): Prompt {
  const { code } = targetSource(input);
  const context = moduleBlock(input.module, budget(input) - code.length);
  const what = input.target.kind === 'class' ? 'class' : 'function';
  const system =
    'You write Python docstrings. Reply with the docstring text only: no quotes, no code fences, no code.';
  const user = [
    `Write a ${STYLE_NAMES[input.style]} docstring for the ${what} \`${input.target.name}\`.`,
    sectionRule(input.style),
    input.examples ? 'Include one or two short >>> examples with their exact output.' : 'Do not include examples.',
    'Follow this format:',
    exampleDocstring(input.style, input.examples),
    '',
    '```python',
    ...(context ? [context, ''] : []),
    code,
    '```',
  ].join('\n');
  return {
    kind: 'chat',
    text: user,
    stop: [],
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
  };
}

function sectionRule(style: DocstringStyle): string {
  return style === 'plain'
    ? 'Use plain prose (PEP 257): a one-line summary, then details if needed; no sections.'
    : 'Document every parameter of the signature and no other; document the return value and the exceptions raised.';
}

function budget(input: DocstringPromptInput): number {
  return input.budgetChars ?? DEFAULT_BUDGET_CHARS;
}

/** The one-shot example in the chosen style, as documented code. */
function styleExample(style: DocstringStyle, examples: boolean): string {
  return [EXAMPLE_HEADER, ...docLines(exampleDocstring(style, examples)), ...EXAMPLE_BODY.map((l) => INDENT + l)].join('\n');
}

function docLines(content: string): string[] {
  const lines = content.split('\n').map((l) => (l === '' ? '' : INDENT + l));
  lines[0] = `${INDENT}"""${content.split('\n')[0] ?? ''}`;
  return [...lines, `${INDENT}"""`];
}

/**
 * The target's source at column 0 without its current docstring (so the model does not copy it),
 * and its header (decorators and signature). Long code is cut at a line boundary within the budget.
 */
export function targetSource(input: Pick<DocstringPromptInput, 'text' | 'target' | 'budgetChars'>): {
  code: string;
  header: string;
} {
  const { text, target } = input;
  const lineStart = text.lastIndexOf('\n', target.startOffset - 1) + 1;
  let source = text.slice(lineStart, target.endOffset);
  if (target.docstring) {
    source = withoutDocstring(text, lineStart, target);
  }
  const header = dedent(text.slice(lineStart, target.headerEndOffset), target.defIndent);
  const code = dedent(source, target.defIndent);
  return { code: cutToBudget(code, Math.floor((input.budgetChars ?? DEFAULT_BUDGET_CHARS) * 0.75)), header };
}

function withoutDocstring(text: string, lineStart: number, target: DocTarget): string {
  const doc = target.docstring!;
  const docLineStart = text.lastIndexOf('\n', doc.startOffset - 1) + 1;
  const nl = text.indexOf('\n', doc.endOffset);
  const docLineEnd = nl === -1 ? text.length : nl + 1;
  const onOwnLines = text.slice(docLineStart, doc.startOffset).trim() === '' && text.slice(doc.endOffset, docLineEnd).trim() === '';
  if (onOwnLines) {
    const rest = text.slice(docLineEnd, target.endOffset);
    // A body that was only the docstring still needs a statement.
    const body = rest.trim() === '' ? `${target.bodyIndent}pass\n` : rest;
    return text.slice(lineStart, docLineStart) + body;
  }
  return text.slice(lineStart, doc.startOffset) + 'pass' + text.slice(doc.endOffset, target.endOffset);
}

function dedent(source: string, indent: string): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  return lines.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join('\n').trimEnd();
}

function cutToBudget(code: string, maxChars: number): string {
  if (code.length <= maxChars) {
    return code;
  }
  const cut = code.lastIndexOf('\n', maxChars);
  return code.slice(0, cut > 0 ? cut : maxChars) + `\n${INDENT}...`;
}

/** Imports, constants and stubs of the other definitions, as much as fits in `maxChars` (shared with code prompts). */
function moduleBlock(module: ModuleContext, maxChars: number): string {
  return condensedModule(module, INDENT, Math.max(0, maxChars)).trimEnd();
}

/**
 * The text whose code part back-translation scores: the context and the documented header, then the
 * body (the continuation whose log P(code | docstring) is measured).
 */
export function backTranslationText(
  input: Pick<DocstringPromptInput, 'text' | 'target' | 'module' | 'budgetChars'>,
  docContent: string,
): { context: string; continuation: string } {
  const { code, header } = targetSource(input);
  const indent = relativeBodyIndent(input.target);
  const literal = formatDocstring(docContent, indent, '\n');
  const module = moduleBlock(input.module, (input.budgetChars ?? DEFAULT_BUDGET_CHARS) - code.length);
  const context = `${module ? module + '\n\n\n' : ''}${header}\n${indent}${literal}`;
  return { context, continuation: code.slice(header.length) };
}
