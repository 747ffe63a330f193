import * as assert from 'assert';
import { renderChart } from '../../../src/core/eval/chart';
import { renderConsoleSummary, renderReport } from '../../../src/core/eval/report';
import type { EvalSummary } from '../../../src/core/eval/summary';

const summary: EvalSummary = {
  problemsFile: 'data/HumanEval.jsonl.gz',
  samplesSource: 'samples.jsonl',
  problems: 2,
  samples: 6,
  samplesPerProblem: { min: 3, max: 3 },
  passAtK: [{ k: 1, value: 0.5 }, { k: 2, value: 2 / 3 }, { k: 3, value: 1 }],
  headline: [{ k: 1, value: 0.5 }],
  ranking: [
    { ranker: 'random', passAt1: 0.5, actedOn: 2 },
    { ranker: 'meanLogprob', passAt1: 0.75, actedOn: 1 },
    { ranker: 'oracle', passAt1: 1, actedOn: 2 },
  ],
  postprocess: 'editor',
  emptyAfterPostprocess: 1,
  distinctTexts: 5,
  checkedThisRun: 5,
  seconds: 1.5,
  timeoutMs: 3000,
  workers: 2,
};

describe('eval/report and chart', () => {
  it('the report has every k, every ranker with what it acted on, and the chart link', () => {
    const md = renderReport(summary);
    assert.match(md, /\| 2 \| 0\.6667 \|/);
    assert.match(md, /\| meanLogprob \| 0\.7500 \| 1\/2 \|/);
    assert.match(md, /\| oracle \| 1\.0000 \| 2\/2 \|/);
    assert.match(md, /1 left empty/);
    assert.match(md, /!\[pass@k and rankers\]\(chart\.svg\)/);
  });

  it('the console summary shows the headline ks and the ranking', () => {
    const text = renderConsoleSummary(summary);
    assert.match(text, /^2 problems, 6 samples: pass@1 0\.500/);
    assert.match(text, /meanLogprob {2}0\.750 {2}\(acted on 1\/2\)/);
  });

  it('the chart is one SVG with a point per plotted k and a bar per ranker, names escaped', () => {
    const svg = renderChart({
      title: 'a < b & c',
      passAtK: summary.passAtK,
      ranking: summary.ranking.map((r) => ({ name: r.ranker, value: r.passAt1 })),
    });
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    assert.match(svg, /a &lt; b &amp; c/);
    assert.strictEqual((svg.match(/<circle /g) ?? []).length, 2); // k = 1 and 2 are ticks; 3 is not
    assert.strictEqual((svg.match(/<rect x=/g) ?? []).length, 3);
    assert.match(svg, /<title>meanLogprob: 0\.750<\/title>/);
    assert.ok(!/NaN|undefined/.test(svg));
  });
});
