/**
 * Select Backend and Test Backend. Choosing a backend asks for what it needs — the preset, the server's
 * URL, the model (the server's own `/v1/models` list where it answers), the API key for hosted presets,
 * and whether the choice goes to the User or the Workspace settings — then tests the connection and says
 * the verdict in words. The connection test itself is core's `testConnection`.
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { BACKEND_PRESETS, configFromPreset, findPreset, listModels, testConnection, type BackendConfig, type BackendPreset, type ConnectionVerdict } from '../core/backend';
import { findLocalModels } from '../core/backend/local';
import type { ErrorReporter } from './errors';
import type { Log } from './log';
import { setApiKey } from './menus';
import type { ApiKeys } from './secrets';
import type { Settings, SettingsScope } from './settings';

/** What the flow needs. */
export interface BackendFlowDeps {
  settings: Settings;
  keys: ApiKeys;
  log: Log;
  errors: ErrorReporter;
  /** The backend config the settings describe now (with the API key). */
  currentConfig(): Promise<BackendConfig>;
}

/**
 * Answers given up front (a command argument): the flow asks only for what is missing. Scripts and the
 * integration tests use it; a user running the command answers each question in the UI.
 */
export interface BackendAnswers {
  preset?: string;
  baseUrl?: string;
  model?: string;
  scope?: SettingsScope;
}

/** What the flow did. */
export interface BackendFlowOutcome {
  preset: string;
  scope: SettingsScope;
  /** The models the server listed and the flow offered, when it listed any. */
  offeredModels?: string[];
  verdict: ConnectionVerdict;
  /** The notification's text. */
  message: string;
}

const LOCAL_ID = 'local';

/** "Passk: Select Backend": asks, writes the settings to the chosen scope, tests the connection. */
export async function selectBackend(deps: BackendFlowDeps, answers: BackendAnswers = {}): Promise<BackendFlowOutcome | undefined> {
  const presetId = answers.preset ?? (await pickPreset(deps.settings));
  if (!presetId) {
    return undefined;
  }
  if (presetId === LOCAL_ID) {
    return selectLocalModel(deps, answers);
  }
  const preset = findPreset(presetId);
  if (!preset) {
    void vscode.window.showErrorMessage(`Passk: there is no backend preset "${presetId}".`);
    return undefined;
  }
  const current = deps.settings.current.backend;
  const samePreset = current.preset === preset.id && current.api !== 'local';
  const baseUrl = answers.baseUrl ?? (await askUrl(preset, samePreset && current.baseUrl ? current.baseUrl : preset.baseUrl));
  if (baseUrl === undefined) {
    return undefined;
  }
  if (preset.needsApiKey && !(await deps.keys.get(preset.id))) {
    await setApiKey(preset.id, deps.keys);
  }
  const apiKey = await deps.keys.get(preset.id);
  const draft = configFromPreset(preset.id, { baseUrl, timeoutMs: deps.settings.current.backend.timeoutMs, ...(apiKey ? { apiKey } : {}) });
  const offered = await listModels(draft);
  const model = answers.model ?? (await askModel(preset, offered, samePreset && current.model ? current.model : preset.model));
  if (model === undefined) {
    return undefined;
  }
  const scope = answers.scope ?? (await askScope());
  if (!scope) {
    return undefined;
  }
  await deps.settings.updateIn(scope, {
    'backend.preset': preset.id,
    'backend.baseUrl': baseUrl === preset.baseUrl ? undefined : baseUrl,
    'backend.model': model === preset.model ? undefined : model,
    'backend.api': undefined,
  });
  deps.log.info(`backend chosen: ${preset.id} at ${baseUrl}, model "${model}", in the ${scope} settings`);
  const verdict = await runTest(deps, { ...draft, model });
  return { preset: preset.id, scope, ...(offered ? { offeredModels: offered } : {}), verdict, message: report(verdict, `${preset.label} (${scope} settings)`) };
}

