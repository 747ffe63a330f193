/**
 * Shared by the docstring suites (trusted and untrusted passes): checks that activation registered the
 * command and scripts the test server's docstring answers.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RecordedRequest } from '../../server/openaiServer';
import { GENERATE_DOCSTRING_COMMAND } from '../../../src/vscode/docstring/command';
import { passk } from './helpers';

/** Activates Passk and asserts that `activate()` registered the docstring command (no fallback here). */
export async function ensureDocstringCommand(): Promise<void> {
  await passk();
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes(GENERATE_DOCSTRING_COMMAND), `activate() registers ${GENERATE_DOCSTRING_COMMAND}`);
}

/** The name of the definition a docstring prompt asks about (the last header before the opening quotes). */
export function promptTarget(req: RecordedRequest): string | undefined {
  const m = /(?:def|class) (\w+)[^\n]*:\n\s*"""$/.exec(req.promptText);
  return m?.[1];
}
