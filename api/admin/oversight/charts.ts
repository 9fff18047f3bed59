import type { AmountByCurrency, OutcomeStats } from '../../../db/payments/overview.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import type { SafeHtml } from '../../pages/html.js';
import { html } from '../../pages/html.js';

/**
 * Charts drawn on the server as inline SVG: no script, no external library, readable without
 * JavaScript. Each chart has a text alternative and each mark a <title> tooltip; the numbers are
 * also in the tables next to it.
 */

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 34, left: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const COLORS = { succeeded: '#0f766e', unsuccessful: '#f87171', open: '#cbd5e1', line: '#1d4ed8' };

export function money(amount: AmountByCurrency): string {
  return isCurrency(amount.currency)
    ? formatMoney(amount.amountMinor, amount.currency)
    : `${amount.amountMinor} ${amount.currency} (minor units)`;
}

export function amounts(list: AmountByCurrency[]): string {
  return list.length ? list.map(money).join(' · ') : '—';
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A round, even upper bound for the y axis, so the half-way grid line lands on a whole number. */
function niceMax(value: number): number {
  if (value <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [2, 4, 6, 8, 10].find((m) => m * magnitude >= value)!;
  return step * magnitude;
}

const n = (value: number) => Math.round(value * 10) / 10;

function xLabels(dates: string[], slot: number): SafeHtml[] {
  // Every label when they fit, else every few days; the first and the last always show.
  const every = Math.max(1, Math.ceil(dates.length / 10));
  return dates
    .map((date, i) =>
      i % every === 0 || i === dates.length - 1
        ? html`<text x="${n(PAD.left + slot * i + slot / 2)}" y="${HEIGHT - 12}" text-anchor="middle">
            ${date.slice(5)}
          </text>`
        : null,
    )
    .filter((label): label is SafeHtml => label !== null);
}

function yGrid(max: number, format: (value: number) => string): SafeHtml[] {
  return [0, 0.5, 1].map((fraction) => {
    const y = n(PAD.top + PLOT_H - fraction * PLOT_H);
    return html`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e7eb" />
      <text x="${PAD.left - 6}" y="${n(y + 4)}" text-anchor="end">${format(max * fraction)}</text>`;
  });
}

function svg(label: string, testId: string, content: Array<SafeHtml | string>): SafeHtml {
  return html`<svg
    class="chart"
    data-testid="${testId}"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    role="img"
    aria-label="${label}"
    preserveAspectRatio="xMidYMid meet"
    font-size="11"
    fill="#6b7280"
  >
    <title>${label}</title>
    ${content}
  </svg>`;
}

type Day = OutcomeStats & { date: string };

/** Payments per day as stacked bars: succeeded, unsuccessful (failed, expired, cancelled), open. */
export function volumeChart(days: Day[]): SafeHtml {
  const slot = PLOT_W / Math.max(1, days.length);
  const max = niceMax(Math.max(0, ...days.map((d) => d.count)));
  const scale = (value: number) => (value / max) * PLOT_H;
  const bars = days.map((day, i) => {
    const x = n(PAD.left + slot * i + slot * 0.15);
    const width = n(slot * 0.7);
    let base = PAD.top + PLOT_H;
    const segments = (
      [
        ['succeeded', day.succeeded],
        ['unsuccessful', day.failed + day.expired + day.cancelled],
        ['open', day.open],
      ] as const
    ).map(([kind, value]) => {
      const height = scale(value);
      base -= height;
      return value > 0
        ? html`<rect x="${x}" y="${n(base)}" width="${width}" height="${n(height)}" fill="${COLORS[kind]}" />`
        : '';
    });
    const tip = `${day.date}: ${day.count} payments, ${day.succeeded} succeeded (${amounts(day.succeededAmounts)})`;
    return html`<g data-date="${day.date}" data-count="${day.count}">
      <title>${tip}</title>
      <rect
        x="${n(PAD.left + slot * i)}"
        y="${PAD.top}"
        width="${n(slot)}"
        height="${PLOT_H}"
        fill="transparent"
      />
      ${segments}
    </g>`;
  });
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return svg(`Payments per day: ${total} in ${days.length} days`, 'volume-chart', [
    ...yGrid(max, (v) => String(Math.round(v))),
    ...bars,
    ...xLabels(
      days.map((d) => d.date),
      slot,
    ),
  ]);
}

/** Success rate per day as a line; days without a finished checkout leave a gap. */
export function successRateChart(days: Day[]): SafeHtml {
  const slot = PLOT_W / Math.max(1, days.length);
  const point = (day: Day, i: number) => ({
    x: n(PAD.left + slot * i + slot / 2),
    y: n(PAD.top + PLOT_H - (day.successRate ?? 0) * PLOT_H),
  });
  const segments: string[][] = [[]];
  days.forEach((day, i) => {
    if (day.successRate === null) {
      if (segments.at(-1)!.length) segments.push([]);
      return;
    }
    const { x, y } = point(day, i);
    segments.at(-1)!.push(`${x},${y}`);
  });
  const lines = segments
    .filter((s) => s.length > 1)
    .map(
      (s) => html`<polyline points="${s.join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="2" />`,
    );
  const dots = days.map((day, i) => {
    if (day.successRate === null) return '';
    const { x, y } = point(day, i);
    return html`<circle cx="${x}" cy="${y}" r="4" fill="${COLORS.line}" data-date="${day.date}">
      <title>${day.date}: ${percent(day.successRate)} of ${day.count - day.open} finished checkouts</title>
    </circle>`;
  });
  return svg('Checkout success rate per day', 'success-chart', [
    ...yGrid(1, (v) => `${Math.round(v * 100)}%`),
    ...lines,
    ...dots,
    ...xLabels(
      days.map((d) => d.date),
      slot,
    ),
  ]);
}

export function chartLegend(): SafeHtml {
  const item = (color: string, label: string) =>
    html`<span class="legend-item"><span class="swatch" style="background:${color}"></span>${label}</span>`;
  return html`<p class="legend muted">
    ${item(COLORS.succeeded, 'Succeeded')} ${item(COLORS.unsuccessful, 'Failed, expired or cancelled')}
    ${item(COLORS.open, 'Open')}
  </p>`;
}
