/**
 * "Passk: Generate Docstring": the command, its quick fix on a definition without a docstring, and the
 * diff preview shown before an existing docstring is replaced. Thin over core/docstring: this file
 * only finds the editor's targets, builds the backend and the sandbox, and applies the edit.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { createBackend, isCancelled, type Backend, type BackendConfig } from '../core/backend';
import { EchoScorer } from '../core/docstring/backTranslate';
import { generateDocstring, type GenerateOptions, type GenerateResult } from '../core/docstring/generate';
import { applyEdits, docstringEdit, type DocstringEdit } from '../core/docstring/placement';
import type { DocstringSettings, ExistingDocstringPolicy } from '../core/docstring/settings';
import { findDocTargets } from '../core/docstring/targets';
import type { OffsetRange } from '../core/types';
import type { DocTarget } from '../core/docstring/types';
import { loadModuleSourceForExecution } from '../core/python/moduleSource';
import { Sandbox } from '../core/sandbox';
import type { PasskSettings } from '../core/settings';
import type { ErrorReporter } from './errors';
import type { Log } from './log';
import { backendConfig } from './pipelineRunner';
import type { PythonInterpreter } from './python';
import type { ApiKeys } from './secrets';
import { errorMessage } from '../core/errorMessage';

/** The command's id (package.json contributes it). */
export const GENERATE_DOCSTRING_COMMAND = 'passk.generateDocstring';
const PREVIEW_SCHEME = 'passk-docstring';

/** What the command needs from the rest of the extension. */
export interface DocstringDeps {
  settings: { readonly current: PasskSettings };
  /** The `passk.docstring.*` settings now. */
  docstringSettings: () => DocstringSettings;
  keys: ApiKeys;
  python: PythonInterpreter;
  log: Log;
  errors: ErrorReporter;
  /** True when model-written code may run (Workspace Trust granted). */
  trusted(): boolean;
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
  /** Whether examples could be run (trusted workspace, execution on, Python found). */
  executed: boolean;
}

