/**
 * The vocabulary of "Generate Docstring" (the Codex-D task): which definition gets a docstring, in which
 * style, and what was generated for it with the reasons for its rank.
 */
import type { Docstring, ExampleResult, Param } from '../types';

/** The docstring conventions Passk writes. `plain` is PEP 257 prose with no sections. */
export type DocstringStyle = 'plain' | 'google' | 'numpy' | 'rest';

/** The style setting: a fixed style, or `auto` (the style the file already uses, else a fallback). */
export type DocstringStyleSetting = DocstringStyle | 'auto';

/** How docstring samples are ranked. */
export type DocstringRanking = 'meanLogprob' | 'backTranslation';

/** A function, method or class that can receive a docstring. */
export interface DocTarget {
  kind: 'function' | 'class';
  name: string;
  /** Offsets of the whole definition, decorators included. */
  startOffset: number;
  endOffset: number;
  /** Offset just after the colon that ends the `def`/`class` header. */
  headerEndOffset: number;
  /** Whitespace before the `def`/`class` keyword. */
  defIndent: string;
  /** Whitespace that starts each body line. */
  bodyIndent: string;
  /** The parameters a docstring documents: no `self`/`cls`, no `/` or `*` markers. For a class, its `__init__`'s. */
  params: Param[];
  /** The body returns a value (a `return x` outside nested functions); always false for a class. */
  returnsValue: boolean;
  /** The body is a generator (`yield` outside nested functions). */
  yields: boolean;
  /** Exception names the body raises directly (`raise ValueError(...)`), in order, without duplicates. */
  raises: string[];
  /** The docstring already present, if any. */
  docstring?: Docstring;
  /** Names of enclosing classes/functions, outermost first (a method has its class here). */
  nesting: string[];
  /** Offsets of the top-level statement that holds the target: the program its examples run against. */
  topLevel: { start: number; end: number };
  /** Nested inside a function: its examples cannot reach it, so none are generated. */
  insideFunction: boolean;
}

/** The sections a docstring documents, as read back from its text. */
export interface DocSections {
  /** Parameter names as written (`*args` and `args` both normalised to `args`). */
  params: string[];
  /** Whether a Returns/Yields section (or `:returns:`) is present. */
  hasReturns: boolean;
  /** Exception names listed under Raises. */
  raises: string[];
  /** Whether the text has any parameter section at all. */
  hasParamSection: boolean;
}

/** How a docstring's sections agree with the real signature. */
export interface SignatureCheck {
  /** Parameters of the signature the docstring does not document. */
  missing: string[];
  /** Names the docstring documents that the signature does not have. */
  invented: string[];
  /** Sections the code calls for that the docstring lacks, e.g. `Returns`, `Raises ValueError`. */
  missingSections: string[];
  /** Sections the code does not call for, e.g. `Returns` for a function that returns nothing. */
  extraSections: string[];
  /** True when nothing is invented and nothing is missing. */
  ok: boolean;
}

/** One generated docstring after post-processing, checking and ranking. */
export interface DocCandidate {
  /** The docstring's content: no quotes, no indentation (like `inspect.cleandoc`). */
  text: string;
  /** Position of the sample in the backend's answer. */
  index: number;
  meanLogprob?: number;
  /** log P(code | docstring), mean per token, when ranked by back-translation. */
  backTranslation?: number;
  check: SignatureCheck;
  /** The `>>>` examples as run in the sandbox (after correction); undefined when not run. */
  examples?: ExampleResult[];
  /** Why it ranks where it does, in words for the UI. */
  reasons: string[];
}
