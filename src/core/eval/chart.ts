/**
 * The report's SVG: pass@k against k (left) and each ranker's pass@1 (right). Plain SVG text, no
 * dependencies; values are fractions in [0, 1].
 */

/** What the chart shows. */
export interface ChartData {
  title: string;
  passAtK: { k: number; value: number }[];
  ranking: { name: string; value: number }[];
}

const W = 900;
const H = 420;
const PAD = 50;
const PANEL = (W - 3 * PAD) / 2;

/** Renders both panels as a standalone SVG document. */
export function renderChart(d: ChartData): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="15">${esc(d.title)}</text>`,
    ...passAtKPanel(d.passAtK, PAD, TOP),
    ...rankingPanel(d.ranking, 2 * PAD + PANEL, TOP),
    '</svg>',
    '',
  ].join('\n');
}

const TOP = 64;
const PLOT_H = H - TOP - 90;

function yAxis(x: number, y: number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].flatMap((v) => {
    const yy = y + PLOT_H * (1 - v);
    return [
      `<line x1="${x}" y1="${f(yy)}" x2="${x + PANEL}" y2="${f(yy)}" stroke="#ddd"/>`,
      `<text x="${x - 6}" y="${f(yy + 4)}" text-anchor="end">${v.toFixed(2)}</text>`,
    ];
  });
}

function passAtKPanel(points: { k: number; value: number }[], x: number, y: number): string[] {
  const maxK = Math.max(1, ...points.map((p) => p.k));
  // k on a log scale, as the paper plots it.
  const px = (k: number): number => x + (maxK === 1 ? PANEL / 2 : (Math.log(k) / Math.log(maxK)) * PANEL);
  const py = (v: number): number => y + PLOT_H * (1 - v);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(px(p.k))},${f(py(p.value))}`).join(' ');
  const ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((k) => k <= maxK);
  return [
    `<text x="${x + PANEL / 2}" y="${y + PLOT_H + 40}" text-anchor="middle">k (log scale)</text>`,
    `<text x="${x + PANEL / 2}" y="${y - 22}" text-anchor="middle" font-size="13">pass@k</text>`,
    ...yAxis(x, y),
    ...ticks.map((k) => `<text x="${f(px(k))}" y="${y + PLOT_H + 16}" text-anchor="middle">${k}</text>`),
    `<path d="${path}" fill="none" stroke="#3366cc" stroke-width="2"/>`,
    ...points
      .filter((p) => ticks.includes(p.k))
      .map((p) => `<circle cx="${f(px(p.k))}" cy="${f(py(p.value))}" r="3" fill="#3366cc"><title>pass@${p.k} = ${p.value.toFixed(3)}</title></circle>`),
  ];
}

function rankingPanel(bars: { name: string; value: number }[], x: number, y: number): string[] {
  const slot = PANEL / Math.max(1, bars.length);
  const out = [`<text x="${x + PANEL / 2}" y="${y - 22}" text-anchor="middle" font-size="13">pass@1 of the picked sample</text>`, ...yAxis(x, y)];
  bars.forEach((b, i) => {
    const h = PLOT_H * b.value;
    const bx = x + i * slot + slot * 0.15;
    out.push(
      `<rect x="${f(bx)}" y="${f(y + PLOT_H - h)}" width="${f(slot * 0.7)}" height="${f(h)}" fill="${b.name === 'oracle' ? '#999' : '#dc7633'}"><title>${esc(b.name)}: ${b.value.toFixed(3)}</title></rect>`,
      `<text x="${f(bx + slot * 0.35)}" y="${f(y + PLOT_H - h - 4)}" text-anchor="middle">${b.value.toFixed(3)}</text>`,
      // Names are slanted so long ones (meanLogprob) do not run into their neighbours.
      `<text x="${f(bx + slot * 0.35)}" y="${y + PLOT_H + 14}" text-anchor="end" transform="rotate(-30 ${f(bx + slot * 0.35)} ${y + PLOT_H + 14})">${esc(b.name)}</text>`,
    );
  });
  return out;
}

function f(n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : '0';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
