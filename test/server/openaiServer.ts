/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI protocol, for tests and benches.
 * Plain Node (no mocha), so unit tests, docstring tests, benches and the editor integration tests
 * (inside VS Code's extension host) can all use it.
 *
 *   const server = await startTestServer({ completions: ['    return a + b\n'] });
 *   // point a backend at server.url  (e.g. http://127.0.0.1:43121/v1)
 *   server.requests        // every request: method, path, endpoint, headers, parsed body
 *   server.aborted         // requests whose connection closed before the response was finished
 *   server.maxInFlight     // most POSTs being handled at once (checks client-side concurrency limits)
 *   await server.close();
 *
 * Endpoints: POST /v1/completions, POST /v1/chat/completions, GET /v1/models. Responses are faithful:
 * `text_completion` / `chat.completion` objects with `usage`; log-probs only when asked for (`logprobs`
 * number on completions, `logprobs: true` on chat). Completions log-probs come in OpenAI's legacy arrays
 * (`tokens`, `token_logprobs`, `top_logprobs`, `text_offset` counted from the prompt start) or, with
 * `logprobShape: 'llama'`, as llama.cpp's `logprobs.content[]` with `bytes`, where multi-byte characters
 * are split across tokens and `token` holds only the valid UTF-8 prefix. Chat always uses `content[]`.
 * `max_tokens` and `stop` are applied to the scripted texts, setting `finish_reason`.
 *
 * Scripting (options at start, or later through the setters):
 *   completions: string[]      texts handed out one per choice, in arrival order; then `defaultText`
 *   setResponder(fn)           fn(request) → { choices: [...] } or a Fault; overrides the queue
 *   failNext(fault, times)     the next POSTs get this fault (before the responder runs)
 *   tokenDelayMs, latencyMs    a reply waits latencyMs + tokenDelayMs × (longest choice in tokens)
 *   slots                      generations at once; more requests wait their turn (default unlimited)
 *   maxN                       n above it → 400 (like llama.cpp); ignoreN → always one choice
 *   logprobs: 'ok' | 'omit' | 'reject'   send them / answer without them / 400 when asked for
 *   models                     known model ids: others → 404 model_not_found
 *   apiKey                     required Bearer key: otherwise 401 (whose message echoes the key sent)
 * Faults: status (any code, body, headers such as Retry-After), html, malformed JSON, hang (no answer),
 * drop (half the body, then the socket closes), stall (headers and half the body, then nothing), reset
 * (socket closed without an answer).
 */
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { EventEmitter } from 'events';
import { contentLogprobs, defaultLogprob, legacyLogprobs, tokenize } from './tokens';
import { errorMessage } from '../../src/core/errorMessage';

/** Which API a request called. */
export type Endpoint = 'completions' | 'chat' | 'models' | 'other';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  endpoint: Endpoint;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined for GET or unparsable bodies). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  rawBody: string;
  /** `n` the client asked for (1 when absent). */
  n: number;
  /** The prompt (completions) or the last user message (chat). */
  promptText: string;
}

/** One scripted choice: a text, optionally with its per-token log-probs and finish reason. */
export type ChoiceSpec = string | { text: string; logprobs?: number[] | number; finishReason?: 'stop' | 'length' };

/** A normal answer. */
export interface ChoicesReply {
  choices: ChoiceSpec[];
}

/** Something going wrong on purpose. */
export type Fault =
  | { fault: 'status'; status: number; body?: unknown; contentType?: string; headers?: Record<string, string> }
  | { fault: 'html'; status?: number }
  | { fault: 'malformed' }
  | { fault: 'hang' }
  | { fault: 'drop' }
  | { fault: 'stall' }
  | { fault: 'reset' };

export type Reply = ChoicesReply | Fault;
export type Responder = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface TestServerOptions {
  completions?: string[];
  defaultText?: string;
  responder?: Responder;
  tokenDelayMs?: number;
  latencyMs?: number;
  slots?: number;
  maxN?: number;
  ignoreN?: boolean;
  logprobs?: 'ok' | 'omit' | 'reject';
  logprobShape?: 'openai' | 'llama';
  models?: string[];
  apiKey?: string;
}

/** A running server. */
export interface TestServer {
  /** Base URL ending in /v1. */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Requests whose connection closed before their response was finished. */
  readonly aborted: number;
  /** Most POST requests in progress at the same time since start (or `reset`). */
  readonly maxInFlight: number;
  readonly options: TestServerOptions;
  setResponder(responder: Responder | undefined): void;
  /** Replaces some options (e.g. `{ tokenDelayMs: 5 }`). */
  configure(options: Partial<TestServerOptions>): void;
  /** Appends texts to the completions queue. */
  enqueue(...texts: string[]): void;
  failNext(fault: Fault, times?: number): void;
  /** POST requests to one endpoint (or all). */
  count(endpoint?: Endpoint): number;
  /** Resolves once `aborted >= count`; rejects after `timeoutMs`. */
  waitForAborts(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and abort counts. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 at a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const impl = new ServerImpl({ ...options });
  await impl.listen();
  return impl;
}

class ServerImpl implements TestServer {
  readonly requests: RecordedRequest[] = [];
  aborted = 0;
  maxInFlight = 0;
  port = 0;
  private inFlight = 0;
  private readonly queue: string[];
  private readonly faults: Fault[] = [];
  private readonly events = new EventEmitter();
  private readonly server: http.Server;
  private busySlots = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private closing = false;
  private responseId = 0;

