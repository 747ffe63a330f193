// Prints README's settings table from package.json, or with --write replaces it between the markers.
// A unit test (test/unit/docs) fails when README.md and package.json disagree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const START = '<!-- settings:start -->';
export const END = '<!-- settings:end -->';

/** The Markdown table of every `passk.*` setting. */
export function settingsTable(pkg) {
  const rows = Object.entries(pkg.contributes.configuration.properties).map(([key, p]) => {
    const values = p.enum ? ` One of: ${p.enum.map((v) => `\`${v}\``).join(', ')}.` : '';
    const text = (p.markdownDescription ?? p.description ?? '').replace(/\n+/g, ' ').replace(/\|/g, '\\|');
    return `| \`${key}\` | ${p.type} | \`${JSON.stringify(p.default)}\` | ${text}${values} |`;
  });
  return ['| setting | type | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
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
