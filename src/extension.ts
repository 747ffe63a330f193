/**
 * Passk's entry point: builds the VS Code layer's objects, wires them by hand and pushes every
 * disposable to the extension context. Nothing else happens here.
 */
import * as vscode from 'vscode';
import type { PipelineResult } from './core/pipeline';
import { getParser } from './core/python/parser';
import { CandidatesPanel } from './vscode/candidatesPanel';
import { registerCommands } from './vscode/commands';
import { CompletionController } from './vscode/completionController';
import { registerDocstring } from './vscode/docstring';
import type { EngineStats } from './vscode/engine/completionEngine';
import { ErrorReporter } from './vscode/errors';
import { createExecutionService } from './vscode/execution';
import { createLog } from './vscode/log';
import { menuEntries, selectBackend, selectRanking, setApiKey, showMenu, type MenuEntry } from './vscode/menus';
import { PipelineService } from './vscode/pipelineRunner';
import { PythonInterpreter } from './vscode/python';
import { ApiKeys } from './vscode/secrets';
import { Settings } from './vscode/settings';
import { StatusBar, type StatusState } from './vscode/statusBar';
import { FileToggles } from './vscode/toggles';
import { errorMessage } from './core/errorMessage';

/** What `activate` returns: read by the integration tests. */
export interface PasskApi {
  /** How many times the inline provider was asked for items. */
  providerCalls(): number;
  /** The engine's counters (requests, cache hits, typing-through, cancelled). */
  stats(): EngineStats;
  /** What the status bar shows. */
  status(): { state: StatusState; text: string };
  /** The status menu's entries now. */
  menu(): MenuEntry[];
  /** How many distinct errors were notified. */
  notifiedErrors(): number;
  /** Whether ranking may run samples now. */
  executionAllowed(): boolean;
  /** The last answer the inline provider gave: source, texts best first, and the pipeline result. */
  lastAnswer(): { source: string; texts: string[]; result?: PipelineResult } | undefined;
  /** The open candidates panel, if any. */
  candidatesPanel(): CandidatesPanel | undefined;
}

/** Called by VS Code when a Python file opens. */
export function activate(context: vscode.ExtensionContext): PasskApi {
  const keys = new ApiKeys(context.secrets);
  const log = createLog(() => keys.known());
  const settings = new Settings();
  const python = new PythonInterpreter(log);
  const status = new StatusBar();
  const errors = new ErrorReporter(log, () => keys.known());
  const toggles = new FileToggles(context.workspaceState);
  const trusted = (): boolean => vscode.workspace.isTrusted;
  const execution = createExecutionService({ settings, python, log, trusted });
  const service = new PipelineService({ settings, keys, log, execution });
  const showPanel = (document: vscode.TextDocument, result: PipelineResult, version: number): CandidatesPanel =>
    CandidatesPanel.show(
      context.extensionUri,
      { result, target: { uri: document.uri, version } },
      { log: (m) => log.info(m), onDidInsert: () => controller.engine.clear() },
    );
  const controller = new CompletionController({
    settings,
    service,
    status,
    errors,
    toggles,
    trusted,
    onResult: (document, result) => {
      if (CandidatesPanel.current) {
        showPanel(document, result, document.version);
      }
    },
  });

  const showCandidates = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python') {
      void vscode.window.showInformationMessage('Passk: open a Python file and place the cursor in a function.');
      return;
    }
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Passk: sampling', cancellable: false },
      () => controller.completeNow(editor),
    );
    if (!found) {
      void vscode.window.showInformationMessage('Passk: nothing to complete at the cursor.');
      return;
    }
    showPanel(editor.document, found.result, found.version);
  };

  context.subscriptions.push(
    log,
    settings,
    keys,
    python,
    status,
    toggles,
    execution,
    service,
    controller,
    vscode.languages.registerInlineCompletionItemProvider(
      [{ language: 'python' }, { notebookType: '*', language: 'python' }],
      controller.provider,
    ),
    ...registerCommands({
      'passk.trigger': () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'),
      'passk.toggle': () => settings.update('enabled', !settings.current.enabled),
      'passk.toggleForFile': async () => {
        const editor = vscode.window.activeTextEditor;
        if (editor) {
          await toggles.toggle(editor.document.uri);
        }
      },
      'passk.selectBackend': () => selectBackend(settings),
      'passk.setApiKey': () => setApiKey(settings, keys),
      'passk.selectRanking': () => selectRanking(settings),
      'passk.showCandidates': showCandidates,
      'passk.showLog': () => log.show(),
      'passk.showMenu': () => showMenu(currentMenu()),
      'passk.openSettings': () => Settings.open(),
    }),
    settings.onDidChange((s) => {
      log.info('settings changed: cache cleared');
      controller.reset(s);
    }),
    keys.onDidChange(() => controller.reset()),
    python.onDidChange(() => controller.reset()),
    toggles.onDidChange(() => controller.refreshStatus()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: ranking may now run docstring examples');
      controller.reset();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => controller.refreshStatus()),
    vscode.workspace.onDidCloseTextDocument((d) => {
      controller.engine.forget(d.uri.toString());
      execution.forget(d.uri.toString());
    }),
  );

  function currentMenu(): MenuEntry[] {
    const editor = vscode.window.activeTextEditor;
    return menuEntries({
      enabled: settings.current.enabled,
      fileDisabled: editor ? toggles.isDisabled(editor.document.uri) : false,
      hasEditor: !!editor,
      preset: settings.current.backend.api === 'local' ? 'local' : settings.current.backend.preset,
      ranking: settings.current.ranking.mode,
    });
  }

  // Generate Docstring pushes its own disposables; it shares the completion side's backend (a local model loads once).
  registerDocstring(context, {
    settings,
    docstringSettings: () => settings.current.docstring,
    keys,
    execution,
    log,
    errors,
    createBackend: (config) => service.backendForConfig(config),
  });

  controller.refreshStatus();
  // Load the grammar now, so the first completion does not wait for it.
  getParser().catch((e: unknown) => log.error(`the Python parser failed to load: ${errorMessage(e)}`));
  log.info(`Passk activated (VS Code ${vscode.version}, ${trusted() ? 'trusted' : 'restricted mode'})`);
  return {
    providerCalls: () => controller.provider.calls,
    stats: () => ({ ...controller.engine.stats }),
    status: () => ({ state: status.state, text: status.text }),
    menu: currentMenu,
    notifiedErrors: () => errors.notified,
    executionAllowed: () => service.executionAllowed(),
    lastAnswer: () => controller.lastAnswer,
    candidatesPanel: () => CandidatesPanel.current,
  };
}

/** Nothing to do: every resource is in `context.subscriptions`. */
export function deactivate(): void {}
