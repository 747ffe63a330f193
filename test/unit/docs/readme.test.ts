import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../../../..');
const read = (f: string): string => fs.readFileSync(path.join(root, f), 'utf8');

interface SettingsTableModule {
  settingsTable(pkg: unknown): string;
  START: string;
  END: string;
}

describe('README stays true', () => {
  it('lists every setting exactly as package.json declares it', async () => {
    // A dynamic import keeps the .mjs script the single source of the table's format.
    const importer = new Function('p', 'return import(p)') as (p: string) => Promise<SettingsTableModule>;
    const mod = await importer(path.join(root, 'scripts', 'settings-table.mjs'));
    const readme = read('README.md');
    const start = readme.indexOf(mod.START);
    const end = readme.indexOf(mod.END);
    assert.ok(start >= 0 && end > start, 'README.md has the settings markers');
    const inReadme = readme.slice(start + mod.START.length, end).trim();
    assert.strictEqual(inReadme, mod.settingsTable(JSON.parse(read('package.json'))), 'run: node scripts/settings-table.mjs --write');
  });

  it('gives the test command that .ci/run calls', () => {
    const ci = read('.ci/run');
    assert.match(read('README.md'), /```sh\nnpm ci && npm test\n```/);
    assert.match(ci, /^npm test$/m);
  });

  it('names every command package.json contributes', () => {
    const pkg = JSON.parse(read('package.json')) as { contributes: { commands: { title: string }[] } };
    const readme = read('README.md');
    for (const c of pkg.contributes.commands) {
      assert.ok(readme.includes(`Passk: ${c.title}`), `README mentions "Passk: ${c.title}"`);
    }
  });
});
