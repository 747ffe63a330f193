/**
 * Keeps secrets out of log lines. Plain Node (no `vscode`), so it is unit-tested directly.
 */

const SECRET_PATTERNS: RegExp[] = [
  /\b(Bearer\s+)[^\s"',]+/gi,
  /\b(api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /\b(sk-)[A-Za-z0-9_-]{8,}/g,
];

/** Removes bearer tokens, `api_key=...` values, `sk-...` keys and any known secret from a message. */
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
