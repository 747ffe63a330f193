import type { EvalSummary } from './summary';

/** The Markdown report: headline pass@k, the full pass@k table, and the ranking table. */
export function renderReport(s: EvalSummary): string {
  const lines = [
    '# Passk evaluation',
    '',
    `- problems: ${s.problems} (${s.problemsFile})`,
    `- samples: ${s.samples} from ${s.samplesSource}, ${perProblem(s)} per problem`,
    `- post-processed as in the editor; ${s.emptyAfterPostprocess} left empty (counted as failed)`,
    `- timeout ${s.timeoutMs / 1000} s per sample, ${s.workers} worker(s), ${s.seconds.toFixed(1)} s (${s.checkedThisRun} samples checked in this run)`,
    '',
    '## pass@k',
    '',
    '| k | pass@k |',
    '|---:|---:|',
    ...s.passAtK.map((p) => `| ${p.k} | ${pct(p.value)} |`),
    '',
    'Unbiased estimator 1 − C(n−c, k)/C(n, k) per problem, in its stable product form, averaged over problems.',
    '',
    '## Picking one sample',
    '',
    '| ranker | pass@1 of its pick | problems it could act on |',
    '|---|---:|---:|',
    ...s.ranking.map((r) => `| ${r.ranker} | ${pct(r.passAt1)} | ${r.actedOn}/${s.problems} |`),
    '',
    'random is the expected value (c/n); where a ranker cannot act (no log-probs, no examples) its pick counts',
    'as random. oracle picks a passing sample whenever there is one.',
    '',
    '![pass@k and rankers](chart.svg)',
    '',
  ];
  return lines.join('\n');
}

/** The short table printed on the terminal at the end of a run. */
export function renderConsoleSummary(s: EvalSummary): string {
  const head = s.headline.map((h) => `pass@${h.k} ${h.value.toFixed(3)}`).join('  ');
  const rows = s.ranking.map((r) => `  ${r.ranker.padEnd(12)} ${r.passAt1.toFixed(3)}  (acted on ${r.actedOn}/${s.problems})`);
  return [`${s.problems} problems, ${s.samples} samples: ${head}`, 'pass@1 of the pick:', ...rows].join('\n');
}

function perProblem(s: EvalSummary): string {
  const { min, max } = s.samplesPerProblem;
  return min === max ? `${min}` : `${min}–${max}`;
}

function pct(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : '—';
}
