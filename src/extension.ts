/**
 * Passk's entry point: builds the VS Code layer's objects, wires them by hand and pushes every
 * disposable to the extension context. Nothing else happens here.
 */
import * as vscode from 'vscode';
import { backendConfig, findPreset } from './core/backend';
import type { PipelineResult } from './core/pipeline';
import { getParser } from './core/python/parser';
import { selectBackend, testBackend, type BackendAnswers, type BackendFlowDeps } from './vscode/backendFlow';
import { CandidatesPanel, type CandidatesData } from './vscode/candidatesPanel';
import { registerCommands } from './vscode/commands';
import { CompletionController } from './vscode/completionController';
import { registerDocstring } from './vscode/docstring';
import type { EngineStats } from './vscode/engine/completionEngine';
import { ErrorReporter } from './vscode/errors';
import { createExecutionService } from './vscode/execution';
import { createLog } from './vscode/log';
import { menuEntries, pickSnoozeMinutes, selectRanking, setApiKey, showMenu, type MenuEntry } from './vscode/menus';
import { PipelineService } from './vscode/pipelineRunner';
import { PythonInterpreter } from './vscode/python';
import { ApiKeys } from './vscode/secrets';
import { Settings } from './vscode/settings';
import { StatusBar, type StatusState } from './vscode/statusBar';
import { FileToggles, Snooze } from './vscode/toggles';
import { errorMessage } from './core/errorMessage';

/** What `activate` returns: read by the integration tests. */
export interface PasskApi {
  /** How many times the inline provider was asked for items. */
  providerCalls(): number;
  /** The engine's counters (requests, cache hits, typing-through, cancelled). */
  stats(): EngineStats;
  /** What the status bar shows. */
  status(): { state: StatusState; text: string; tooltip: string };
  /** The status menu's entries now. */
  menu(): MenuEntry[];
  /** How many error notifications were shown. */
  notifiedErrors(): number;
  /** The last error notification's text. */
  lastErrorNotification(): string | undefined;
  /** Whether ranking may run samples now. */
  executionAllowed(): boolean;
  /** The last answer the inline provider gave: source, texts best first, and the pipeline result. */
  lastAnswer(): { source: string; texts: string[]; result?: PipelineResult } | undefined;
  /** The candidates panel (open or not). */
  candidatesPanel(): CandidatesPanel;
}

