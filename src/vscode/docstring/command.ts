/**
 * "Passk: Generate Docstring", the command: finds the editor's targets, generates with core/docstring
 * (backend from the settings, sandbox from the execution service), then lets confirm.ts choose and
 * apply.ts write the results.
 */
import * as vscode from 'vscode';
import { backendConfig, createBackend, isCancelled, type Backend, type BackendConfig } from '../../core/backend';
import { echoScorerFor } from '../../core/docstring/backTranslate';
import { generateDocstring, type ExampleCheckSandbox, type GenerateOptions, type GenerateResult } from '../../core/docstring/generate';
import type { DocstringSettings, ExistingDocstringPolicy } from '../../core/docstring/settings';
import { findDocTargets } from '../../core/docstring/targets';
import type { DocTarget } from '../../core/docstring/types';
import { errorMessage } from '../../core/errorMessage';
import { loadModuleSourceForExecution } from '../../core/python/moduleSource';
import type { PasskSettings } from '../../core/settings';
import type { OffsetRange } from '../../core/types';
import type { ExecutionService } from '../engine/execution';
import type { ErrorReporter } from '../errors';
import type { Log } from '../log';
import type { ApiKeys } from '../secrets';
import { applyResults } from './apply';
import { chooseResults } from './confirm';
import type { PreviewProvider } from './preview';

/** The command's id (package.json contributes it). */
export const GENERATE_DOCSTRING_COMMAND = 'passk.generateDocstring';

/** What the command needs from the rest of the extension. */
export interface DocstringDeps {
  settings: { readonly current: PasskSettings };
  /** The `passk.docstring.*` settings now. */
  docstringSettings: () => DocstringSettings;
  keys: ApiKeys;
  /** The editor's sandboxes (shared with completion ranking); it knows whether execution is allowed. */
  execution: ExecutionService;
  log: Log;
  errors: ErrorReporter;
  /** Builds the backend (pass the completion side's factory so `local` GGUF works); default `createBackend`. */
  createBackend?: (config: BackendConfig) => Backend;
}

/** Optional arguments of the command (the quick fix and tests pass them). */
export interface GenerateDocstringArgs {
  /** The document (defaults to the active editor's). */
  uri?: string;
  /** Offsets to document instead of the editor's selections. */
  start?: number;
  end?: number;
  /** Overrides `passk.docstring.existing` for this run. */
  existing?: ExistingDocstringPolicy;
}

/** What one run did, for tests and the log. */
export interface DocstringRunReport {
  results: GenerateResult[];
  /** Names of the targets whose docstring went in. */
  applied: string[];
  /** Names of the targets whose existing docstring the user kept. */
  kept: string[];
  /** What the status bar said at the end. */
  summary?: string;
  /** Whether examples could be run (trusted workspace, execution on, Python found). */
  executed: boolean;
}

export async function runCommand(
  deps: DocstringDeps,
  previews: PreviewProvider,
  args: GenerateDocstringArgs = {},
): Promise<DocstringRunReport | undefined> {
  const editor = await editorFor(args.uri);
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('Passk: open a Python file and put the cursor in a function, method or class.');
    return undefined;
  }
  const document = editor.document;
  const text = document.getText();
  const targets = await targetsFor(editor, text, args);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Passk: put the cursor in a function, method or class to document it.');
    return undefined;
  }
  try {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: progressTitle(targets), cancellable: true },
      (_progress, token) => generateAll(deps, document, text, targets, token),
    );
    deps.errors.succeeded(); // the backend answered: a completion error shown before no longer stands
    const policy = args.existing ?? deps.docstringSettings().existing;
    const chosen = await chooseResults(run.results, policy, document, text, previews);
    run.kept = run.results.filter((r) => r.edit && !chosen.includes(r)).map((r) => r.target.name);
    run.applied = await applyResults(document, text, chosen);
    reportOutcome(deps.log, run);
    return run;
  } catch (e) {
    if (!isCancelled(e)) {
      deps.errors.report(e, 'generate docstring', { explicit: true });
    }
    return undefined;
  }
}

async function editorFor(uri: string | undefined): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (!uri || active?.document.uri.toString() === uri) {
    return active;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  return vscode.window.showTextDocument(document);
}

/** The targets of every selection (or of the offsets passed in), without duplicates, in file order. */
async function targetsFor(editor: vscode.TextEditor, text: string, args: GenerateDocstringArgs): Promise<DocTarget[]> {
  const document = editor.document;
  const ranges: OffsetRange[] =
    args.start !== undefined
      ? [{ start: args.start, end: args.end ?? args.start }]
      : editor.selections.map((s) => ({ start: document.offsetAt(s.start), end: document.offsetAt(s.end) }));
  const id = { key: document.uri.toString(), version: document.version };
  const found = (await Promise.all(ranges.map((r) => findDocTargets(text, r, id)))).flat();
  const unique = new Map(found.map((t) => [t.startOffset, t]));
  return [...unique.values()].sort((a, b) => a.startOffset - b.startOffset);
}

