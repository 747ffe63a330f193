/**
 * "Test Backend": asks the configured server what Passk needs from it and says the answer in words.
 * It lists the models (`GET /models`, where the server answers it), then sends one request for two
 * one-token samples with log-probs and reads what came back: is the server reachable, is the model known,
 * does it return log-probabilities, does it honour `n`. A refused option is asked again without it, so
 * one request's failure does not hide the answers to the other questions.
 */
import * as fs from 'fs';
import type { Prompt } from '../types';
import { BackendError, type BackendConfig, type BackendDeps } from './backend';
import { chatBody } from './chat';
import { choicesOf, completionsBody } from './completions';
import { BackendHttp } from './http';
import { statedMaxN, type RequestPlan } from './sampler';

/** Samples the test asks for in its one request: two is enough to see whether `n` is honoured. */
const PROBE_N = 2;
const PROBE_PROMPT: Prompt = { kind: 'codex', text: 'def add(a, b):\n    """Return a + b."""\n', stop: [] };
const PROBE_OPTIONS = { n: PROBE_N, temperature: 0.8, topP: 1, maxTokens: 1 };

/** What the test found; `lines` says it in words, one finding per line. */
export interface ConnectionVerdict {
  /** Completions will work: the server answered a sampling request for this model. */
  ok: boolean;
  reachable: boolean;
  /** The ids `GET /models` listed; undefined when the server does not answer it. */
  models?: string[];
  /** Undefined when it could not be told (the server was unreachable). */
  modelKnown?: boolean;
  /** Whether sampled tokens come with log-probabilities; undefined when no sample came back. */
  logprobs?: boolean;
  /** Samples one request returns when asked for {@link PROBE_N}; undefined when no sample came back. */
  samplesPerRequest?: number;
  /** The failure that stopped the test, if one did. */
  error?: BackendError;
  /** One sentence per finding, for the notification and the log. */
  lines: string[];
}

/** Runs the connection test against `config`. Never rejects: a failure is part of the verdict. */
export async function testConnection(config: BackendConfig, deps: BackendDeps = {}, signal?: AbortSignal): Promise<ConnectionVerdict> {
  if (config.provider === 'local') {
    return localVerdict(config.modelPath ?? '');
  }
  const http = new BackendHttp({ ...config, maxServerRetries: 0, maxRateLimitAttempts: 1 }, deps);
  const models = await http.listModels(signal).catch((e: unknown) => (e instanceof BackendError ? e : undefined));
  if (models instanceof BackendError && stopsTheTest(models)) {
    return failed(config, models);
  }
  const listed = Array.isArray(models) ? models : undefined;
  const probe = await probeSampling(http, config, signal);
  if (probe.error) {
    return failed(config, probe.error, listed);
  }
  const modelKnown = listed && config.model ? listed.includes(config.model) : true;
  const verdict: ConnectionVerdict = {
    ok: true,
    reachable: true,
    ...(listed ? { models: listed } : {}),
    modelKnown,
    logprobs: probe.logprobs,
    samplesPerRequest: probe.samplesPerRequest,
    lines: [],
  };
  verdict.lines = describe(config, verdict);
  return verdict;
}

/** The model ids the server lists (`GET /models`), or undefined when it does not answer that. */
export async function listModels(config: BackendConfig, deps: BackendDeps = {}, signal?: AbortSignal): Promise<string[] | undefined> {
  if (config.provider === 'local') {
    return undefined;
  }
  const http = new BackendHttp({ ...config, maxServerRetries: 0 }, deps);
  return http.listModels(signal).catch(() => undefined);
}

/** Errors after which asking again cannot tell anything more. */
function stopsTheTest(e: BackendError): boolean {
  return e.kind === 'connection' || e.kind === 'timeout' || e.kind === 'auth' || e.kind === 'cancelled';
}

interface ProbeResult {
  logprobs?: boolean;
  samplesPerRequest?: number;
  error?: BackendError;
}

