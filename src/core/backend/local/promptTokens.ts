/**
 * Turns a `Prompt` into the model's input tokens, fill-in-the-middle included when the model's
 * tokenizer has FIM tokens (from its GGUF metadata, or found in its vocabulary by name).
 */
import type { FimTemplateName, Prompt } from '../../types';
import { LocalBackendError } from './errors';
import type { LlamaModel, Token } from './runtime';

/** The three FIM tokens in prefix-suffix-middle order. */
export interface FimTokens {
  prefix: Token;
  suffix: Token;
  middle: Token;
}

/** Known families' FIM markers as [prefix, suffix, middle]. */
export const FIM_MARKERS: Record<FimTemplateName, readonly [string, string, string]> = {
  deepseek: ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
  qwen: ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'],
  starcoder: ['<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
  codellama: ['<PRE>', '<SUF>', '<MID>'],
  codestral: ['[PREFIX]', '[SUFFIX]', '[MIDDLE]'],
};

/** The model's FIM tokens, or undefined when its tokenizer has none. */
export function findFimTokens(model: LlamaModel): FimTokens | undefined {
  const infill = model.tokens.infill;
  if (infill.prefix != null && infill.suffix != null && infill.middle != null) {
    return { prefix: infill.prefix, suffix: infill.suffix, middle: infill.middle };
  }
  for (const markers of Object.values(FIM_MARKERS)) {
    const ids = markers.map((m) => singleSpecialToken(model, m));
    if (ids[0] !== undefined && ids[1] !== undefined && ids[2] !== undefined) {
      return { prefix: ids[0], suffix: ids[1], middle: ids[2] };
    }
  }
  return undefined;
}

function singleSpecialToken(model: LlamaModel, text: string): Token | undefined {
  const ids = model.tokenize(text, true);
  return ids.length === 1 ? ids[0] : undefined;
}

/** The tokens to evaluate for `prompt` (BOS first when the model wants one). */
export function promptTokens(model: LlamaModel, prompt: Prompt): Token[] {
  const bos = model.tokens.bos != null && model.tokens.shouldPrependBosToken ? [model.tokens.bos] : [];
  if (prompt.kind !== 'fim') {
    if (prompt.text.length === 0) {
      throw new LocalBackendError('generation', 'The local provider got an empty prompt (it takes codex or fim prompts, not chat messages).');
    }
    return [...bos, ...model.tokenize(prompt.text, false)];
  }
  const markers = prompt.template ? FIM_MARKERS[prompt.template] : undefined;
  if (markers && markers.some((m) => prompt.text.includes(m))) {
    return [...bos, ...wrappedFimTokens(model, prompt.text, markers, prompt.template ?? '')];
  }
  const fim = findFimTokens(model);
  if (!fim) {
    throw fimUnsupported('its tokenizer has no fill-in-the-middle tokens');
  }
  return [...bos, fim.prefix, ...model.tokenize(prompt.text, false), fim.suffix, ...model.tokenize(prompt.suffix ?? '', false), fim.middle];
}

/** A prompt already wrapped in a template's markers: the markers must be real tokens of this model. */
function wrappedFimTokens(model: LlamaModel, text: string, markers: readonly string[], template: string): Token[] {
  const missing = markers.filter((m) => text.includes(m) && singleSpecialToken(model, m) === undefined);
  if (missing.length > 0) {
    throw fimUnsupported(`its tokenizer has no ${missing.join(' ')} token (the "${template}" template)`);
  }
  return model.tokenize(text, true);
}

function fimUnsupported(why: string): LocalBackendError {
  return new LocalBackendError(
    'fimUnsupported',
    `This model cannot fill in the middle: ${why}. Choose the FIM template of your model's family, or the codex prompt style.`,
  );
}
