/** A `Backend` over an OpenAI-compatible server, speaking either `/v1/completions` or `/v1/chat/completions`. */
import type { Prompt, Sample } from '../types';
import { BackendError, type Backend, type BackendConfig, type BackendDeps, type BackendNotice, type SampleOptions } from './backend';
import { chatBody, parseChat } from './chat';
import { completionsBody, parseCompletions } from './completions';
import { classifyError } from './errors';
import { BackendHttp } from './http';
import { Sampler, type RequestPlan } from './sampler';

export class OpenAICompatibleBackend implements Backend {
  readonly id: string;
  /** Every notice given so far (each kind once), for callers that did not pass `onNotice`. */
  readonly notices: BackendNotice[] = [];
  /** The backend's HTTP layer: other calls to the same server (back-translation scoring) go through it too. */
  readonly http: BackendHttp;
  private readonly sampler: Sampler;

  constructor(
    private readonly config: BackendConfig & { provider: 'completions' | 'chat' },
    deps: BackendDeps = {},
  ) {
    this.id = `${config.provider}:${config.baseUrl}:${config.model}`;
    this.http = new BackendHttp(config, deps);
    this.sampler = new Sampler((notice) => {
      this.notices.push(notice);
      deps.onNotice?.(notice);
    });
  }

  /** False once the server has refused log-probs: later samples are unscored. */
  get scoresSamples(): boolean {
    return this.sampler.logprobs;
  }

  async sample(prompt: Prompt, opts: SampleOptions, signal?: AbortSignal): Promise<Sample[]> {
    if (signal?.aborted) {
      throw new BackendError('cancelled', 'The request was cancelled.');
    }
    try {
      return await this.sampler.sample(Math.max(1, Math.floor(opts.n)), (plan, s) => this.request(prompt, opts, plan, s), signal);
    } catch (e) {
      const { baseUrl, model, apiKey, timeoutMs } = this.config;
      throw classifyError(e, { baseUrl, model, apiKey, timeoutMs, cancelled: signal?.aborted ?? false, timedOut: false });
    }
  }

  private async request(prompt: Prompt, opts: SampleOptions, plan: RequestPlan, signal?: AbortSignal): Promise<Sample[]> {
    const { provider, model, baseUrl, systemPrompt } = this.config;
    const retry = { serverRetries: plan.serverRetries };
    if (provider === 'chat') {
      return parseChat(await this.http.post('chat', chatBody(model, prompt, opts, plan, systemPrompt), signal, retry), baseUrl, prompt);
    }
    return parseCompletions(await this.http.post('completions', completionsBody(model, prompt, opts, plan), signal, retry), baseUrl);
  }
}
