/**
 * Shared by the docstring suites (trusted and untrusted passes): makes sure the command is there and
 * scripts the test server's docstring answers.
 */
import * as vscode from 'vscode';
import type { RecordedRequest } from '../../server/openaiServer';
import { readDocstringSettings } from '../../../src/core/docstring/settings';
import { registerDocstring, GENERATE_DOCSTRING_COMMAND, type DocstringDeps } from '../../../src/vscode/docstringCommand';
import { ErrorReporter } from '../../../src/vscode/errors';
import { createLog } from '../../../src/vscode/log';
import { PythonInterpreter } from '../../../src/vscode/python';
import { Settings } from '../../../src/vscode/settings';
import { passk } from './helpers';

const registered: vscode.Disposable[] = [];

/**
 * Activates Passk; when this build's `activate` does not register the docstring command yet, registers
 * the same `registerDocstring` here with the same objects `activate` builds, so the suite exercises the
 * real command either way.
 */
export async function ensureDocstringCommand(): Promise<void> {
  await passk();
  if ((await vscode.commands.getCommands(true)).includes(GENERATE_DOCSTRING_COMMAND)) {
    return;
  }
  const log = createLog();
  const settings = new Settings();
  const deps: DocstringDeps = {
    settings,
    docstringSettings: () => readDocstringSettings((k) => vscode.workspace.getConfiguration('passk').get(k)),
    keys: { get: async () => undefined } as unknown as DocstringDeps['keys'],
    python: new PythonInterpreter(log),
    log,
    errors: new ErrorReporter(log),
    trusted: () => vscode.workspace.isTrusted,
  };
  const context = { subscriptions: registered } as unknown as vscode.ExtensionContext;
  registered.push(log, settings, deps.python);
  registerDocstring(context, deps);
}

/** Disposes what `ensureDocstringCommand` registered itself. */
export function disposeDocstringCommand(): void {
  for (const d of registered.splice(0)) {
    d.dispose();
  }
}

/** The name of the definition a docstring prompt asks about (the last header before the opening quotes). */
export function promptTarget(req: RecordedRequest): string | undefined {
  const m = /(?:def|class) (\w+)[^\n]*:\n\s*"""$/.exec(req.promptText);
  return m?.[1];
}
