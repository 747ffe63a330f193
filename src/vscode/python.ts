/**
 * Which Python runs the sandbox: `passk.python.path` when set, else the Python extension's selected
 * interpreter (@vscode/python-extension), else undefined (the sandbox then looks for python3 on PATH).
 */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import type { Log } from './log';
import { errorMessage } from '../core/errorMessage';

/** Resolves the interpreter; fires `onDidChange` when the Python extension's selection changes. */
export class PythonInterpreter implements vscode.Disposable {
  private api: PythonExtension | undefined;
  private apiTried = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when the selected interpreter may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: Log) {}

  /** The interpreter path to use, or undefined for the sandbox's own search. */
  async resolve(configuredPath: string, resource?: vscode.Uri): Promise<string | undefined> {
    if (configuredPath) {
      return configuredPath;
    }
    const api = await this.pythonExtension();
    if (!api) {
      return undefined;
    }
    try {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const env = await api.environments.resolveEnvironment(active);
      return env?.executable.uri?.fsPath;
    } catch (e) {
      this.log.warn(`could not resolve the Python extension's interpreter: ${errorMessage(e)}`);
      return undefined;
    }
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
      this.api = await PythonExtension.api();
      this.disposables.push(this.api.environments.onDidChangeActiveEnvironmentPath(() => this.emitter.fire()));
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
