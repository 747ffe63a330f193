/**
 * Passk's quick picks: the status bar menu, ranking mode, snooze, and the API key input (backend
 * selection is backendFlow.ts). Each writes through `Settings` or `ApiKeys`; nothing here reads configuration.
 */
import * as vscode from 'vscode';
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

/** What the menu depends on. */
export interface MenuState {
  enabled: boolean;
  fileDisabled: boolean;
  hasEditor: boolean;
  /** Whether the active editor is a Python file (the completion and docstring commands act on it). */
  pythonEditor: boolean;
  preset: string;
  ranking: RankingMode;
  /** When the snooze ends (epoch ms), if completions are snoozed. */
  snoozedUntilMs?: number;
}

/** The status bar menu's entries for the current state (the tests read them). */
export function menuEntries(opts: MenuState): MenuEntry[] {
  const entries: MenuEntry[] = [];
  if (opts.pythonEditor) {
    entries.push(
      { label: '$(sparkle) Complete Function Now', command: 'passk.trigger' },
      { label: '$(book) Generate Docstring', command: 'passk.generateDocstring' },
    );
  }
  entries.push({ label: opts.enabled ? '$(circle-slash) Disable Everywhere' : '$(check) Enable Everywhere', command: 'passk.toggle' });
  if (opts.hasEditor) {
    entries.push({
      label: opts.fileDisabled ? '$(check) Enable for This File' : '$(circle-slash) Disable for This File',
      command: 'passk.toggleForFile',
    });
  }
  entries.push(
    opts.snoozedUntilMs
      ? { label: '$(play) Resume Completions', description: 'snoozed', command: 'passk.snooze', args: [0] }
      : { label: '$(clock) Snooze Completions…', command: 'passk.snooze' },
    { label: '$(server) Select Backend…', description: opts.preset, command: 'passk.selectBackend' },
    { label: '$(pulse) Test Backend', command: 'passk.testBackend' },
    { label: '$(list-ordered) Change Ranking…', description: opts.ranking, command: 'passk.selectRanking' },
    { label: '$(key) Set API Key…', command: 'passk.setApiKey' },
    { label: '$(preview) Show Candidates', command: 'passk.showCandidates' },
    { label: '$(output) Show Log', command: 'passk.showLog' },
    { label: '$(gear) Open Settings', command: 'passk.openSettings' },
  );
  return entries;
}

/** How long a snooze can be, in minutes, as the picker offers them. */
export const SNOOZE_MINUTES = [5, 15, 30, 60, 120];

/** Asks how long to pause completions; undefined when the user closed the picker. */
export async function pickSnoozeMinutes(): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick(
    SNOOZE_MINUTES.map((m) => ({ label: m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`, minutes: m })),
    { title: 'Passk: Snooze Completions', placeHolder: 'Pause ghost-text completions for…' },
  );
  return picked?.minutes;
}

/** Shows the menu and runs the picked entry's command. */
export async function showMenu(entries: MenuEntry[]): Promise<void> {
  const picked = await vscode.window.showQuickPick(entries, { title: 'Passk', placeHolder: 'Passk: choose an action' });
  if (picked) {
    await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  }
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

/** Asks for the API key of a backend preset and stores it in SecretStorage. */
export async function setApiKey(preset: string, keys: ApiKeys): Promise<void> {
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
