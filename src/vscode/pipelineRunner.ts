/**
 * Builds the core pipeline's inputs from the live settings — the backend (with its API key from
 * SecretStorage, or the in-process GGUF provider), the sampling, prompt and ranking options, and the
 * Python sandbox (from the ExecutionService, only when execution is allowed) — and exposes it as the
 * engine's `PipelineRunner`.
 */
import * as vscode from 'vscode';
import { backendConfig, createBackend, type Backend, type BackendConfig } from '../core/backend';
import { createLocalBackend, type LocalBackend } from '../core/backend/local';
import { MODEL_TESTS_GRACE_MS, modelTestsLogLine, type ModelTestsOptions } from '../core/modelTests/request';
import { DEFAULT_INPUTS } from '../core/rank';
import { passesExamples } from '../core/rank/rounds';
import { runPipeline, type PipelineRequest, type PipelineResult } from '../core/pipeline';
import type { PasskSettings } from '../core/settings';
import type { PipelineProgress, PipelineRunner } from './engine/completionEngine';
import type { ExecutionService } from './engine/execution';
import type { Log } from './log';
import type { ApiKeys } from './secrets';
import type { Settings } from './settings';
import { ModelLoadProgress } from './modelLoadProgress';
import { errorMessage } from '../core/errorMessage';

/** The extra test request's options from the settings (it is only made where samples may run). */
export function modelTestsOptions(s: PasskSettings): ModelTestsOptions {
  return {
    when: s.ranking.modelTests,
    n: s.ranking.modelTestsN,
    maxTokens: s.ranking.modelTestsMaxTokens,
    graceMs: MODEL_TESTS_GRACE_MS,
    style: s.prompt.style,
    maxTests: MAX_EDITOR_TESTS,
  };
}

/** Distinct tests run per completion at most: each costs every sample one more input in the sandbox. */
const MAX_EDITOR_TESTS = 20;

/** What the service needs. */
export interface PipelineServiceDeps {
  settings: Settings;
  keys: ApiKeys;
  log: Log;
  /** The editor's sandboxes (shared with Generate Docstring). */
  execution: ExecutionService;
}

interface CurrentBackend {
  key: string;
  backend: Backend;
  /** Set for the local provider: the model to release, and its load indicator. */
  local?: { backend: LocalBackend; progress: ModelLoadProgress };
}

/** Owns the backend; `run` is the engine's runner. */
export class PipelineService implements vscode.Disposable {
  private backend: CurrentBackend | undefined;

  constructor(private readonly deps: PipelineServiceDeps) {}

  /** Whether ranking may execute samples now. */
  executionAllowed(): boolean {
    return this.deps.execution.allowed() && this.deps.settings.current.ranking.mode !== 'none';
  }

  /** Forgets the backend (releasing a local model) and the sandboxes (settings, key, interpreter or trust changed). */
  invalidate(): void {
    this.dropBackend();
    this.deps.execution.clear();
  }

  /**
   * The backend for `config`: the current one when the config is the same (so Generate Docstring shares
   * the loaded local model), else a new one replacing it.
   */
  backendForConfig(config: BackendConfig): Backend {
    const key = JSON.stringify({ config, idleReleaseMs: this.deps.settings.current.backend.localIdleReleaseMs });
    if (this.backend?.key !== key) {
      this.dropBackend();
      this.backend = this.build(key, config);
      this.deps.log.info(`backend: ${this.backend.backend.id}`);
    }
    return this.backend.backend;
  }

  /** The engine's runner. */
  readonly run: PipelineRunner = async (request, signal, onProgress) => {
    const s = this.deps.settings.current;
    const backend = await this.backendFor(s);
    const local = this.backend?.local;
    try {
      return await this.runWith(backend, s, request, signal, onProgress);
    } finally {
      if (local && !local.backend.loaded) {
        local.progress.dispose(); // the load failed or was never started
      }
    }
  };

  private async runWith(
    backend: Backend,
    s: PasskSettings,
    request: PipelineRequest,
    signal: AbortSignal,
    onProgress: (p: PipelineProgress) => void,
  ): Promise<PipelineResult> {
    const allowed = this.executionAllowed();
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
      rankOptions: { mode: s.ranking.mode, timeoutMs: s.ranking.timeoutMs, inputs: { ...DEFAULT_INPUTS, cap: s.ranking.generatedInputs } },
      rounds: s.ranking.rounds,
      onRound: (round, rounds) => onProgress({ stage: 'sampling', n: s.sampling.n, round, rounds }),
      ...(allowed ? { modelTests: modelTestsOptions(s) } : {}),
      sandbox: allowed ? (moduleSource: string) => this.deps.execution.sandboxFor(request.documentKey, moduleSource) : undefined,
      signal,
      onStage: (stage, count) => {
        if (stage === 'prompt') {
          onProgress({ stage: 'sampling', n: s.sampling.n });
        } else if (stage === 'rank') {
          onProgress({ stage: 'ranking', samples: count });
        }
      },
    });
    if ((result.rounds ?? 1) > 1) {
      this.deps.log.info(`adaptive rounds: ${result.rounds} batches of ${s.sampling.n} drawn (${passesExamples(result.ranked[0]) ? 'the last one has a sample passing the examples' : 'no sample passes every example'})`);
    }
    if (result.modelTests) {
      this.deps.log.info(modelTestsLogLine(result.modelTests));
    }
    onProgress({ stage: 'done', result });
    return result;
  }

  private async backendFor(s: PasskSettings): Promise<Backend> {
    const apiKey = await this.deps.keys.get(s.backend.preset);
    return this.backendForConfig(backendConfig(s, apiKey));
  }

  private build(key: string, config: BackendConfig): CurrentBackend {
    const log = this.deps.log;
    const progress = new ModelLoadProgress(config.modelPath ?? '');
    let local: LocalBackend | undefined;
    const backend = createBackend(config, {
      log: (line) => log.debug(line),
      onNotice: (notice) => log.warn(notice.message),
      localFactory: (c, deps) => {
        local = createLocalBackend(c, {
          ...deps,
          onLoadProgress: progress.report,
          idleReleaseMs: this.deps.settings.current.backend.localIdleReleaseMs,
        });
        return local;
      },
    });
    return { key, backend, ...(local ? { local: { backend: local, progress } } : {}) };
  }

  /** Forgets the current backend; a local model is freed now rather than at its idle time. */
  private dropBackend(): void {
    const local = this.backend?.local;
    this.backend = undefined;
    if (local) {
      local.progress.dispose();
      local.backend.release().then(
        () => this.deps.log.info('local model released'),
        (e: unknown) => this.deps.log.warn(`releasing the local model failed: ${errorMessage(e)}`),
      );
    }
  }

  dispose(): void {
    this.dropBackend();
  }
}