  constructor(readonly options: TestServerOptions) {
    this.queue = [...(options.completions ?? [])];
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  setResponder(responder: Responder | undefined): void {
    this.options.responder = responder;
  }

  configure(options: Partial<TestServerOptions>): void {
    Object.assign(this.options, options);
  }

  enqueue(...texts: string[]): void {
    this.queue.push(...texts);
  }

  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.faults.push(fault);
    }
  }

  count(endpoint?: Endpoint): number {
    return this.requests.filter((r) => r.method === 'POST' && (!endpoint || r.endpoint === endpoint)).length;
  }

  waitForAborts(count: number, timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.aborted >= count) {
          clearTimeout(timer);
          this.events.off('abort', check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.events.off('abort', check);
        reject(new Error(`server saw ${this.aborted} aborted requests, expected ${count}`));
      }, timeoutMs);
      this.events.on('abort', check);
      check();
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.aborted = 0;
    this.maxInFlight = this.inFlight;
  }

  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const recorded = record(req, rawBody);
    this.requests.push(recorded);
    const counted = recorded.method === 'POST';
    if (counted) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    }
    res.on('close', () => {
      if (counted) {
        this.inFlight--;
      }
      if (!res.writableFinished && !this.closing) {
        this.aborted++;
        this.events.emit('abort');
      }
    });
    try {
      await this.route(recorded, res);
    } catch (e) {
      sendJson(res, 500, errorBody(500, `test server: ${errorMessage(e)}`, 'server_error'));
    }
  }

  private async route(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.endpoint === 'models') {
      const ids = this.options.models ?? ['test-model'];
      sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'passk-test' })) });
      return;
    }
    if (req.method !== 'POST' || (req.endpoint !== 'completions' && req.endpoint !== 'chat')) {
      sendJson(res, 404, errorBody(404, `Unknown request URL: ${req.method} ${req.path}`, 'invalid_request_error'));
      return;
    }
    const refusal = this.validate(req);
    if (refusal) {
      sendJson(res, refusal.status, refusal.body);
      return;
    }
    const fault = this.faults.shift();
    const reply = fault ?? (await this.reply(req));
    if ('fault' in reply) {
      await this.sendFault(res, reply);
      return;
    }
    await this.sendChoices(req, res, reply);
  }

  private validate(req: RecordedRequest): { status: number; body: unknown } | undefined {
    const o = this.options;
    if (o.apiKey !== undefined && req.headers.authorization !== `Bearer ${o.apiKey}`) {
      const sent = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return { status: 401, body: errorBody(401, `Incorrect API key provided: ${sent}.`, 'invalid_request_error', 'invalid_api_key') };
    }
    if (req.body === undefined) {
      return { status: 400, body: errorBody(400, 'Invalid JSON in request body', 'invalid_request_error') };
    }
    if (req.body.stream) {
      return { status: 400, body: errorBody(400, 'The test server does not stream', 'invalid_request_error') };
    }
    if (o.models && !o.models.includes(req.body.model)) {
      const message = `The model \`${String(req.body.model)}\` does not exist or you do not have access to it.`;
      return { status: 404, body: errorBody(404, message, 'invalid_request_error', 'model_not_found') };
    }
    if (o.maxN !== undefined && req.n > o.maxN) {
      return { status: 400, body: errorBody(400, `n must be at most ${o.maxN} (the number of slots)`, 'invalid_request_error') };
    }
    if (o.logprobs === 'reject' && wantsLogprobs(req)) {
      return { status: 400, body: errorBody(400, 'logprobs is not supported by this server', 'invalid_request_error') };
    }
    return undefined;
  }

  private async reply(req: RecordedRequest): Promise<Reply> {
    if (this.options.responder) {
      return this.options.responder(req);
    }
    const n = this.options.ignoreN ? 1 : req.n;
    const choices: string[] = [];
    for (let i = 0; i < n; i++) {
      choices.push(this.queue.shift() ?? this.options.defaultText ?? '    return None\n');
    }
    return { choices };
  }

  private async sendChoices(req: RecordedRequest, res: http.ServerResponse, reply: ChoicesReply): Promise<void> {
    const built = reply.choices.map((spec, i) => this.buildChoice(req, spec, i));
    const longest = Math.max(0, ...built.map((c) => c.tokenCount));
    await this.acquireSlot();
    try {
      await delay((this.options.latencyMs ?? 0) + (this.options.tokenDelayMs ?? 0) * longest, res);
    } finally {
      this.releaseSlot();
    }
    if (res.destroyed) {
      return;
    }
    const completionTokens = built.reduce((sum, c) => sum + c.tokenCount, 0);
    const promptTokens = tokenize(req.promptText, false).length;
    sendJson(res, 200, {
      id: `${req.endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${++this.responseId}`,
      object: req.endpoint === 'chat' ? 'chat.completion' : 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: String(req.body.model ?? 'test-model'),
      system_fingerprint: 'passk-test',
      choices: built.map((c) => c.json),
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  private buildChoice(req: RecordedRequest, spec: ChoiceSpec, index: number): { json: unknown; tokenCount: number } {
    const s = typeof spec === 'string' ? { text: spec } : spec;
    const llamaLike = req.endpoint === 'chat' || this.options.logprobShape === 'llama';
    const cut = applyLimits(s.text, req.body, llamaLike);
    const lps = cut.tokens.map((_, i) => (Array.isArray(s.logprobs) ? s.logprobs[i] : s.logprobs) ?? defaultLogprob(i));
    const finish = s.finishReason ?? cut.finishReason;
    let logprobs: unknown = null;
    if (wantsLogprobs(req) && this.options.logprobs !== 'omit') {
      logprobs = llamaLike
        ? { content: contentLogprobs(cut.tokens, lps) }
        : legacyLogprobs(cut.tokens, lps, req.promptText.length);
    }
    const json =
      req.endpoint === 'chat'
        ? { index, message: { role: 'assistant', content: cut.text, refusal: null }, logprobs, finish_reason: finish }
        : { text: cut.text, index, logprobs, finish_reason: finish };
    return { json, tokenCount: cut.tokens.length };
  }

  private async sendFault(res: http.ServerResponse, fault: Fault): Promise<void> {
    switch (fault.fault) {
      case 'status': {
        const body = fault.body ?? errorBody(fault.status, `test server fault ${fault.status}`, 'server_error');
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json', ...fault.headers });
        res.end(text);
        return;
      }
      case 'html':
        res.writeHead(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"cmpl-x","object":"text_completion","choices":[{"text":"    return');
        return;
      case 'hang':
        return; // never answers; the client's timeout or abort ends it
      case 'drop':
      case 'stall': {
        const full = JSON.stringify({ id: 'cmpl-cut', object: 'text_completion', choices: [{ text: 'x'.repeat(2000), index: 0 }] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
        res.write(full.slice(0, full.length / 2));
        if (fault.fault === 'drop') {
          await delay(20, res);
          res.socket?.destroy();
        }
        return;
      }
      case 'reset':
        res.socket?.destroy();
        return;
    }
  }

  private acquireSlot(): Promise<void> {
    if (this.busySlots < (this.options.slots ?? Infinity)) {
      this.busySlots++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) {
      next();
    } else {
      this.busySlots--;
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function record(req: http.IncomingMessage, rawBody: string): RecordedRequest {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const b = body as any;
  const endpoint: Endpoint =
    path === '/v1/completions' ? 'completions' : path === '/v1/chat/completions' ? 'chat' : path === '/v1/models' ? 'models' : 'other';
  const messages: { role: string; content: string }[] = Array.isArray(b?.messages) ? b.messages : [];
  const promptText =
    endpoint === 'chat'
      ? String(messages.filter((m) => m.role === 'user').pop()?.content ?? '')
      : String(Array.isArray(b?.prompt) ? b.prompt.join('') : (b?.prompt ?? ''));
  return { method: req.method ?? 'GET', path, endpoint, headers: req.headers, body, rawBody, n: Number(b?.n ?? 1), promptText };
}

function wantsLogprobs(req: RecordedRequest): boolean {
  const lp = req.body?.logprobs;
  return req.endpoint === 'chat' ? lp === true : typeof lp === 'number' && lp >= 0;
}

/** Applies `stop` (cut before the first stop string) and `max_tokens` the way servers do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function applyLimits(text: string, body: any, splitUtf8: boolean): { text: string; tokens: Buffer[]; finishReason: 'stop' | 'length' } {
  const stops: string[] = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  let cutAt = text.length;
  for (const s of stops) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && at < cutAt) {
      cutAt = at;
    }
  }
  let tokens = tokenize(text.slice(0, cutAt), splitUtf8);
  const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? Infinity);
  let finishReason: 'stop' | 'length' = 'stop';
  if (tokens.length > maxTokens) {
    tokens = tokens.slice(0, maxTokens);
    finishReason = 'length';
  }
  return { text: Buffer.concat(tokens).toString('utf8'), tokens, finishReason };
}

function errorBody(status: number, message: string, type: string, code: string | number = status): unknown {
  return { error: { message, type, param: null, code } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) {
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Waits `ms`, returning early when the client has gone. */
function delay(ms: number, res: http.ServerResponse): Promise<void> {
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.on('close', done);
  });
}

/** A port nothing listens on (bound once, then released): a dead backend for fault tests. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
