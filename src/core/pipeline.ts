/**
 * The one orchestrator: context → prompt → samples → post-process → rank.
 * The editor, the candidates panel and the evaluator all call `runPipeline`.
 */
import type { CompletionContext, Prompt, RankedSample, Sample } from './types';

/** A document position to complete. */
export interface PipelineRequest {
  text: string;
  offset: number;
  languageId?: string;
  /** Identifies the document for the parse-tree cache (URI), with its version. */
  documentKey?: string;
  version?: number;
}

/** What one run produced, stage by stage, for the UI and for debugging. */
export interface PipelineResult {
  context: CompletionContext;
  prompt?: Prompt;
  /** Post-processed samples in backend order. */
  samples: Sample[];
  /** Ranked best first; empty when the decision was `none`. */
  ranked: RankedSample[];
}
