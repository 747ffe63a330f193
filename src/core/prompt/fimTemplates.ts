/**
 * Fill-in-the-middle templates: how each code-model family marks prefix, suffix and the hole.
 * The model writes the middle after the returned text.
 */
import type { FimTemplateName } from '../types';

/** Wraps prefix and suffix in one family's FIM tokens. */
export type FimTemplate = (prefix: string, suffix: string) => string;

/** Token spellings as the models' tokenizers define them (PSM order unless noted). */
export const FIM_TEMPLATES: Readonly<Record<FimTemplateName, FimTemplate>> = {
  starcoder: (p, s) => `<fim_prefix>${p}<fim_suffix>${s}<fim_middle>`,
  qwen: (p, s) => `<|fim_prefix|>${p}<|fim_suffix|>${s}<|fim_middle|>`,
  // Full-width bars and the "▁" (U+2581) are part of DeepSeek-Coder's special tokens.
  deepseek: (p, s) => `<｜fim▁begin｜>${p}<｜fim▁hole｜>${s}<｜fim▁end｜>`,
  // Code Llama's infilling format, spaces included (as ollama and the reference code send it).
  codellama: (p, s) => `<PRE> ${p} <SUF>${s} <MID>`,
  // Codestral (Mistral) puts the suffix first (SPM order).
  codestral: (p, s) => `[SUFFIX]${s}[PREFIX]${p}`,
};

/** The template names, for settings and CLI validation. */
export const FIM_TEMPLATE_NAMES = Object.keys(FIM_TEMPLATES) as FimTemplateName[];

/** True when `name` is a known template. */
export function isFimTemplateName(name: string): name is FimTemplateName {
  return Object.prototype.hasOwnProperty.call(FIM_TEMPLATES, name);
}
