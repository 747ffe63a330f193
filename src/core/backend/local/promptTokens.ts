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
  const wrapped = markers !== undefined && markers.some((m) => prompt.text.includes(m));
  if (wrapped && markers.every((m) => !prompt.text.includes(m) || singleSpecialToken(model, m) !== undefined)) {
    return [...bos, ...model.tokenize(prompt.text, true)]; // the template is this model's: keep its exact layout
  }
  // Otherwise use the model's own FIM tokens around the bare prefix and suffix (the template may be
  // another family's: the local provider knows the model, so the user's template choice cannot be wrong here).
  const prefix = prompt.prefix ?? (wrapped ? undefined : prompt.text);
  const fim = findFimTokens(model);
  if (!fim || prefix === undefined) {
    const missing = markers?.filter((m) => prompt.text.includes(m) && singleSpecialToken(model, m) === undefined) ?? [];
    throw fimUnsupported(
      fim ? `the prompt carries ${missing.join(' ')} and no bare prefix` : `its tokenizer has no fill-in-the-middle tokens${missing.length ? ` (nor ${missing.join(' ')})` : ''}`,
    );
  }
  const suffix = prompt.suffix ?? '';
  return [...bos, fim.prefix, ...model.tokenize(prefix, false), fim.suffix, ...model.tokenize(suffix, false), fim.middle];
}

function fimUnsupported(why: string): LocalBackendError {
  return new LocalBackendError(
    'fimUnsupported',
    `This model cannot fill in the middle: ${why}. Choose the FIM template of your model's family, or the codex prompt style.`,
  );
}
