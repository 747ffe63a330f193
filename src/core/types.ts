/**
 * The pipeline's vocabulary: context → prompt → samples → post-process → rank.
 * Every stage speaks these types; nothing here imports `vscode`.
 * Offsets are UTF-16 code units (JS string indices, VS Code offsets, tree-sitter indices).
 */

/** A half-open range `[start, end)` of UTF-16 offsets into a text (a cursor when start === end). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One parameter of a `def`, as written. */
export interface Param {
  name: string;
  /** The parameter's full source text, e.g. `x: int = 3`, `*args`, `/`. */
  text: string;
  annotation?: string;
  default?: string;
  kind: 'positional' | 'keyword' | 'varargs' | 'kwargs' | 'positional-only-marker' | 'keyword-only-marker';
}

/** A docstring as found in the source. */
export interface Docstring {
  /** Source text including prefix and quotes, e.g. `"""Add.\n    >>> f(1)\n    2\n    """`. */
  raw: string;
  /** The string's value with common indentation removed (like `inspect.cleandoc`). */
  text: string;
  /** The opening quote: `"""`, `'''`, `"` or `'` (with any string prefix such as `r`). */
  quote: string;
  startOffset: number;
  endOffset: number;
}

/** A class that encloses the function at the cursor. */
export interface ClassInfo {
  name: string;
  /** `class Name(Base):` line. */
  header: string;
  /** Signatures (`def m(self, x) -> int:`) of the class's other methods. */
  methodSignatures: string[];
  /** Decorator lines of the class (`@dataclass`), when it has any. */
  decorators?: string[];
  /** Class-level assignments and annotated fields (`x: int = 0`), verbatim, when it has any. */
  attributes?: string[];
  /** Offset where the class statement starts (decorators included). */
  startOffset?: number;
}

/** The function whose body is being completed. */
export interface FunctionInfo {
  name: string;
  isAsync: boolean;
  /** Decorator lines without indentation, e.g. `@overload`, `@app.get("/")`. */
  decorators: string[];
  params: Param[];
  returnAnnotation?: string;
  /** Source from the `def` (or `async def`) keyword to the colon that ends the signature. */
  signature: string;
  docstring?: Docstring;
  /** Whitespace before the `def` keyword. */
  defIndent: string;
  /** Whitespace that starts each body line (defIndent + one unit). */
  bodyIndent: string;
  /** The file's indentation unit: `'\t'` or N spaces. */
  indentUnit: string;
  /** Body text after the docstring up to the cursor. */
  bodySoFar: string;
  /** Offsets of the whole definition (decorators included). */
  startOffset: number;
  endOffset: number;
  /** Offset where the body starts (first statement, the docstring when present). */
  bodyStartOffset: number;
  enclosingClass?: ClassInfo;
  /** Names of the enclosing classes/functions, outermost first. */
  nesting: string[];
  /**
   * For a function nested in other functions: where the outermost enclosing function starts
   * (decorators included), so a prompt can show the closure the body may use.
   */
  enclosingFunctionStartOffset?: number;
}

/** A top-level function or class, summarized for the prompt. */
export interface DefinitionSummary {
  kind: 'function' | 'class';
  name: string;
  /** `def f(x: int) -> str:` or `class C(Base):` */
  signature: string;
  firstDocLine?: string;
}

/** What the body may use from the rest of the file. */
export interface ModuleContext {
  /** Import statements, verbatim, in file order. */
  imports: string[];
  /** Top-level constant assignments (`NAME = ...`), verbatim. */
  constants: string[];
  /** The other top-level functions and classes. */
  definitions: DefinitionSummary[];
}

/** Whether and what to complete at the cursor. */
export type Decision =
  | { kind: 'body' } // whole body right after the docstring
  | { kind: 'rest' } // the rest of a partly written body
  | { kind: 'none'; reason: string };

/** Everything the later stages know about the cursor. */
export interface CompletionContext {
  languageId: string;
  /** The document's text and the cursor offset in it. */
  text: string;
  offset: number;
  /** Text before the cursor. */
  prefix: string;
  /** Text after the cursor up to the end of the function. */
  suffixInFunction: string;
  /** Text after the function. */
  suffixAfterFunction: string;
  /** The document's line ending. */
  eol: '\n' | '\r\n';
  fn?: FunctionInfo;
  module: ModuleContext;
  decision: Decision;
}

/** A model family whose fill-in-the-middle tokens we know. */
export type FimTemplateName = 'starcoder' | 'qwen' | 'deepseek' | 'codellama' | 'codestral';

