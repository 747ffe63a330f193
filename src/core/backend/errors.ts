/**
 * Turns whatever the HTTP layer threw into a `BackendError` with a message a user can act on.
 * Nothing leaves a provider unclassified, and no message carries the API key.
 */
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { BackendError, type BackendErrorAction } from './backend';
import { errorMessage } from '../errorMessage';

/** What the classifier needs to name the server and hide the key. */
export interface ErrorContext {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** The caller's signal fired. */
  cancelled: boolean;
  /** Our own whole-request timer fired. */
  timedOut: boolean;
}

const MAX_DETAIL_CHARS = 200;

/** Removes the key (and anything that looks like a bearer token or OpenAI key) from `text`. */
export function redact(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) {
    out = out.split(apiKey).join('***');
  }
  return out.replace(/Bearer\s+\S+/gi, 'Bearer ***').replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-***');
}

/** Classifies any thrown value; a `BackendError` passes through unchanged. */
export function classifyError(e: unknown, ctx: ErrorContext): BackendError {
  if (e instanceof BackendError) {
    return e;
  }
  if (ctx.cancelled) {
    return new BackendError('cancelled', 'The request was cancelled.');
  }
  if (ctx.timedOut || e instanceof APIConnectionTimeoutError) {
    return new BackendError('timeout', `${ctx.baseUrl} did not answer within ${ctx.timeoutMs} ms. Is the model still loading? The timeout is a setting.`, { action: 'openSettings' });
  }
  if (e instanceof APIUserAbortError) {
    return new BackendError('cancelled', 'The request was cancelled.');
  }
  if (e instanceof APIError && typeof e.status === 'number') {
    return fromStatus(e, e.status, ctx);
  }
  return fromTransport(e, ctx);
}

function fromStatus(e: APIError, status: number, ctx: ErrorContext): BackendError {
  const detail = serverDetail(e, ctx.apiKey);
  const server = ctx.baseUrl;
  const opts = (action: BackendErrorAction): { action: BackendErrorAction; status: number } => ({ action, status });
  if (status === 401 || status === 403) {
    return new BackendError('auth', `${server} refused the API key (${status}): ${detail}. Set the key with "Passk: Set API Key" (or OPENAI_API_KEY for the CLI).`, opts('setApiKey'));
  }
  if (status === 404) {
    return new BackendError('notFound', `Model "${ctx.model}" was not found on ${server} (404): ${detail}. Check the model name and that the base URL ends in /v1.`, opts('openSettings'));
  }
  if (status === 429) {
    return new BackendError('rateLimit', `${server} is rate-limiting requests (429): ${detail}.`, opts('showLog'));
  }
  if (status >= 500) {
    const what = looksLikeHtml(e.message) ? 'an HTML error page instead of JSON (a proxy in the way, or the wrong base URL?)' : detail;
    return new BackendError('server', `${server} failed with ${status}: ${what}.`, opts('showLog'));
  }
  return new BackendError('badRequest', `${server} rejected the request (${status}): ${detail}.`, opts('openSettings'));
}

function fromTransport(e: unknown, ctx: ErrorContext): BackendError {
  const server = ctx.baseUrl;
  const codes = causeCodes(e);
  if (codes.includes('ECONNREFUSED')) {
    return new BackendError('connection', `Cannot connect to ${server}: connection refused. Is the server running?`, { action: 'startServer' });
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return new BackendError('connection', `Cannot find the host of ${server}. Check the base URL.`, { action: 'openSettings' });
  }
  if (e instanceof SyntaxError) {
    return new BackendError('badResponse', `${server} sent a reply that is not valid JSON (${redact(e.message, ctx.apiKey)}).`, { action: 'showLog' });
  }
  const message = errorMessage(e);
  if (codes.includes('UND_ERR_SOCKET') || codes.includes('ECONNRESET') || /terminated|other side closed|socket hang up/i.test(message)) {
    return new BackendError('dropped', `The connection to ${server} dropped before the answer was complete.`, { action: 'showLog' });
  }
  if (e instanceof APIError) {
    return new BackendError('connection', `Cannot reach ${server}: ${redact(message, ctx.apiKey)}. Is the server running?`, { action: 'startServer' });
  }
  return new BackendError('badResponse', `Unexpected failure talking to ${server}: ${redact(message, ctx.apiKey)}.`, { action: 'showLog' });
}

/** The server's own words, shortened to one line, without the key. */
function serverDetail(e: APIError, apiKey?: string): string {
  const body = e.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : e.message.replace(/^\d{3}\s*/, '');
  const oneLine = redact(raw, apiKey).replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  const text = looksLikeHtml(oneLine) ? 'an HTML page' : oneLine || 'no details';
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}

function looksLikeHtml(text: string): boolean {
  return /<(!doctype|html|head|body)\b/i.test(text);
}

/** Error codes along the `cause` chain (undici wraps ECONNREFUSED in "fetch failed"). */
function causeCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === 'string') {
      codes.push(c.code);
    }
    if (Array.isArray(c.errors)) {
      codes.push(...c.errors.map((x: { code?: unknown }) => String(x?.code)));
    }
    cur = c.cause;
  }
  return codes;
}

/** Milliseconds a 429/503 asks us to wait (`retry-after-ms`, `retry-after` seconds or HTTP date). */
export function retryAfterMs(headers: Headers | undefined, nowMs = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) {
    return ms;
  }
  const value = headers?.get('retry-after');
  if (!value) {
    return undefined;
  }
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}
