/**
 * Builds the core pipeline's inputs from the live settings — the backend (with its API key from
 * SecretStorage), the sampling, prompt and ranking options, and the Python sandbox only when the
 * workspace is trusted — and exposes it as the engine's `PipelineRunner`.
 */
import * as vscode from 'vscode';
import { configFromPreset, createBackend, findPreset, type Backend, type BackendConfig, type PresetId } from '../core/backend';
import { runPipeline } from '../core/pipeline';
import type { PasskSettings } from '../core/settings';
import type { PipelineRunner } from './engine/completionEngine';
import type { Log } from './log';
import type { PythonInterpreter } from './python';
import type { ApiKeys } from './secrets';
import type { Settings } from './settings';
import { SandboxPool } from './sandboxPool';

/** The backend config the settings describe (preset, then the non-empty overrides). */
export function backendConfig(s: PasskSettings, apiKey: string | undefined): BackendConfig {
  const preset: PresetId = findPreset(s.backend.preset)?.id ?? 'custom';
  return configFromPreset(preset, {
    ...(s.backend.baseUrl ? { baseUrl: s.backend.baseUrl } : {}),
    ...(s.backend.model ? { model: s.backend.model } : {}),
    ...(s.backend.api ? { provider: s.backend.api } : {}),
    timeoutMs: s.backend.timeoutMs,
    ...(apiKey ? { apiKey } : {}),
  });
}

/** What the service needs. */
export interface PipelineServiceDeps {
  settings: Settings;
  keys: ApiKeys;
  python: PythonInterpreter;
  log: Log;
  /** True when model-written code may run (Workspace Trust granted). */
  trusted(): boolean;
}

/** Owns the backend and the sandbox pool; `run` is the engine's runner. */
export class PipelineService implements vscode.Disposable {
  private backend: { key: string; backend: Backend } | undefined;
  private readonly sandboxes: SandboxPool;

  constructor(private readonly deps: PipelineServiceDeps) {
    this.sandboxes = new SandboxPool(deps.log);
  }

  /** Whether ranking may execute samples now. */
  executionAllowed(): boolean {
    const s = this.deps.settings.current;
    return this.deps.trusted() && s.execution.enabled && s.ranking.mode !== 'none';
  }

  /** Forgets the backend and the sandboxes (settings, key, interpreter or trust changed). */
  invalidate(): void {
    this.backend = undefined;
    this.sandboxes.clear();
  }

  /** The engine's runner. */
  readonly run: PipelineRunner = async (request, signal, onProgress) => {
    const s = this.deps.settings.current;
    const backend = await this.backendFor(s);
    const allowed = this.executionAllowed();
    const python = allowed ? await this.deps.python.resolve(s.python.path) : undefined;
    const result = await runPipeline(request, {
      backend,
      sampleOptions: {
        n: s.sampling.n,
        temperature: s.sampling.temperature,
        topP: s.sampling.topP,
        maxTokens: s.sampling.maxTokens,
      },
      promptOptions: {
        style: s.prompt.style,
        fimTemplate: s.prompt.fimTemplate,
        contextBudgetChars: s.prompt.contextBudgetChars,
      },
      rankOptions: { mode: s.ranking.mode, timeoutMs: s.ranking.timeoutMs },
      sandbox: allowed ? (moduleSource: string) => this.sandboxes.get(python, moduleSource) : undefined,
      signal,
      onStage: (stage, count) => {
        if (stage === 'prompt') {
          onProgress({ stage: 'sampling', n: s.sampling.n });
        } else if (stage === 'rank') {
          onProgress({ stage: 'ranking', samples: count });
        }
      },
    });
    onProgress({ stage: 'done', result });
    return result;
  };

  private async backendFor(s: PasskSettings): Promise<Backend> {
    const apiKey = await this.deps.keys.get(s.backend.preset);
    const config = backendConfig(s, apiKey);
    const key = JSON.stringify(config);
    if (this.backend?.key !== key) {
      const log = this.deps.log;
      this.backend = {
        key,
        backend: createBackend(config, {
          log: (line) => log.debug(line),
          onNotice: (notice) => log.warn(notice.message),
        }),
      };
      log.info(`backend: ${this.backend.backend.id}`);
    }
    return this.backend.backend;
  }

  dispose(): void {
    this.sandboxes.clear();
  }
}
