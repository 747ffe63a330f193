/**
 * The editor's ExecutionService (engine/execution.ts) wired to VS Code: execution is allowed only in a
 * trusted workspace with `passk.execution.enabled`; the interpreter comes from PythonInterpreter for the
 * document; sys.path gets the document's workspace folder and its own folder.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecutionService } from './engine/execution';
import type { Log } from './log';
import type { PythonInterpreter } from './python';
import type { Settings } from './settings';

/** The one ExecutionService of the extension, for completion ranking and Generate Docstring. */
export function createExecutionService(deps: { settings: Settings; python: PythonInterpreter; log: Log; trusted(): boolean }): ExecutionService {
  const uriOf = (key: string | undefined): vscode.Uri | undefined => (key ? vscode.Uri.parse(key) : undefined);
  return new ExecutionService({
    allowed: () => deps.trusted() && deps.settings.current.execution.enabled,
    interpreterFor: (key) => deps.python.resolve(deps.settings.current.python.path, uriOf(key)),
    sysPathFor: (key) => sysPathOf(uriOf(key)),
    log: (line) => deps.log.info(line),
    policy: () => deps.settings.current.execution,
    warnOnce: warnOnce(deps.log),
  });
}

/** The workspace folder of the document, then the document's own folder (so its sibling modules import). */
function sysPathOf(uri: vscode.Uri | undefined): string[] {
  if (!uri) {
    return [];
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
  const entries = [folder?.scheme === 'file' ? folder.fsPath : undefined, uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined];
  return [...new Set(entries.filter((p): p is string => !!p))];
}

/** Logs every time, shows the notification once per session. */
function warnOnce(log: Log): (message: string) => void {
  let shown = false;
  return (message) => {
    log.warn(message);
    if (!shown) {
      shown = true;
      void vscode.window.showWarningMessage(message);
    }
  };
}
