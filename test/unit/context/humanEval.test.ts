import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildContext } from '../../../src/core/context/buildContext';

/** The HumanEval prompts shipped in data/ (the tests run from out/test/unit/context). */
function humanEvalPrompts(): { taskId: string; prompt: string }[] {
  const file = path.join(__dirname, '..', '..', '..', '..', 'data', 'HumanEval.jsonl.gz');
  return zlib
    .gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line) as { task_id: string; prompt: string };
      return { taskId: row.task_id, prompt: row.prompt };
    });
}

describe('buildContext: every HumanEval prompt', () => {
  it('completes at the end of each of the 164 prompts (where the evaluator puts the cursor)', async () => {
    const prompts = humanEvalPrompts();
    assert.strictEqual(prompts.length, 164);
    const refused: string[] = [];
    for (const { taskId, prompt } of prompts) {
      const ctx = await buildContext({ text: prompt, offset: prompt.length });
      if (ctx.decision.kind === 'none') {
        refused.push(`${taskId}: ${ctx.decision.reason}`);
      }
    }
    assert.deepStrictEqual(refused, []);
  });
});
