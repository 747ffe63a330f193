/**
 * The command table: the `passk.*` commands of the status menu and the palette, with their handlers,
 * registered in one loop and disposed with the extension (Generate Docstring registers itself in
 * vscode/docstring). Handlers live in the objects they act on; this file only wires ids.
 */
import * as vscode from 'vscode';

/** The ids of these commands (package.json contributes them and Generate Docstring; the activation test checks each is registered);
 * `passk.accepted` is internal: the inline items run it. */
export const COMMAND_IDS = [
  'passk.trigger',
  'passk.toggle',
  'passk.toggleForFile',
  'passk.selectBackend',
  'passk.setApiKey',
  'passk.selectRanking',
  'passk.showCandidates',
  'passk.showLog',
  'passk.showMenu',
  'passk.openSettings',
  'passk.testBackend',
  'passk.snooze',
  'passk.showNext',
  'passk.showPrevious',
  'passk.accepted',
] as const;

/** One command id. */
export type CommandId = (typeof COMMAND_IDS)[number];

/** A handler per command. */
export type CommandHandlers = Record<CommandId, (...args: unknown[]) => unknown>;

/** Registers every handler; returns the registrations to dispose. */
export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, handlers[id]));
}
