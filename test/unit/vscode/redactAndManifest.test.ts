import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { redact } from '../../../src/vscode/redact';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    keybindings: { command: string; key: string; when?: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; order?: number; format?: string; enum?: string[]; enumDescriptions?: string[] }> };
    menus: { commandPalette: { command: string; when?: string }[] };
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

  const properties = Object.entries(manifest.contributes.configuration.properties);

  it('Ctrl+Alt+Enter gives way to Replace All while the find widget is open', () => {
    const chord = manifest.contributes.keybindings.find((k) => k.key === 'ctrl+alt+enter');
    assert.ok(chord, 'Complete Function Now keeps its chord');
    assert.match(chord.when ?? '', /(^|&&)\s*!findWidgetVisible\s*(&&|$)/, chord.when);
  });

  it('every setting has its own order, and the Settings UI reads them in setup order', () => {
    const orders = properties.map(([key, p]) => {
      assert.ok(Number.isInteger(p.order), `${key} has an integer "order" (see the groups in package.json)`);
      return p.order as number;
    });
    assert.strictEqual(new Set(orders).size, orders.length, 'no two settings share an order');
    const sorted = properties.sort((a, b) => (a[1].order as number) - (b[1].order as number)).map(([key]) => key);
    const setup = ['passk.enabled', 'passk.disabledFor', 'passk.backend.preset', 'passk.backend.baseUrl', 'passk.backend.model', 'passk.backend.api'];
    assert.deepStrictEqual(sorted.slice(0, setup.length), setup);
    // a group's settings stand together: each prefix appears in one run
    const groups = sorted.map((k) => k.split('.').slice(0, -1).join('.'));
    const runs = groups.filter((g, i) => i === 0 || groups[i - 1] !== g);
    assert.strictEqual(new Set(runs).size, runs.length, `groups in one run each: ${runs.join(', ')}`);
  });

  it('no setting shows a format error at its default', () => {
    for (const [key, p] of properties) {
      assert.ok(!(p.format && p.default === ''), `${key}: format "${p.format}" would flag its empty default`);
    }
  });

  it('the backend preset is a closed set with a description per value', () => {
    const preset = manifest.contributes.configuration.properties['passk.backend.preset']!;
    assert.deepStrictEqual(preset.enum, ['openai', 'ollama', 'llamacpp', 'vllm', 'lmstudio', 'custom']);
    assert.strictEqual(preset.enumDescriptions?.length, preset.enum.length);
    for (const [key, p] of properties) {
      if (p.enum) {
        assert.strictEqual(p.enumDescriptions?.length, p.enum.length, `${key} describes each value`);
      }
    }
  });
});
