/**
 * The command table: every `passk.*` command with its handler, registered in one loop and
 * disposed with the extension. Handlers live in the objects they act on; this file only wires ids.
 */
import * as vscode from 'vscode';

/** The ids of every command Passk contributes (package.json lists the same set; a test checks it). */
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
] as const;

/** One command id. */
export type CommandId = (typeof COMMAND_IDS)[number];

/** A handler per command. */
export type CommandHandlers = Record<CommandId, (...args: unknown[]) => unknown>;

/** Registers every handler; returns the registrations to dispose. */
export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, handlers[id]));
}
