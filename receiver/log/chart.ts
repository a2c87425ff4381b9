/**
 * The consent log's chart, drawn on the server as plain SVG (no chart library, no script): one
 * small panel per purpose, one 100 % bar per day split into consents (bottom) and refusals (top).
 * Colours come from classes of the log's stylesheet; each bar has a <title> tooltip, and a table
 * below gives the same numbers to screen readers.
 */
import type { PurposeRates } from './aggregate';
import { h, type Safe } from './html';

const W = 360;
const H = 150;
const PAD = { left: 34, right: 8, top: 10, bottom: 22 };

const pct = (g: number, r: number) => (g + r ? Math.round((100 * g) / (g + r)) : 0);
const label = (day: string) => day.slice(5).replace('-', '/');

function panel(p: PurposeRates, days: string[], n: number): Safe {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / days.length;
  const bw = Math.max(2, Math.min(28, step * 0.72));
  const id = `chart-${n}`;
  const bars = days.map((day, i) => {
    const g = p.granted[i]!;
    const r = p.refused[i]!;
    const x = (PAD.left + i * step + (step - bw) / 2).toFixed(1);
    if (g + r === 0)
      return h`<rect class="none" x="${x}" y="${H - PAD.bottom - 2}" width="${bw.toFixed(1)}" height="2"><title>${day}: no decision</title></rect>`;
    const gh = (plotH * g) / (g + r);
    return h`<g><title>${day}: ${g} consent${g === 1 ? '' : 's'}, ${r} refusal${r === 1 ? '' : 's'} (${pct(g, r)} % consent)</title><rect class="r" x="${x}" y="${PAD.top}" width="${bw.toFixed(1)}" height="${(plotH - gh).toFixed(1)}"/><rect class="g" x="${x}" y="${(PAD.top + plotH - gh).toFixed(1)}" width="${bw.toFixed(1)}" height="${gh.toFixed(1)}"/></g>`;
  });
  const grid = [0, 50, 100].map((v) => {
    const y = (PAD.top + plotH - (plotH * v) / 100).toFixed(1);
    return h`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}"/><text class="axis" x="${PAD.left - 6}" y="${Number(y) + 4}" text-anchor="end">${v}%</text>`;
  });
  const ticks = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])].map(
    (i) =>
      h`<text class="axis" x="${(PAD.left + i * step + step / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${label(days[i]!)}</text>`,
  );
  const total = p.totalGranted + p.totalRefused;
  return h`<figure class="chart">
  <figcaption><strong>${p.purpose}</strong> <span>${pct(p.totalGranted, p.totalRefused)} % consent</span> <small>${p.totalGranted} / ${total}</small></figcaption>
  <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}"><title id="${id}">${p.purpose}: ${p.totalGranted} consents and ${p.totalRefused} refusals from ${days[0]} to ${days[days.length - 1]}</title>${grid}${bars}${ticks}</svg>
</figure>`;
}

/** The chart section: panels, legend and the same data as a table. */
export function ratesChart(rates: PurposeRates[], days: string[]): Safe {
  if (!rates.length)
    return h`<p class="empty">No decision in this period${days.length ? h` (${days[0]} – ${days[days.length - 1]})` : ''}.</p>`;
  return h`<div class="charts">${rates.map((p, i) => panel(p, days, i))}</div>
<p class="legend"><span class="key g"></span> consent <span class="key r"></span> refusal <span class="key none"></span> no decision · per UTC day, ${days[0]} – ${days[days.length - 1]}</p>
<details class="chart-data"><summary>Data table</summary><div class="scroll"><table>
<thead><tr><th scope="col">Day</th>${rates.map((p) => h`<th scope="col">${p.purpose}: consents</th><th scope="col">${p.purpose}: refusals</th>`)}</tr></thead>
<tbody>${days.map((d, i) => h`<tr><th scope="row">${d}</th>${rates.map((p) => h`<td>${p.granted[i]}</td><td>${p.refused[i]}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
}