/** Registers the command, the quick fix and the preview provider; returns what to dispose. */
export function registerDocstring(context: vscode.ExtensionContext, deps: DocstringDeps): vscode.Disposable[] {
  const previews = new PreviewProvider();
  const disposables = [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(GENERATE_DOCSTRING_COMMAND, (args?: GenerateDocstringArgs) =>
      runCommand(deps, previews, args),
    ),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, new DocstringQuickFix(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  ];
  context.subscriptions.push(...disposables);
  return disposables;
}

async function runCommand(
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
    const policy = args.existing ?? deps.docstringSettings().existing;
    const chosen = await chooseResults(run.results, policy, document, text, previews);
    run.applied = await applyResults(document, text, chosen);
    reportOutcome(deps.log, run);
    return run;
  } catch (e) {
    if (!isCancelled(e)) {
      deps.errors.report(e, 'generate docstring');
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
  const sandbox = ds.examples ? await startSandbox(deps, document, text) : undefined;
  try {
    const backend = deps.createBackend
      ? deps.createBackend(config)
      : createBackend(config, { log: (l) => deps.log.debug(l), onNotice: (n) => deps.log.warn(n.message) });
    const scorer = ds.ranking === 'backTranslation' && config.provider === 'completions' ? new EchoScorer(config, { log: (l) => deps.log.debug(l) }) : undefined;
    const opts = generateOptions(s, ds, config);
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const doc = { text, eol, key: document.uri.toString(), version: document.version } as const;
    const results: GenerateResult[] = [];
    for (const target of targets) {
      results.push(await generateDocstring(doc, target, opts, { backend, scorer, sandbox, log: (l) => deps.log.debug(l) }, controller.signal));
    }
    return { results, applied: [], executed: sandbox !== undefined };
  } finally {
    cancel.dispose();
    sandbox?.dispose();
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
 * A sandbox loaded with the file's module context — only in a trusted workspace with execution on.
 * Without Python the docstring is still written, without examples.
 */
async function startSandbox(deps: DocstringDeps, document: vscode.TextDocument, text: string): Promise<Sandbox | undefined> {
  const s = deps.settings.current;
  if (!deps.trusted() || !s.execution.enabled) {
    deps.log.info('docstring: examples are not run here (untrusted workspace or execution off), so none are written');
    return undefined;
  }
  try {
    const python = await deps.python.resolve(s.python.path, document.uri);
    const moduleSource = await loadModuleSourceForExecution(text);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    const pythonPath = [folder, document.uri.scheme === 'file' ? path.dirname(document.uri.fsPath) : undefined].filter((p): p is string => !!p);
    return await Sandbox.start({ python, moduleSource, pythonPath, workers: 1 });
  } catch (e) {
    deps.log.warn(`docstring: no sandbox, so no examples: ${errorMessage(e)}`);
    return undefined;
  }
}

/** Keeps the results to apply: a target with a docstring already is replaced only when the user agrees. */
async function chooseResults(
  results: GenerateResult[],
  policy: ExistingDocstringPolicy,
  document: vscode.TextDocument,
  text: string,
  previews: PreviewProvider,
): Promise<GenerateResult[]> {
  const chosen: GenerateResult[] = [];
  for (const r of results) {
    if (!r.edit) {
      continue;
    }
    if (!r.target.docstring || policy === 'replace') {
      chosen.push(r);
    } else if (policy === 'ask' && (await confirmReplace(r, document, text, previews))) {
      chosen.push(r);
    }
  }
  return chosen;
}

/** Shows the change as a diff and asks whether to replace the existing docstring. */
async function confirmReplace(r: GenerateResult, document: vscode.TextDocument, text: string, previews: PreviewProvider): Promise<boolean> {
  const proposed = previews.put(document.uri, applyEdits(text, [r.edit!]));
  await vscode.commands.executeCommand('vscode.diff', document.uri, proposed, `${r.target.name}: current ↔ generated docstring`, {
    preview: true,
  });
  const answer = await vscode.window.showInformationMessage(
    `Passk: replace the docstring of ${r.target.name} with the generated one?`,
    'Replace',
    'Keep',
  );
  await closeTabsOf(proposed);
  return answer === 'Replace';
}

async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}

/**
 * Applies every chosen docstring as one edit (one undo step) and puts the cursor after the first.
 * When the document changed meanwhile, the targets are found again by name in the new text.
 */
async function applyResults(document: vscode.TextDocument, originalText: string, results: GenerateResult[]): Promise<string[]> {
  if (results.length === 0) {
    return [];
  }
  const text = document.getText();
  const edits = text === originalText ? results.map((r) => r.edit!) : await relocate(text, results, document.eol);
  if (edits.length === 0) {
    void vscode.window.showWarningMessage('Passk: the definitions changed while the docstring was written; run the command again.');
    return [];
  }
  const editor = await vscode.window.showTextDocument(document);
  const ok = await editor.edit((b) => {
    for (const e of edits) {
      b.replace(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    }
  });
  if (!ok) {
    return [];
  }
  const first = [...edits].sort((a, b) => a.start - b.start)[0]!;
  const cursor = document.positionAt(first.cursorOffset);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor));
  return results.map((r) => r.target.name);
}

async function relocate(text: string, results: GenerateResult[], eol: vscode.EndOfLine): Promise<DocstringEdit[]> {
  const now = await findDocTargets(text, { start: 0, end: text.length });
  const edits: DocstringEdit[] = [];
  for (const r of results) {
    const same = now.find((t) => t.name === r.target.name && t.nesting.join('.') === r.target.nesting.join('.'));
    const content = r.candidates[0]?.text;
    if (same && content !== undefined) {
      edits.push(docstringEdit(text, same, content, eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'));
    }
  }
  return edits;
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
  vscode.window.setStatusBarMessage(`Passk: docstring written for ${run.applied.join(', ') || 'nothing'}${examples}`, 5000);
}

/** Offers the command on the header of a function, method or class that has no docstring. */
class DocstringQuickFix implements vscode.CodeActionProvider {
  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const offset = document.offsetAt(range.start);
    const text = document.getText();
    const [target] = await findDocTargets(text, { start: offset, end: offset }, { key: document.uri.toString(), version: document.version });
    if (!target || target.docstring || offset > target.headerEndOffset) {
      return [];
    }
    const what = target.kind === 'class' ? 'class' : 'function';
    const action = new vscode.CodeAction(`Generate docstring for ${what} ${target.name} (Passk)`, vscode.CodeActionKind.QuickFix);
    const args: GenerateDocstringArgs = { uri: document.uri.toString(), start: offset, end: offset };
    action.command = { command: GENERATE_DOCSTRING_COMMAND, title: action.title, arguments: [args] };
    return [action];
  }
}

/** Serves the proposed text for the diff preview. */
class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Stores `text` as the proposal for `source` and returns the URI the diff shows. */
  put(source: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: source.path, query: source.toString() });
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
