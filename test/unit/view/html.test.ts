import * as assert from 'assert';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/core/view/html';

const parts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  nonce: 'abc123_-XYZ',
};

describe('view/html', () => {
  it('allows only the extension\'s styles and the nonce-carrying script', () => {
    const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.strictEqual(directives.get('default-src'), "'none'");
    assert.strictEqual(directives.get('script-src'), "'nonce-abc123_-XYZ'");
    assert.strictEqual(directives.get('style-src'), parts.cspSource);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the CSP first in head and loads one script, with the nonce, and no inline code', () => {
    const html = panelHtml(parts);
    const cspAt = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(cspAt > 0 && cspAt < html.indexOf('<link'), 'CSP before any resource');
    const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>`]);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i);
    assert.match(html, /role="status" aria-live="polite"/);
  });

  it('escapes the values it is given', () => {
    const html = panelHtml({ ...parts, scriptUri: 'x"><script>alert(1)</script>' });
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /src="x&#34;&#62;&#60;script&#62;/);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notStrictEqual(makeNonce(), a);
  });
});
