/**
 * A small OpenAI-protocol `/v1/completions` server on 127.0.0.1 that honours `echo: true`: it returns
 * the prompt itself with a log-prob per prompt token, as a scoring server does. The shared test server
 * (test/server/openaiServer.ts) does not echo, so back-translation is tested against this one.
 * Its "model" copies: a word is likely (-0.1) when the same word already appeared earlier in the prompt, else -2.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface EchoServer {
  url: string;
  /** Bodies of the requests received. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  bodies: any[];
  close(): Promise<void>;
}

/** Starts the server; `rejectZeroMaxTokens` answers 400 to `max_tokens: 0` like some servers do. */
export async function startEchoServer(opts: { rejectZeroMaxTokens?: boolean } = {}): Promise<EchoServer> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const bodies: any[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { prompt: string; echo?: boolean; max_tokens?: number };
      bodies.push(body);
      if (opts.rejectZeroMaxTokens && body.max_tokens === 0) {
        send(res, 400, { error: { message: 'max_tokens must be at least 1', type: 'invalid_request_error', param: null, code: 400 } });
        return;
      }
      const text = body.echo ? body.prompt : '';
      send(res, 200, {
        id: 'cmpl-echo',
        object: 'text_completion',
        created: 0,
        model: 'echo',
        choices: [{ index: 0, text, logprobs: body.echo ? legacy(body.prompt) : null, finish_reason: 'length' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function legacy(prompt: string): unknown {
  const tokens = prompt.match(/\s+|\w+|[^\w\s]/g) ?? [];
  const offsets: number[] = [];
  const logprobs: (number | null)[] = [];
  const seenWords = new Set<string>();
  let offset = 0;
  for (const [i, t] of tokens.entries()) {
    offsets.push(offset);
    const seen = seenWords.has(t);
    seenWords.add(t);
    logprobs.push(i === 0 ? null : /\w/.test(t) ? (seen ? -0.1 : -2) : -0.5);
    offset += t.length;
  }
  return { tokens, token_logprobs: logprobs, text_offset: offsets, top_logprobs: null };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
