/**
 * The one output channel ("Passk", a LogOutputChannel with levels). Everything logged goes through
 * `redact` first, so an API key never reaches the log even when an error message quotes a header.
 */
import * as vscode from 'vscode';

/** The logging surface the rest of the VS Code layer receives. */
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /\b(Bearer\s+)[^\s"',]+/gi,
  /\b(api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /\b(sk-)[A-Za-z0-9_-]{8,}/g,
];

/** Removes bearer tokens, `api_key=...` values, `sk-...` keys and any known secret from a message. */
export function redact(message: string, knownSecrets: readonly string[] = []): string {
  let out = message;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) {
      out = out.split(secret).join('«redacted»');
    }
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, '$1«redacted»');
  }
  return out;
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
