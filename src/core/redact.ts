/**
 * Keeps secrets out of log lines. Plain Node (no `vscode`), so it is unit-tested directly.
 */

const SECRET_PATTERNS: RegExp[] = [
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(Bearer\s+)[^\s"',]+/gi,
  /\b(api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /\b(sk-)[A-Za-z0-9_-]{8,}/g,
];

/** Removes private-key blocks, bearer tokens, `api_key=...` values, `sk-...` keys and any known secret from a message. */
export function redact(message: string, knownSecrets: readonly string[] = []): string {
  let out = message;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) {
      out = out.split(secret).join('«redacted»');
    }
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, '$1«redacted»');
  }
  return out;
}

/** Names of environment variables whose values are secrets (API keys, tokens, passwords). */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION/i;

/** The values of this environment's secret-looking variables, for `redact`'s known secrets. */
export function secretsInEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV_NAME.test(name) && typeof value === 'string' && value.length >= 6)
    .map(([, value]) => value!);
}