/** "Passk: Test Backend": the connection test on the configured backend, said in words. */
export async function testBackend(deps: BackendFlowDeps): Promise<{ verdict: ConnectionVerdict; message: string }> {
  const config = await deps.currentConfig();
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Passk: testing ${config.provider === 'local' ? 'the local model' : config.baseUrl}…` },
    () => runTest(deps, config),
  );
  const preset = findPreset(deps.settings.current.backend.preset)?.label ?? deps.settings.current.backend.preset;
  return { verdict, message: report(verdict, config.provider === 'local' ? 'Local GGUF model' : preset) };
}

async function runTest(deps: BackendFlowDeps, config: BackendConfig): Promise<ConnectionVerdict> {
  const verdict = await testConnection(config, { log: (line) => deps.log.debug(line) });
  verdict.lines.forEach((line) => deps.log.info(`test backend: ${line}`));
  if (verdict.ok) {
    deps.errors.succeeded();
  }
  return verdict;
}

/** Shows the verdict (information when all is well, a warning when something limits ranking, an error when it cannot work). */
function report(verdict: ConnectionVerdict, what: string): string {
  const limited = verdict.ok && (verdict.logprobs === false || verdict.modelKnown === false || (verdict.samplesPerRequest ?? 2) < 2);
  const head = !verdict.ok ? `${what} does not work yet.` : limited ? `${what} works, with limits.` : `${what} works.`;
  const message = `Passk: ${head} ${verdict.lines.join(' ')}`;
  const actions = verdict.ok ? ['Show Log'] : ['Select Backend', 'Show Log'];
  const show = !verdict.ok ? vscode.window.showErrorMessage : limited ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, ...actions).then((picked) => {
    if (picked === 'Select Backend') {
      void vscode.commands.executeCommand('passk.selectBackend');
    } else if (picked === 'Show Log') {
      void vscode.commands.executeCommand('passk.showLog');
    }
  });
  return message;
}

async function pickPreset(settings: Settings): Promise<string | undefined> {
  const b = settings.current.backend;
  const current = b.api === 'local' ? LOCAL_ID : b.preset;
  const picked = await vscode.window.showQuickPick(
    [
      ...BACKEND_PRESETS.map((p) => ({
        label: p.label,
        description: p.id === current ? `${p.id} (current)` : p.id,
        detail: p.description,
        id: p.id as string,
      })),
      {
        label: 'Local GGUF file',
        description: current === LOCAL_ID ? `${LOCAL_ID} (current)` : LOCAL_ID,
        detail: 'runs a .gguf model inside VS Code (node-llama-cpp), no server needed',
        id: LOCAL_ID,
      },
    ],
    { title: 'Passk: Select Backend (1/3)', placeHolder: 'Which server samples the completions?', ignoreFocusOut: true },
  );
  return picked?.id;
}

async function askUrl(preset: BackendPreset, value: string): Promise<string | undefined> {
  const url = await vscode.window.showInputBox({
    title: `Passk: Select Backend (2/3): ${preset.label}`,
    prompt: 'The server’s OpenAI-compatible base URL, usually ending in /v1.',
    value,
    ignoreFocusOut: true,
    validateInput: (text) => (isHttpUrl(text.trim()) ? undefined : 'An http:// or https:// URL, e.g. http://127.0.0.1:8080/v1'),
  });
  return url?.trim();
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A pick from the server's models (the current one first) or, when it lists none, a typed name. */
async function askModel(preset: BackendPreset, offered: string[] | undefined, current: string): Promise<string | undefined> {
  const title = `Passk: Select Backend (3/3): ${preset.label} model`;
  if (offered && offered.length > 0) {
    const typeOwn = { label: '$(edit) Another model name…', model: '' };
    const ordered = [...offered].sort((a, b) => Number(b === current) - Number(a === current));
    const picked = await vscode.window.showQuickPick(
      [...ordered.map((m) => ({ label: m, description: m === current ? 'current' : undefined, model: m })), typeOwn],
      { title, placeHolder: 'The models the server lists', ignoreFocusOut: true },
    );
    if (picked !== typeOwn) {
      return picked?.model;
    }
  }
  const typed = await vscode.window.showInputBox({
    title,
    prompt: offered ? 'The model name to send with each request.' : 'The server did not list its models: type the model name (empty: the server’s default).',
    value: current,
    ignoreFocusOut: true,
  });
  return typed?.trim();
}

async function askScope(): Promise<SettingsScope | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    return 'user';
  }
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'User settings', detail: 'every folder you open', scope: 'user' as const },
      { label: 'Workspace settings', detail: 'this folder only (saved in .vscode/settings.json)', scope: 'workspace' as const },
    ],
    { title: 'Passk: where should this backend apply?', ignoreFocusOut: true },
  );
  return picked?.scope;
}

/** Lists the GGUF models Ollama and LM Studio keep on disk, plus "Browse…"; writes the chosen file. */
async function selectLocalModel(deps: BackendFlowDeps, answers: BackendAnswers): Promise<BackendFlowOutcome | undefined> {
  const models = await findLocalModels(os.homedir(), process.env.OLLAMA_MODELS);
  const current = deps.settings.current.backend.modelPath;
  const browse = { label: '$(folder-opened) Browse…', detail: 'choose a .gguf file', path: '' };
  const picked =
    answers.model !== undefined
      ? { path: answers.model }
      : await vscode.window.showQuickPick(
          [
            ...models.map((m) => ({
              label: m.name,
              description: `${m.source}, ${(m.sizeBytes / 2 ** 30).toFixed(1)} GB${m.path === current ? ' (current)' : ''}`,
              detail: m.path,
              path: m.path,
            })),
            browse,
          ],
          { title: 'Passk: Local GGUF Model', placeHolder: models.length ? 'Which model file?' : 'No Ollama or LM Studio models found: browse for a .gguf file' },
        );
  const modelPath = picked === browse ? await browseGguf() : picked?.path;
  if (!modelPath) {
    return undefined;
  }
  const scope = answers.scope ?? (await askScope());
  if (!scope) {
    return undefined;
  }
  await deps.settings.updateIn(scope, { 'backend.modelPath': modelPath, 'backend.api': 'local' });
  const verdict = await runTest(deps, { ...(await deps.currentConfig()), provider: 'local', modelPath });
  return { preset: LOCAL_ID, scope, verdict, message: report(verdict, 'Local GGUF model') };
}

async function browseGguf(): Promise<string | undefined> {
  const files = await vscode.window.showOpenDialog({
    title: 'Passk: GGUF model file',
    canSelectMany: false,
    filters: { 'GGUF models': ['gguf'] },
  });
  return files?.[0]?.fsPath;
}
