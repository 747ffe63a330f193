/**
 * Which Python runs the sandbox: the Python extension's selected interpreter for the document
 * (@vscode/python-extension; older extensions: `settings.getExecutionDetails`), else `passk.python.path`,
 * else undefined (the sandbox then looks for python3 on PATH). The order: engine/interpreter.ts.
 */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import type { Log } from './log';
import { chooseInterpreter } from './engine/interpreter';
import { errorMessage } from '../core/errorMessage';

/** Exports of Python extensions older than the environments API. */
interface LegacyPythonApi {
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } };
}

/** Resolves the interpreter; fires `onDidChange` when the Python extension's selection changes. */
export class PythonInterpreter implements vscode.Disposable {
  private api: PythonExtension | undefined;
  private legacy: LegacyPythonApi | undefined;
  private apiTried = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when the selected interpreter may have changed (the sandboxes are then restarted). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: Log) {}

  /** The interpreter path to use, or undefined for the sandbox's own search. */
  resolve(configuredPath: string, resource?: vscode.Uri): Promise<string | undefined> {
    return chooseInterpreter({ pythonExtension: () => this.selected(resource), setting: () => configuredPath }, (m) => this.log.warn(m));
  }

  private async selected(resource?: vscode.Uri): Promise<string | undefined> {
    const api = await this.pythonExtension();
    if (api) {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const env = await api.environments.resolveEnvironment(active);
      return env?.executable.uri?.fsPath;
    }
    return this.legacy?.settings?.getExecutionDetails?.(resource)?.execCommand?.[0];
  }

  private async pythonExtension(): Promise<PythonExtension | undefined> {
    if (this.apiTried) {
      return this.api;
    }
    this.apiTried = true;
    if (!vscode.extensions.getExtension('ms-python.python')) {
      this.log.info('the Python extension is not installed: using passk.python.path or python3 on PATH');
      return undefined;
    }
    try {
      const api = await PythonExtension.api();
      if (api.environments) {
        this.api = api;
        this.disposables.push(api.environments.onDidChangeActiveEnvironmentPath(() => this.emitter.fire()));
      } else {
        this.legacy = api as unknown as LegacyPythonApi; // no change event there: a reload picks a new selection up
      }
    } catch (e) {
      this.log.warn(`the Python extension's API is unavailable: ${errorMessage(e)}`);
    }
    return this.api;
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
