/**
 * Generate Docstring, end to end for one target: prompt → n samples → docstrings → signature check →
 * ranking (mean log-prob or back-translation) → the best one's `>>>` examples run and corrected →
 * the edit that puts it in place. The VS Code command and tests call this; it never touches an editor.
 */
import type { Backend, SampleOptions } from '../backend/backend';
import type { Sandbox } from '../sandbox';
import type { RunExamplesRequest } from '../sandbox/api';
import type { FimTemplateName, Prompt } from '../types';
import type { TextScorer } from './backTranslate';
import { applyExampleResults, parseExamples, type ExampleFixReport } from './examples';
import { docstringEdit, type DocstringEdit } from './placement';
import { backTranslationText, buildDocstringPrompt } from './prompt';
import { rankDocCandidates, type RankInput } from './rank';
import { docFromChat, docFromCompletion, meanTokenLogprob, type DocSample } from './samples';
import { checkSignature } from './signatureCheck';
import { resolveStyle } from './style';
import { moduleContextFor } from './targets';
import type { DocCandidate, DocstringRanking, DocstringStyle, DocstringStyleSetting, DocTarget } from './types';
import { throwIfAborted } from '../abort';

/** What checking a generated docstring's examples needs from the sandbox: run them (a `Sandbox` fits). */
export type ExampleCheckSandbox = Pick<Sandbox, 'runExamples'>;

/** How to generate. */
export interface GenerateOptions {
  style: DocstringStyleSetting;
  fallbackStyle: DocstringStyle;
  ranking: DocstringRanking;
  /** Ask for `>>>` examples; only honoured when a sandbox is given. */
  examples: boolean;
  sampling: SampleOptions;
  /** `chat` for chat backends, `fim` (with `fimTemplate`) for a hole before the body, else `codex`. */
  promptKind: 'codex' | 'fim' | 'chat';
  fimTemplate?: FimTemplateName;
  budgetChars?: number;
  exampleTimeoutMs?: number;
}

/** What generation uses; the sandbox is absent when execution is not allowed (untrusted workspace, setting). */
export interface GenerateDeps {
  backend: Backend;
  scorer?: TextScorer;
  sandbox?: ExampleCheckSandbox;
  log?: (line: string) => void;
}

/** The document being edited. */
export interface DocInput {
  text: string;
  eol: '\n' | '\r\n';
  /** Parse-tree cache identity (URI and version). */
  key?: string;
  version?: number;
}

/** The outcome for one target. */
export interface GenerateResult {
  target: DocTarget;
  style: DocstringStyle;
  prompt: Prompt;
  /** Ranked, best first. */
  candidates: DocCandidate[];
  /** The edit that inserts (or replaces with) the best docstring; undefined when no sample was usable. */
  edit?: DocstringEdit;
  /** What happened to the best docstring's examples. */
  exampleReport?: ExampleFixReport;
  /** Things the user should know (e.g. the server cannot back-translate). */
  notices: string[];
}

/** Generates, ranks and places a docstring for `target`. */
export async function generateDocstring(
  doc: DocInput,
  target: DocTarget,
  opts: GenerateOptions,
  deps: GenerateDeps,
  signal?: AbortSignal,
): Promise<GenerateResult> {
  const style = resolveStyle(opts.style, doc.text, opts.fallbackStyle);
  const module = await moduleContextFor(doc.text, target, { key: doc.key, version: doc.version });
  const checkExamples = opts.examples && deps.sandbox !== undefined && !target.insideFunction;
  const input = { text: doc.text, target, module, style, examples: checkExamples, kind: opts.promptKind, fimTemplate: opts.fimTemplate, budgetChars: opts.budgetChars };
  const prompt = buildDocstringPrompt(input);
  const samples = await deps.backend.sample(prompt, opts.sampling, signal);
  throwIfAborted(signal);
  const read = opts.promptKind === 'chat' ? docFromChat : docFromCompletion;
  const docs = samples.map(read).filter((d): d is DocSample => d !== undefined);
  const notices: string[] = [];
  const candidates = docs.map((d) => toCandidate(d, target, style, checkExamples));
  if (opts.ranking === 'backTranslation') {
    await backTranslate(candidates, input, deps, notices, signal);
  }
  const ranked = rankDocCandidates(candidates);
  const result: GenerateResult = { target, style, prompt, candidates: ranked, notices };
  const best = ranked[0];
  if (!best) {
    return result;
  }
  if (checkExamples && parseExamples(best.text).length > 0) {
    result.exampleReport = await checkBestExamples(best, doc.text, target, deps.sandbox!, opts.exampleTimeoutMs, signal);
  }
  result.edit = docstringEdit(doc.text, target, best.text, doc.eol);
  return result;
}

function toCandidate(d: DocSample, target: DocTarget, style: DocstringStyle, keepExamples: boolean): RankInput {
  // Examples that cannot be run are never shown: an unchecked expected value may be wrong.
  const text = keepExamples ? d.text : applyExampleResults(d.text, []).content;
  const c: RankInput = { text, index: d.sample.index, check: checkSignature(text, target, style), reasons: [], truncated: d.truncated };
  const mean = meanTokenLogprob(d.sample);
  if (mean !== undefined) {
    c.meanLogprob = mean;
  }
  return c;
}

async function backTranslate(
  candidates: RankInput[],
  input: Parameters<typeof backTranslationText>[0],
  deps: GenerateDeps,
  notices: string[],
  signal?: AbortSignal,
): Promise<void> {
  if (!deps.scorer) {
    notices.push('This backend cannot score a given text, so docstrings are ranked by mean log-prob.');
    return;
  }
  for (const c of candidates) {
    const { context, continuation } = backTranslationText(input, c.text);
    const score = await deps.scorer.score(context, continuation, signal);
    throwIfAborted(signal);
    if (score === undefined) {
      candidates.forEach((x) => delete x.backTranslation);
      notices.push('The server does not return log-probs for a given text (echo), so docstrings are ranked by mean log-prob.');
      return;
    }
    c.backTranslation = score;
  }
}

/** Runs the best docstring's examples against the real code and rewrites them to the real output. */
async function checkBestExamples(
  best: DocCandidate,
  text: string,
  target: DocTarget,
  sandbox: ExampleCheckSandbox,
  timeoutMs: number | undefined,
  signal?: AbortSignal,
): Promise<ExampleFixReport> {
  const program = text.slice(target.topLevel.start, target.topLevel.end);
  const req: RunExamplesRequest = { program, docstring: best.text };
  if (timeoutMs !== undefined) {
    req.timeoutMs = timeoutMs;
  }
  const results = await sandbox.runExamples(req, signal);
  throwIfAborted(signal);
  const { content, report } = applyExampleResults(best.text, results);
  best.text = content;
  best.examples = results;
  best.reasons.push(`examples: ${report.kept} passed, ${report.corrected} corrected, ${report.dropped} dropped`);
  return report;
}
