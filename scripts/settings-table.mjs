// Prints README's settings table from package.json. With --write it first sets package.json's
// `passk.ranking.mode` enum and enumDescriptions from the ranker table (src/core/rank/rankers), then
// replaces README's table between the markers. Unit tests (test/unit/docs, test/unit/rank/rankers.test.ts)
// fail when README.md, package.json and the ranker table disagree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const START = '<!-- settings:start -->';
export const END = '<!-- settings:end -->';

/** The Markdown table of every `passk.*` setting. */
export function settingsTable(pkg) {
  // In the Settings UI's order (`order`), which is the order a user sets Passk up in.
  const entries = Object.entries(pkg.contributes.configuration.properties).sort((a, b) => (a[1].order ?? 1e9) - (b[1].order ?? 1e9));
  const rows = entries.map(([key, p]) => {
    const values = p.enum ? ` One of: ${p.enum.map((v) => `\`${v}\``).join(', ')}.` : '';
    const text = (p.markdownDescription ?? p.description ?? '').replace(/\n+/g, ' ').replace(/\|/g, '\\|');
    return `| \`${key}\` | ${p.type} | \`${JSON.stringify(p.default)}\` | ${text}${values} |`;
  });
  return ['| setting | type | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

/** The ranker table, read from the TypeScript source (bundled in memory by esbuild: no build step needed). */
async function rankers() {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [path.join(root, 'src/core/rank/rankers/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
  });
  const code = out.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return mod.RANKERS;
}

/** package.json with `passk.ranking.mode`'s enum and enumDescriptions taken from the ranker table. */
function withRankers(pkg, table) {
  const prop = pkg.contributes.configuration.properties['passk.ranking.mode'];
  prop.enum = table.map((r) => r.id);
  prop.enumDescriptions = table.map((r) => r.description);
  return pkg;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkgPath = path.join(root, 'package.json');
  let pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  if (process.argv.includes('--write')) {
    pkg = withRankers(pkg, await rankers());
    fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  const table = settingsTable(pkg);
  if (process.argv.includes('--write')) {
    const readmePath = path.join(root, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) {
      throw new Error(`README.md lacks the ${START} … ${END} markers`);
    }
    fs.writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
  } else {
    console.log(table);
  }
}
