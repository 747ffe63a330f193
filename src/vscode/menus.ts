/**
 * Passk's quick picks: the status bar menu, backend selection (the core presets, or a local GGUF file),
 * ranking mode, and the API key input. Each writes through `Settings` or `ApiKeys`; nothing here reads
 * configuration.
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { BACKEND_PRESETS } from '../core/backend';
import { findLocalModels } from '../core/backend/local';
import type { RankingMode } from '../core/types';
import { RANKERS } from '../core/rank/rankers';
import type { ApiKeys } from './secrets';
import type { Settings } from './settings';

/** One entry of the status bar menu: a label and the command it runs. */
export interface MenuEntry {
  label: string;
  description?: string;
  command: string;
  args?: unknown[];
}

/** The status bar menu's entries for the current state (the tests read them). */
export function menuEntries(opts: { enabled: boolean; fileDisabled: boolean; hasEditor: boolean; preset: string; ranking: RankingMode }): MenuEntry[] {
  const entries: MenuEntry[] = [
    { label: opts.enabled ? '$(circle-slash) Disable Everywhere' : '$(check) Enable Everywhere', command: 'passk.toggle' },
  ];
  if (opts.hasEditor) {
    entries.push({
      label: opts.fileDisabled ? '$(check) Enable for This File' : '$(circle-slash) Disable for This File',
      command: 'passk.toggleForFile',
    });
  }
  entries.push(
    { label: '$(server) Select Backend…', description: opts.preset, command: 'passk.selectBackend' },
    { label: '$(list-ordered) Change Ranking…', description: opts.ranking, command: 'passk.selectRanking' },
    { label: '$(key) Set API Key…', command: 'passk.setApiKey' },
    { label: '$(preview) Show Candidates', command: 'passk.showCandidates' },
    { label: '$(output) Show Log', command: 'passk.showLog' },
    { label: '$(gear) Open Settings', command: 'passk.openSettings' },
  );
  return entries;
}

/** Shows the menu and runs the picked entry's command. */
export async function showMenu(entries: MenuEntry[]): Promise<void> {
  const picked = await vscode.window.showQuickPick(entries, { title: 'Passk', placeHolder: 'Passk: choose an action' });
  if (picked) {
    await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  }
}

const LOCAL_ID = 'local';

/**
 * Lets the user pick a backend preset, or "Local GGUF file" (then a model file); a preset resets the
 * URL/model/API overrides so it applies.
 */
export async function selectBackend(settings: Settings): Promise<void> {
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
    { title: 'Passk: Select Backend', placeHolder: 'Which server samples the completions?' },
  );
  if (!picked) {
    return;
  }
  if (picked.id === LOCAL_ID) {
    await selectLocalModel(settings);
    return;
  }
  await settings.update('backend.preset', picked.id);
  if (picked.id !== 'custom') {
    for (const key of ['backend.baseUrl', 'backend.model', 'backend.api']) {
      await settings.update(key, undefined);
    }
  }
}

/** Lists the GGUF models Ollama and LM Studio keep on disk, plus "Browse…"; writes the chosen file. */
async function selectLocalModel(settings: Settings): Promise<void> {
  const models = await findLocalModels(os.homedir(), process.env.OLLAMA_MODELS);
  const current = settings.current.backend.modelPath;
  const browse = { label: '$(folder-opened) Browse…', detail: 'choose a .gguf file', path: '' };
  const picked = await vscode.window.showQuickPick(
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
    return;
  }
  await settings.update('backend.modelPath', modelPath);
  await settings.update('backend.api', 'local');
}

async function browseGguf(): Promise<string | undefined> {
  const files = await vscode.window.showOpenDialog({
    title: 'Passk: GGUF model file',
    canSelectMany: false,
    filters: { 'GGUF models': ['gguf'] },
  });
  return files?.[0]?.fsPath;
}

/** Lets the user pick the ranking mode. */
export async function selectRanking(settings: Settings): Promise<void> {
  const current = settings.current.ranking.mode;
  const picked = await vscode.window.showQuickPick(
    RANKERS.map((r) => ({ label: r.label, description: r.id === current ? 'current' : undefined, detail: r.description, mode: r.id })),
    { title: 'Passk: Change Ranking' },
  );
  if (picked) {
    await settings.update('ranking.mode', picked.mode);
  }
}

/** Asks for the API key of the current backend preset and stores it in SecretStorage. */
export async function setApiKey(settings: Settings, keys: ApiKeys): Promise<void> {
  const preset = settings.current.backend.preset;
  const value = await vscode.window.showInputBox({
    title: `Passk: API key for ${preset}`,
    prompt: 'Stored in VS Code’s secret storage, never in settings. Leave empty to remove the key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) {
    return;
  }
  await keys.set(preset, value.trim());
  void vscode.window.showInformationMessage(value.trim() ? `Passk: API key saved for ${preset}.` : `Passk: API key removed for ${preset}.`);
}