/** One request for two one-token samples; a refusal of log-probs or of `n` is retried without it. */
async function probeSampling(http: BackendHttp, config: BackendConfig, signal?: AbortSignal): Promise<ProbeResult> {
  let plan: RequestPlan = { n: PROBE_N, logprobs: true };
  let cappedAt: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const reply = await http.post(config.provider === 'chat' ? 'chat' : 'completions', body(config, plan), signal);
      const choices = choicesOf<{ index?: unknown; logprobs?: unknown }>(reply, config.baseUrl);
      return {
        logprobs: plan.logprobs && choices.some((c) => !!c.logprobs),
        samplesPerRequest: cappedAt ?? choices.length,
      };
    } catch (e) {
      const error = e instanceof BackendError ? e : new BackendError('badResponse', String(e));
      if (error.kind !== 'badRequest') {
        return { error };
      }
      if (plan.logprobs && /logprob/i.test(error.message)) {
        plan = { ...plan, logprobs: false };
      } else if (plan.n > 1) {
        cappedAt = Math.min(statedMaxN(error.message) ?? 1, plan.n - 1);
        plan = { ...plan, n: 1 };
      } else {
        return { error };
      }
    }
  }
  return { error: new BackendError('badRequest', `${config.baseUrl} refused every form of the test request.`) };
}

function body(config: BackendConfig, plan: RequestPlan): Record<string, unknown> {
  return config.provider === 'chat'
    ? chatBody(config.model, PROBE_PROMPT, PROBE_OPTIONS, plan, config.systemPrompt)
    : completionsBody(config.model, PROBE_PROMPT, PROBE_OPTIONS, plan);
}

function failed(config: BackendConfig, error: BackendError, models?: string[]): ConnectionVerdict {
  const reachable = error.kind !== 'connection' && error.kind !== 'timeout';
  const modelKnown = error.kind === 'notFound' ? false : models && config.model ? models.includes(config.model) : undefined;
  const verdict: ConnectionVerdict = {
    ok: false,
    reachable,
    ...(models ? { models } : {}),
    ...(modelKnown === undefined ? {} : { modelKnown }),
    error,
    lines: [],
  };
  verdict.lines = describe(config, verdict);
  return verdict;
}

/** The verdict in words, one finding per line. */
function describe(config: BackendConfig, v: ConnectionVerdict): string[] {
  const lines: string[] = [];
  const model = config.model ? `"${config.model}"` : 'the server’s own model';
  if (!v.reachable) {
    return [v.error?.message ?? `${config.baseUrl} did not answer.`];
  }
  lines.push(`${config.baseUrl} answered.`);
  if (v.modelKnown === false) {
    const list = v.models?.length ? ` It lists: ${v.models.slice(0, 8).join(', ')}${v.models.length > 8 ? ', …' : ''}.` : '';
    lines.push(`Model ${model} is not known to the server.${list}`);
  } else if (v.modelKnown) {
    lines.push(v.models && config.model ? `Model ${model} is listed by the server.` : `Model ${model} answered.`);
  }
  if (v.error) {
    lines.push(v.error.message);
    return lines;
  }
  lines.push(
    v.logprobs
      ? 'Log-probabilities: returned, so samples are scored and ranked by them.'
      : 'Log-probabilities: not returned. Samples are unscored; ranking falls back to docstring examples and agreement.',
  );
  const per = v.samplesPerRequest ?? 0;
  lines.push(
    per >= PROBE_N
      ? `n: asked for ${PROBE_N} samples in one request and got ${per}.`
      : `n: asked for ${PROBE_N} samples in one request and got ${per}. Passk asks for the rest in parallel requests, which is slower.`,
  );
  return lines;
}

function localVerdict(modelPath: string): ConnectionVerdict {
  const exists = modelPath !== '' && fs.existsSync(modelPath);
  return {
    ok: exists,
    reachable: exists,
    lines: [exists ? `The local model ${modelPath} is there; it loads in-process on the first completion.` : `No GGUF file at "${modelPath}": set passk.backend.modelPath.`],
  };
}
