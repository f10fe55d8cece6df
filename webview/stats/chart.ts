/**
 * Bar charts as SVG built node by node (createElementNS, textContent): nothing is parsed as HTML,
 * nothing needs a style attribute, so the strict CSP holds. Colours come from CSS classes that use
 * VS Code's theme variables (main.css).
 */
const SVG = 'http://www.w3.org/2000/svg';

export interface Bar {
  label: string;
  /** Bar length in the chart's unit; for a stacked bar, its segments' values. */
  values: number[];
  /** Shown at the end of the bar. */
  text: string;
  /** Extra class for the bar's colour (ratings). */
  tone?: string;
  onSelect?: () => void;
}

export interface ChartOptions {
  /** 'rows': horizontal bars with labels on the left (names); 'columns': a histogram. */
  layout: 'rows' | 'columns';
  /** The value of a full-length bar; default the largest bar. */
  max?: number;
  /** Caption under the columns' axis. */
  axis?: string;
}

const WIDTH = 640;
const ROW = 26;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 150;
const MAX_LABEL = 30;

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function shorten(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** A bar group: focusable and clickable when it can filter, with its full label as a tooltip. */
function barGroup(bar: Bar): SVGGElement {
  const g = el('g', { class: `bar${bar.tone === undefined ? '' : ` ${bar.tone}`}` });
  g.append(el('title', {}, `${bar.label}: ${bar.text}`));
  if (bar.onSelect !== undefined) {
    const select = bar.onSelect;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `${bar.label}: ${bar.text}. Show these in the Datasets tree.`);
    g.addEventListener('click', select);
    g.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
  }
  return g;
}

function segments(g: SVGGElement, bar: Bar, scale: number, place: (offset: number, length: number) => Record<string, number>): void {
  let offset = 0;
  bar.values.forEach((value, i) => {
    const length = Math.max(0, value * scale);
    g.append(el('rect', { ...place(offset, length), class: `segment segment-${i}` }));
    offset += length;
  });
}

export function barChart(bars: readonly Bar[], options: ChartOptions): SVGSVGElement {
  const total = (b: Bar): number => b.values.reduce((s, v) => s + v, 0);
  const max = options.max ?? Math.max(1e-9, ...bars.map(total));
  return options.layout === 'rows' ? rows(bars, max) : columns(bars, max, options.axis);
}

function rows(bars: readonly Bar[], max: number): SVGSVGElement {
  const height = bars.length * ROW + 8;
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', preserveAspectRatio: 'xMinYMin meet' });
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  bars.forEach((bar, i) => {
    const y = 4 + i * ROW;
    const g = barGroup(bar);
    g.append(el('text', { x: LABEL_WIDTH - 8, y: y + ROW / 2, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, shorten(bar.label, MAX_LABEL)));
    g.append(el('rect', { x: LABEL_WIDTH, y: y + 3, width: plot, height: ROW - 6, class: 'track' }));
    segments(g, bar, plot / max, (offset, length) => ({ x: LABEL_WIDTH + offset, y: y + 3, width: length, height: ROW - 6 }));
    const end = LABEL_WIDTH + Math.min(plot, (bar.values.reduce((s, v) => s + v, 0) * plot) / max);
    g.append(el('text', { x: end + 6, y: y + ROW / 2, class: 'value', 'dominant-baseline': 'middle' }, bar.text));
    svg.append(g);
  });
  return svg;
}

function columns(bars: readonly Bar[], max: number, axis: string | undefined): SVGSVGElement {
  const top = 18;
  const plotHeight = 120;
  const height = top + plotHeight + 44;
  const left = 8;
  const slot = (WIDTH - 2 * left) / Math.max(1, bars.length);
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', preserveAspectRatio: 'xMinYMin meet' });
  svg.append(el('line', { x1: left, x2: WIDTH - left, y1: top + plotHeight, y2: top + plotHeight, class: 'axis' }));
  bars.forEach((bar, i) => {
    const x = left + i * slot + slot * 0.15;
    const width = slot * 0.7;
    const g = barGroup(bar);
    const value = bar.values.reduce((s, v) => s + v, 0);
    const length = (value * plotHeight) / max;
    segments(g, bar, plotHeight / max, (offset, len) => ({ x, y: top + plotHeight - offset - len, width, height: len }));
    // An empty bin stays clickable through an invisible full-height target.
    g.append(el('rect', { x, y: top, width, height: plotHeight, class: 'target' }));
    g.append(el('text', { x: x + width / 2, y: top + plotHeight - length - 4, class: 'value', 'text-anchor': 'middle' }, bar.text));
    g.append(el('text', { x: x + width / 2, y: top + plotHeight + 14, class: 'label', 'text-anchor': 'middle' }, shorten(bar.label, Math.max(3, Math.floor(slot / 7)))));
    svg.append(g);
  });
  if (axis !== undefined) svg.append(el('text', { x: WIDTH / 2, y: height - 8, class: 'caption', 'text-anchor': 'middle' }, axis));
  return svg;
}
