/**
 * The candidates webview's HTML shell. It carries no data: the model arrives by postMessage and is put
 * into text nodes by the webview script (src/webview/panel.ts, bundled to dist/panel.js). The Content-Security-Policy allows only the extension's own
 * stylesheet and the one script carrying this page's nonce.
 */
import { randomBytes } from 'crypto';
import { escapeHtml } from './text';

/** What the shell needs from the webview (all strings, so this stays free of `vscode`). */
export interface PanelHtmlParts {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/panel.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)`, as a string. */
  styleUri: string;
  /** A fresh value per page load; see {@link makeNonce}. */
  nonce: string;
}

/** A random nonce for `script-src 'nonce-…'` (base64url, 128 bits). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The Content-Security-Policy of the panel. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page the webview loads. */
export function panelHtml(parts: PanelHtmlParts): string {
  const csp = escapeHtml(contentSecurityPolicy(parts.cspSource, parts.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(parts.styleUri)}">
<title>Passk candidates</title>
</head>
<body>
<main>
<div id="status" class="status" role="status" aria-live="polite"></div>
<div id="root"><p class="empty">Loading candidates…</p></div>
</main>
<script nonce="${escapeHtml(parts.nonce)}" src="${escapeHtml(parts.scriptUri)}"></script>
</body>
</html>
`;
}
