/**
 * Turns a failed completion into a short status reason, a log line and — once per distinct error per
 * session — a notification with the action that helps. Cancellations are silent.
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

/** Shows each distinct error once per session. */
export class ErrorReporter {
  private readonly shown = new Set<string>();

  constructor(
    private readonly log: Log,
    private readonly secrets: () => readonly string[] = () => [],
  ) {}

  /** How many distinct errors were notified (the tests read it). */
  get notified(): number {
    return this.shown.size;
  }

  /** Logs the error and notifies the user the first time it is seen; returns its classification. */
  report(e: unknown, where: string): ClassifiedError | undefined {
    const c = classify(e);
    if (!c) {
      return undefined;
    }
    this.log.error(`${where}: ${c.message}`);
    if (!this.shown.has(c.key)) {
      this.shown.add(c.key);
      void this.notify(c);
    }
    return c;
  }

  private async notify(c: ClassifiedError): Promise<void> {
    const actions = [c.action ? ACTION_LABEL[c.action] : undefined, 'Show Log'].filter(
      (a, i, all): a is string => a !== undefined && all.indexOf(a) === i,
    );
    const picked = await vscode.window.showErrorMessage(`Passk: ${redact(c.message, this.secrets())}`, ...actions);
    if (!picked) {
      return;
    }
    const action = (Object.keys(ACTION_LABEL) as BackendErrorAction[]).find((a) => ACTION_LABEL[a] === picked);
    await vscode.commands.executeCommand(action ? ACTION_COMMAND[action] : 'passk.showLog');
  }
}
