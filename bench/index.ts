/**
 * `npm run bench`: runs every bench/*.ts module (compiled to out/bench) in name order.
 * Each module exports `run()` and prints one line per figure: `name: value unit`.
 * `npm run bench -- backend context` runs only the modules whose names contain one of the words.
 */
import * as fs from 'fs';
import * as path from 'path';
import { errorMessage } from '../src/core/errorMessage';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'index.js' && !f.startsWith('_'))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    try {
      await mod.run();
    } catch (e) {
      failed++;
      console.error(`${file}: failed: ${errorMessage(e)}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