/** Called by VS Code when a Python file opens. */
export function activate(context: vscode.ExtensionContext): PasskApi {
  const keys = new ApiKeys(context.secrets);
  const log = createLog(() => keys.known());
  const settings = new Settings();
  const python = new PythonInterpreter(log);
  const status = new StatusBar();
  const errors = new ErrorReporter(log, () => keys.known(), () => unchosenBackend());
  const toggles = new FileToggles(context.workspaceState);
  const snooze = new Snooze(context.globalState);
  const trusted = (): boolean => vscode.workspace.isTrusted;
  const execution = createExecutionService({ settings, python, log, trusted });
  const service = new PipelineService({ settings, keys, log, execution });
  const panel = new CandidatesPanel(context.extensionUri, { log: (m) => log.info(m), onDidInsert: () => controller.engine.clear() });
  const controller = new CompletionController({
    settings,
    service,
    status,
    errors,
    toggles,
    snooze,
    trusted,
    onResult: (document, result) => {
      // an open panel follows the latest result without taking the focus from the editor
      panel.update({ result, target: { uri: document.uri, version: document.version } });
    },
  });

  /** Names the default preset while the user has not chosen a backend (the first error says where it came from). */
  function unchosenBackend(): string | undefined {
    const touched = ['backend.preset', 'backend.baseUrl', 'backend.model', 'backend.api'].some((k) => settings.isSet(k));
    if (touched) {
      return undefined;
    }
    const preset = findPreset(settings.current.backend.preset);
    return preset ? `the default ${preset.label} preset (${preset.baseUrl})` : undefined;
  }

  const showCandidates = async (): Promise<CandidatesData | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python') {
      void vscode.window.showInformationMessage('Passk: open a Python file and place the cursor in a function.');
      return undefined;
    }
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Passk: sampling', cancellable: false },
      () => controller.completeNow(editor),
    );
    const data = found && panelData(editor.document, found.result, found.version);
    if (!data) {
      void vscode.window.showInformationMessage('Passk: nothing to complete at the cursor.');
      return undefined;
    }
    panel.show(data);
    return data;
  };

  /**
   * What the panel shows for a run at the cursor: the run itself when it ranked samples, else the ranking
   * kept for the same function (after an accept the function has a body, and the panel explains the choice).
   */
  function panelData(document: vscode.TextDocument, result: PipelineResult, version: number): CandidatesData | undefined {
    if (result.ranked.length > 0) {
      return { result, target: { uri: document.uri, version } };
    }
    const kept = controller.keptRankingFor(document.uri.toString(), result);
    if (!kept) {
      return result.context.decision.kind === 'none' ? undefined : { result };
    }
    return { result: kept.result, kept: { acceptedRank: kept.acceptedRank } };
  }

  const backendDeps: BackendFlowDeps = {
    settings,
    keys,
    log,
    errors,
    currentConfig: async () => backendConfig(settings.current, await keys.get(settings.current.backend.preset)),
  };

  const snoozeFor = async (minutes?: unknown): Promise<void> => {
    const chosen = typeof minutes === 'number' ? minutes : await pickSnoozeMinutes();
    if (chosen === undefined) {
      return;
    }
    await snooze.set(chosen);
    log.info(chosen > 0 ? `completions snoozed for ${chosen} minutes` : 'completions resumed');
  };

  const cycle = async (delta: number): Promise<void> => {
    controller.cycle(delta);
    await vscode.commands.executeCommand(delta > 0 ? 'editor.action.inlineSuggest.showNext' : 'editor.action.inlineSuggest.showPrevious');
  };

  context.subscriptions.push(
    log,
    settings,
    keys,
    python,
    status,
    errors,
    toggles,
    execution,
    snooze,
    service,
    controller,
    panel,
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
      'passk.selectBackend': (answers?: unknown) => selectBackend(backendDeps, (answers ?? {}) as BackendAnswers),
      'passk.testBackend': () => testBackend(backendDeps),
      'passk.setApiKey': () => setApiKey(settings.current.backend.preset, keys),
      'passk.selectRanking': () => selectRanking(settings),
      'passk.showCandidates': showCandidates,
      'passk.showLog': () => log.show(),
      'passk.showMenu': () => showMenu(currentMenu()),
      'passk.openSettings': () => Settings.open(),
      'passk.snooze': snoozeFor,
      'passk.showNext': () => cycle(1),
      'passk.showPrevious': () => cycle(-1),
      'passk.accepted': (documentKey: unknown, sampleText: unknown) => {
        if (typeof documentKey === 'string' && typeof sampleText === 'string') {
          controller.accepted(documentKey, sampleText);
        }
      },
    }),
    settings.onDidChange((s) => {
      log.info('settings changed: cache cleared');
      warnRejected();
      controller.reset(s);
    }),
    errors.onDidChange(() => controller.refreshStatus()),
    snooze.onDidChange(() => controller.refreshStatus()),
    keys.onDidChange(() => controller.reset()),
    python.onDidChange(() => controller.reset()),
    toggles.onDidChange(() => controller.refreshStatus()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: ranking may now run docstring examples');
      controller.reset();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => controller.refreshStatus()),
    vscode.workspace.onDidCloseTextDocument((d) => {
      controller.forget(d.uri.toString());
      execution.forget(d.uri.toString());
    }),
  );

  function currentMenu(): MenuEntry[] {
    const editor = vscode.window.activeTextEditor;
    return menuEntries({
      enabled: settings.current.enabled,
      fileDisabled: editor ? toggles.isDisabled(editor.document.uri) : false,
      hasEditor: !!editor,
      pythonEditor: editor?.document.languageId === 'python',
      preset: settings.current.backend.api === 'local' ? 'local' : settings.current.backend.preset,
      ranking: settings.current.ranking.mode,
      snoozedUntilMs: snooze.until,
    });
  }

  /** Says once per distinct bad value that a setting was not usable (a typo in the preset, say) and what applies instead. */
  const warned = new Set<string>();
  function warnRejected(): void {
    for (const r of Settings.rejected()) {
      const key = `${r.key}=${JSON.stringify(r.value)}`;
      if (!warned.has(key)) {
        warned.add(key);
        const message = `passk.${r.key} is ${JSON.stringify(r.value)}, which Passk cannot use; it uses ${JSON.stringify(r.used)} instead.`;
        log.warn(message);
        void vscode.window.showWarningMessage(`Passk: ${message}`, 'Open Settings').then((picked) => picked && Settings.open(`passk.${r.key}`));
      }
    }
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

  warnRejected();
  controller.refreshStatus();
  // Load the grammar now, so the first completion does not wait for it.
  getParser().catch((e: unknown) => log.error(`the Python parser failed to load: ${errorMessage(e)}`));
  log.info(`Passk activated (VS Code ${vscode.version}, ${trusted() ? 'trusted' : 'restricted mode'})`);
  return {
    providerCalls: () => controller.provider.calls,
    stats: () => ({ ...controller.engine.stats }),
    status: () => ({ state: status.state, text: status.text, tooltip: status.tooltip }),
    menu: currentMenu,
    notifiedErrors: () => errors.notified,
    lastErrorNotification: () => errors.lastNotification,
    executionAllowed: () => service.executionAllowed(),
    lastAnswer: () => controller.lastAnswer,
    candidatesPanel: () => panel,
  };
}

/** Nothing to do: every resource is in `context.subscriptions`. */
export function deactivate(): void {}
