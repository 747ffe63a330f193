/**
 * API keys, kept in VS Code's SecretStorage (never in settings or logs), one per backend preset.
 */
import * as vscode from 'vscode';

const PREFIX = 'passk.apiKey.';

/** Reads and writes the API key of each backend preset. */
export class ApiKeys implements vscode.Disposable {
  private readonly cache = new Map<string, string | undefined>();
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly listener: vscode.Disposable;
  /** Fires with the preset id whose key changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.listener = storage.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) {
        const preset = e.key.slice(PREFIX.length);
        this.cache.delete(preset);
        this.emitter.fire(preset);
      }
    });
  }

  /** The key for a preset, or undefined. */
  async get(preset: string): Promise<string | undefined> {
    if (!this.cache.has(preset)) {
      this.cache.set(preset, await this.storage.get(PREFIX + preset));
    }
    return this.cache.get(preset);
  }

  /** Every key read so far (for removing them from log lines). */
  known(): string[] {
    return [...this.cache.values()].filter((k): k is string => !!k);
  }

  /** Stores (or, with an empty string, deletes) the key for a preset. */
  async set(preset: string, key: string): Promise<void> {
    this.cache.delete(preset);
    if (key) {
      await this.storage.store(PREFIX + preset, key);
    } else {
      await this.storage.delete(PREFIX + preset);
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
