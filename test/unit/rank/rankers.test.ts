import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseRanking } from '../../../src/cli/evalCommand';
import { RANKER_MODES, pickOf } from '../../../src/core/eval/rankers';
import { RANKERS, RANKING_MODES, rankerFor } from '../../../src/core/rank/rankers';
import { DEFAULT_SETTINGS, SETTING_SPECS, readSettings } from '../../../src/core/settings';
import type { RankedSample, RankingMode } from '../../../src/core/types';

const root = path.resolve(__dirname, '../../../..');
const read = (f: string): string => fs.readFileSync(path.join(root, f), 'utf8');
const ids = RANKERS.map((r) => r.id);

describe('the ranker table', () => {
  it('has one row per id, each described and labelled', () => {
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of RANKERS) {
      assert.ok(r.label.trim() && r.description.trim(), `${r.id} has a label and a description`);
      assert.strictEqual(rankerFor(r.id), r);
    }
    // The type is the table's ids: a RankingMode literal outside the table does not compile.
    const every: RankingMode[] = ['auto', 'meanLogprob', 'sumLogprob', 'doctest', 'agreement', 'codet', 'behaviour', 'none'];
    assert.deepStrictEqual([...every].sort(), [...ids].sort());
  });

  it('is the passk.ranking.mode setting: its values, and what an unknown value reads as', () => {
    const spec = SETTING_SPECS['ranking.mode'];
    assert.ok(spec?.type === 'enum');
    assert.deepStrictEqual([...spec.values], ids);
    assert.deepStrictEqual([...RANKING_MODES], ids);
    for (const id of ids) {
      assert.strictEqual(readSettings((k) => (k === 'ranking.mode' ? id : undefined)).ranking.mode, id);
    }
    assert.strictEqual(readSettings((k) => (k === 'ranking.mode' ? 'behaviorr' : undefined)).ranking.mode, DEFAULT_SETTINGS.ranking.mode);
  });

  it('is package.json’s enum and enumDescriptions (run: node scripts/settings-table.mjs --write)', () => {
    const pkg = JSON.parse(read('package.json')) as {
      contributes: { configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[] }> } };
    };
    const prop = pkg.contributes.configuration.properties['passk.ranking.mode']!;
    assert.deepStrictEqual(prop.enum, ids);
    assert.deepStrictEqual(
      prop.enumDescriptions,
      RANKERS.map((r) => r.description),
    );
  });

  it('is README’s settings row and its "How it ranks" table, in the same order', () => {
    const readme = read('README.md');
    const row = readme.split('\n').find((l) => l.startsWith('| `passk.ranking.mode` |'));
    assert.ok(row?.endsWith(`One of: ${ids.map((id) => `\`${id}\``).join(', ')}. |`), row);
    const section = readme.slice(readme.indexOf('## How it ranks'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
    const listed = [...table.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    assert.deepStrictEqual(listed, ids);
  });

  it('is the evaluator’s rankers: every evaluated one, in table order, with its own "acted" rule', () => {
    const evaluated = RANKERS.filter((r) => r.evaluated).map((r) => r.id);
    assert.deepStrictEqual([...RANKER_MODES], evaluated);
    assert.deepStrictEqual(parseRanking('all'), evaluated);
    assert.ok(!(evaluated as string[]).includes('none'), 'random stands for the backend order');
    const unscoredUnrun: RankedSample[] = [{ sample: { text: 'x', index: 3, finishReason: 'stop' }, rank: 0, votes: 1, reasons: [] }];
    for (const r of RANKERS) {
      assert.deepStrictEqual(pickOf(r.id, unscoredUnrun), { index: 3, acted: r.acted(unscoredUnrun) });
    }
  });
});
