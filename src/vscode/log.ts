/**
 * The one output channel ("Passk", a LogOutputChannel with levels). Everything logged goes through
 * `redact` first, so an API key never reaches the log even when an error message quotes a header.
 */
import * as vscode from 'vscode';
import { redact } from './redact';

export { redact };

/** The logging surface the rest of the VS Code layer receives. */
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

/** Creates the channel; `secrets()` returns the secrets currently known (e.g. the stored API key). */
export function createLog(secrets: () => readonly string[] = () => []): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Passk', { log: true });
  let disposed = false;
  // Writes after dispose (e.g. a late request finishing during deactivate) are dropped, not thrown.
  const write = (fn: (m: string) => void) => (message: string) => {
    if (!disposed) {
      fn(redact(message, secrets()));
    }
  };
  return {
    trace: write((m) => channel.trace(m)),
    debug: write((m) => channel.debug(m)),
    info: write((m) => channel.info(m)),
    warn: write((m) => channel.warn(m)),
    error: write((m) => channel.error(m)),
    show: () => channel.show(true),
    dispose: () => {
      disposed = true;
      channel.dispose();
    },
  };
}