/** What is sent to the backend. */
export interface Prompt {
  kind: 'codex' | 'fim' | 'chat';
  /** For `codex`: the whole prompt; for `fim`: the prefix, already wrapped in the template's tokens. */
  text: string;
  /** FIM suffix for servers that take a separate `suffix` field. */
  suffix?: string;
  /** FIM prefix without the template's tokens, for servers that take `prompt` + `suffix` and add them. */
  prefix?: string;
  /** Stop sequences for the server (the post-processor cuts again, block-aware). */
  stop: string[];
  template?: FimTemplateName;
  /** For chat backends: the messages to send instead of `text`. */
  messages?: { role: 'system' | 'user' | 'assistant'; content: string }[];
}

/** One token of a sample, with its log-probability and its offset in the sample's text. */
export interface TokenLogprob {
  text: string;
  logprob: number;
  /** Offset of the token's first character in `Sample.text`. */
  offset: number;
}

/** One completion from a backend (and after each post-processing step). */
export interface Sample {
  text: string;
  /** Per-token log-probs aligned with `text`; undefined when the backend gave none (unscored). */
  tokens?: TokenLogprob[];
  finishReason: 'stop' | 'length' | 'cancelled' | 'unknown';
  /** Position in the backend's answer, kept for deterministic tie-breaks. */
  index: number;
}

/** Outcome of one docstring example run against one sample. */
export interface ExampleResult {
  /** The example's source, e.g. `add(1, 2)`. */
  source: string;
  expected?: string;
  got?: string;
  status: 'passed' | 'failed' | 'error' | 'timeout' | 'killed' | 'skipped';
  /** Why, as a code for programs to match (`message` is for people); see `ResultCode`. */
  code?: ResultCode;
  /** First line of the exception, or which limit killed the run. */
  message?: string;
}

/**
 * Machine-readable reasons the sandbox gives with a result that did not simply pass or fail:
 * `bad-expected-value` (the example's expected expression itself raised), `exception`, `refused` (the
 * sandbox or the kernel said no), `assertion`, `exit-called`, `timeout`, `memory-limit`, `output-limit`,
 * `cpu-limit`, `file-size-limit`, `scratch-limit`, `crashed`, `killed`, `cancelled`, `exited`,
 * `report-flood`, `report-closed`, `malformed-report`, `not-run`, `module-failed`, `isolation-unavailable`,
 * `worker-died`, `sandbox`.
 */
export type ResultCode = string;

/** A sample after ranking, with the reasons for its place. */
export interface RankedSample {
  sample: Sample;
  /** 0 = best. */
  rank: number;
  meanLogprob?: number;
  sumLogprob?: number;
  /** How many samples were merged into this one as duplicates (itself included). */
  votes: number;
  examples?: ExampleResult[];
  passed?: number;
  failed?: number;
  /** Id of the group of samples that behave the same on the examples' inputs. */
  agreementGroup?: number;
  agreementScore?: number;
  /** Per model-written test (in the order ranking was given them): whether this sample passes it. */
  modelTests?: boolean[];
  /** Index of the sample's consensus set (dual agreement, best first); undefined when it passes no test. */
  consensusSet?: number;
  /** Its consensus set's score: weighted tests passed × √samples (CodeT); 0 when it passes no test. */
  dualScore?: number;
  /** Empty, a stub (`pass`, `...`) or repetitive text. */
  degenerate?: boolean;
  /** Ran at least one input to a value (undefined when nothing ran). */
  executable?: boolean;
  /** Raised (or timed out) on one of the docstring's examples. */
  raisedOnExamples?: boolean;
  /** Id of the behaviour cluster: samples with the same outputs on the kept generated inputs and examples. */
  cluster?: number;
  /** The cluster's weight (votes, times probability mass when scored); 0 for degenerate samples. */
  clusterScore?: number;
  /** How many samples (votes) the cluster holds. */
  clusterSize?: number;
  /**
   * How much the other clusters agree with this one: Σ over the other counted samples of the share of kept
   * generated inputs on which they give the same output (SRank's functional overlap); 0 when not counted.
   */
  clusterOverlap?: number;
  /** The same sum over the other counted samples that pass as many examples and raise on them alike (what `auto` reads). */
  tierOverlap?: number;
  /** How many kept generated inputs the sample raised (or timed out) on: the same for a whole cluster. */
  clusterRaises?: number;
  /** The sample's output on each kept generated input, for the panel. */
  behaviour?: { input: string; output: string }[];
  /** Which ranker decided, in words, for the UI: e.g. `passed 3/3 examples`, `mean log-prob -0.21`. */
  reasons: string[];
}

/** The ranking strategies a user can pick. */
export type { RankingMode } from './rank/rankers';