function progressTitle(targets: DocTarget[]): string {
  return targets.length === 1
    ? `Passk: writing a docstring for ${targets[0]!.name}`
    : `Passk: writing docstrings for ${targets.length} definitions`;
}

/** Generates for each target in turn, with one sandbox for the run when execution is allowed. */
async function generateAll(
  deps: DocstringDeps,
  document: vscode.TextDocument,
  text: string,
  targets: DocTarget[],
  token: vscode.CancellationToken,
): Promise<DocstringRunReport> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  const s = deps.settings.current;
  const ds = deps.docstringSettings();
  const config = backendConfig(s, await deps.keys.get(s.backend.preset));
  const sandbox = ds.examples ? await sandboxFor(deps, document, text) : undefined;
  try {
    const backend = deps.createBackend
      ? deps.createBackend(config)
      : createBackend(config, { log: (l) => deps.log.debug(l), onNotice: (n) => deps.log.warn(n.message) });
    const scorer = ds.ranking === 'backTranslation' ? echoScorerFor(backend) : undefined;
    const opts = generateOptions(s, ds, config);
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const doc = { text, eol, key: document.uri.toString(), version: document.version } as const;
    const results: GenerateResult[] = [];
    for (const target of targets) {
      results.push(await generateDocstring(doc, target, opts, { backend, scorer, sandbox, log: (l) => deps.log.debug(l) }, controller.signal));
    }
    return { results, applied: [], kept: [], executed: sandbox !== undefined };
  } finally {
    cancel.dispose(); // the sandbox stays with the execution service, for the next run and for ranking
  }
}

function generateOptions(s: PasskSettings, ds: DocstringSettings, config: BackendConfig): GenerateOptions {
  return {
    style: ds.style,
    fallbackStyle: ds.fallbackStyle,
    ranking: ds.ranking,
    examples: ds.examples,
    sampling: { n: ds.n, temperature: s.sampling.temperature, topP: s.sampling.topP, maxTokens: ds.maxTokens },
    promptKind: config.provider === 'chat' ? 'chat' : s.prompt.style,
    fimTemplate: s.prompt.fimTemplate,
    budgetChars: s.prompt.contextBudgetChars,
    exampleTimeoutMs: s.ranking.timeoutMs,
  };
}

/**
 * The document's sandbox from the execution service, loaded with the file's module context — only when
 * execution is allowed (trusted workspace, execution on). Without Python the docstring is still written,
 * without examples.
 */
async function sandboxFor(deps: DocstringDeps, document: vscode.TextDocument, text: string): Promise<ExampleCheckSandbox | undefined> {
  if (!deps.execution.allowed()) {
    deps.log.info('docstring: examples are not run here (untrusted workspace or execution off), so none are written');
    return undefined;
  }
  try {
    return await deps.execution.sandboxFor(document.uri.toString(), await loadModuleSourceForExecution(text));
  } catch (e) {
    deps.log.warn(`docstring: no sandbox, so no examples: ${errorMessage(e)}`);
    return undefined;
  }
}

function reportOutcome(log: Log, run: DocstringRunReport): void {
  for (const r of run.results) {
    const best = r.candidates[0];
    log.info(`docstring ${r.target.name}: ${r.style} style, ${r.candidates.length} candidates; best: ${best?.reasons.join('; ') ?? 'none'}`);
    for (const notice of r.notices) {
      log.warn(notice);
    }
  }
  const notices = [...new Set(run.results.flatMap((r) => r.notices))];
  if (notices.length > 0) {
    void vscode.window.showInformationMessage(`Passk: ${notices.join(' ')}`);
  }
  const fixed = run.results.map((r) => r.exampleReport).filter((x) => x !== undefined);
  const corrected = fixed.reduce((n, x) => n + x.corrected, 0);
  const dropped = fixed.reduce((n, x) => n + x.dropped, 0);
  const examples = corrected + dropped > 0 ? ` (examples run: ${corrected} corrected, ${dropped} dropped)` : '';
  const keptNote = run.kept.length > 0 ? `kept the docstring of ${run.kept.join(', ')}` : '';
  run.summary =
    run.applied.length > 0
      ? `Passk: docstring written for ${run.applied.join(', ')}${examples}${keptNote ? `; ${keptNote}` : ''}`
      : `Passk: nothing changed${keptNote ? `: ${keptNote}` : ''}.`;
  vscode.window.setStatusBarMessage(run.summary, 5000);
}

