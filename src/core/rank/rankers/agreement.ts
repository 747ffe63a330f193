/** CodeT/MBR-exec style: samples that behave alike on the examples' inputs vote together. */
import { byAgreement, byMean, executed } from './order';
import type { Ranker } from './ranker';

/** Largest group of samples behaving alike first, then mean log-prob. */
export const agreementRanker = {
  id: 'agreement',
  label: 'Agreement',
  description: "Samples that behave like most others on the examples' inputs.",
  executes: true,
  evaluated: true,
  order: (a, b) => byAgreement(a, b) || byMean(a, b),
  acted: executed,
} as const satisfies Ranker;
