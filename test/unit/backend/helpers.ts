/** Shared bits of the backend tests: a prompt, options, and a backend pointed at a test server. */
import * as assert from 'assert';
import { createBackend, BackendError, type BackendConfig, type BackendDeps, type BackendErrorKind } from '../../../src/core/backend';
import type { OpenAICompatibleBackend } from '../../../src/core/backend/openaiBackend';
import type { Prompt } from '../../../src/core/types';
import type { TestServer } from '../../server/openaiServer';

export const PROMPT: Prompt = {
  kind: 'codex',
  text: 'def add(a, b):\n    """Add two numbers."""\n',
  stop: ['\ndef', '\nclass', '\nif', '\nprint', '\n#'],
};

export const OPTS = { n: 1, temperature: 0.8, topP: 0.95, maxTokens: 64 };

/** A backend on `server` with short timeouts and quick retries so fault tests stay fast. */
export function backendFor(server: TestServer, overrides: Partial<BackendConfig> = {}, deps: BackendDeps = {}): OpenAICompatibleBackend {
  return createBackend(
    {
      provider: 'completions',
      baseUrl: server.url,
      model: 'test-model',
      timeoutMs: 5_000,
      maxConcurrency: 4,
      maxRetryAfterMs: 2_000,
      ...overrides,
    },
    deps,
  ) as OpenAICompatibleBackend;
}

/** Awaits `p`, asserts it rejected with a BackendError of `kind`, returns the error. */
export async function rejectsWith(p: Promise<unknown>, kind: BackendErrorKind): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BackendError, `expected a BackendError, got ${String(e)}`);
    assert.strictEqual(e.kind, kind, `kind ${e.kind}: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}
