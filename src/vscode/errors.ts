/**
 * Turns a failed request into a short status reason, a log line and a notification with the action that
 * helps (automatic completions: once per distinct error per session; commands: every time). Cancellations
 * are silent.
 */
import * as vscode from 'vscode';
import { BackendError, isCancelled, type BackendErrorAction } from '../core/backend/backend';
import type { Log } from './log';
import { redact } from './redact';

/** An error as the UI shows it. */
export interface ClassifiedError {
  /** A few words for the status bar. */
  reason: string;
  /** The whole message for the notification and the log. */
  message: string;
  action?: BackendErrorAction;
  /** Identifies "the same error" for show-once. */
  key: string;
}

const SHORT_REASON: Record<string, string> = {
  connection: 'cannot connect',
  auth: 'API key rejected',
  notFound: 'model not found',
  badRequest: 'request refused',
  rateLimit: 'rate limited',
  server: 'server error',
  badResponse: 'bad response',
  timeout: 'timed out',
  dropped: 'connection dropped',
};

/** Classifies an error; undefined for a cancellation (never shown). */
export function classify(e: unknown): ClassifiedError | undefined {
  if (isCancelled(e)) {
    return undefined;
  }
  if (e instanceof BackendError) {
    return {
      reason: SHORT_REASON[e.kind] ?? e.kind,
      message: e.message,
      action: e.action,
      key: `backend:${e.kind}:${e.status ?? ''}:${e.message}`,
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'PythonNotFoundError') {
    return { reason: 'no Python', message: err.message, action: 'openSettings', key: `python:${err.message}` };
  }
  return { reason: 'failed', message: err.message, action: 'showLog', key: `${err.name}:${err.message}` };
}

const ACTION_LABEL: Record<BackendErrorAction, string> = {
  openSettings: 'Open Settings',
  setApiKey: 'Set API Key',
  showLog: 'Show Log',
  startServer: 'Select Backend',
};

const ACTION_COMMAND: Record<BackendErrorAction, string> = {
  openSettings: 'passk.openSettings',
  setApiKey: 'passk.setApiKey',
  showLog: 'passk.showLog',
  startServer: 'passk.selectBackend',
};

/** How a failed request came about: the user asked (a command) or Passk did (automatic completions). */
export interface ReportOptions {
  /** A command the user invoked: its error is always shown, even when it was shown before. */
  explicit?: boolean;
}

/**
 * Reports errors and keeps the backend's error state: automatic completions notify each distinct error
 * once per session, commands the user invoked always notify; the last error stands (the status bar shows
 * it) until a request succeeds.
 */
export class ErrorReporter implements vscode.Disposable {
  private readonly shown = new Set<string>();
  private shownCount = 0;
  private last: ClassifiedError | undefined;
  private lastText: string | undefined;
  private readonly emitter = new vscode.EventEmitter<ClassifiedError | undefined>();
  /** Fires when the error state changes (an error is reported, or a request succeeded after one). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: Log,
    private readonly secrets: () => readonly string[] = () => [],
    /** Names the default preset while the user has chosen no backend (e.g. `the default Ollama preset (…)`). */
    private readonly unchosenBackend: () => string | undefined = () => undefined,
  ) {}

  /** How many error notifications were shown (the tests read it). */
  get notified(): number {
    return this.shownCount;
  }

  /** The text of the last error notification (the tests read it). */
  get lastNotification(): string | undefined {
    return this.lastText;
  }

  /** The error that stands until a request succeeds, if any. */
  get current(): ClassifiedError | undefined {
    return this.last;
  }

  /** Logs the error, keeps it as the error state and notifies the user when the rules say so. */
  report(e: unknown, where: string, options: ReportOptions = {}): ClassifiedError | undefined {
    const c = classify(e);
    if (!c) {
      return undefined;
    }
    this.log.error(`${where}: ${c.message}`);
    this.last = c;
    this.emitter.fire(c);
    if (options.explicit || !this.shown.has(c.key)) {
      this.shown.add(c.key);
      void this.notify(c);
    }
    return c;
  }

  /** A request succeeded: the error state ends. */
  succeeded(): void {
    if (this.last) {
      this.last = undefined;
      this.emitter.fire(undefined);
    }
  }

  private async notify(c: ClassifiedError): Promise<void> {
    this.shownCount++;
    const unchosen = this.unchosenBackend();
    // Before the user chose a backend the failure is the default preset's: say so, and offer the choice first.
    const action = unchosen && c.action !== 'setApiKey' ? 'startServer' : c.action;
    const actions = [action ? ACTION_LABEL[action] : undefined, 'Show Log'].filter(
      (a, i, all): a is string => a !== undefined && all.indexOf(a) === i,
    );
    const text = unchosen ? `No backend chosen yet, so Passk used ${unchosen}: ${c.message}` : c.message;
    this.lastText = `Passk: ${redact(text, this.secrets())}`;
    const picked = await vscode.window.showErrorMessage(this.lastText, ...actions);
    if (!picked) {
      return;
    }
    const chosen = (Object.keys(ACTION_LABEL) as BackendErrorAction[]).find((a) => ACTION_LABEL[a] === picked);
    await vscode.commands.executeCommand(chosen ? ACTION_COMMAND[chosen] : 'passk.showLog');
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
