import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { redact } from '../../../src/vscode/redact';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    keybindings: { command: string; when?: string }[];
    walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[];
  };
}

describe('redact', () => {
  it('removes known secrets, bearer tokens, api_key values and sk- keys', () => {
    const line = 'POST with Authorization: Bearer abc.def-123 api_key="zzz999" key sk-ABCDEFGH12345678 and my-own-secret';
    const out = redact(line, ['my-own-secret']);
    for (const secret of ['abc.def-123', 'zzz999', 'ABCDEFGH12345678', 'my-own-secret']) {
      assert.ok(!out.includes(secret), `${secret} removed from: ${out}`);
    }
    assert.match(out, /^POST with Authorization: Bearer «redacted»/);
  });

  it('leaves ordinary text alone', () => {
    assert.strictEqual(redact('backend: completions:http://127.0.0.1:8080/v1:qwen'), 'backend: completions:http://127.0.0.1:8080/v1:qwen');
  });
});

describe('package.json contributions', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

  it('every command is in the Passk category', () => {
    for (const c of manifest.contributes.commands) {
      assert.strictEqual(c.category, 'Passk', c.command);
    }
  });

  it('every keybinding is guarded by a when clause and names a contributed command', () => {
    const ids = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const k of manifest.contributes.keybindings) {
      assert.ok(k.when, `${k.command} has a when clause`);
      assert.ok(ids.has(k.command), `${k.command} is contributed`);
    }
  });

  it('every walkthrough step shows a file that exists', () => {
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 4);
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image;
      assert.ok(file && fs.existsSync(path.join(root, file)), `${file} exists`);
    }
  });
});
