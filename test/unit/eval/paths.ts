import * as path from 'path';

/** The repository root (tests run from out/test/unit/eval). */
export const ROOT = path.join(__dirname, '..', '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'eval');
export const HUMANEVAL = path.join(ROOT, 'data', 'HumanEval.jsonl.gz');
