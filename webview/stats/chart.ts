/**
 * Bar charts as SVG built node by node (createElementNS, textContent): nothing is parsed as HTML,
 * nothing needs a style attribute, so the strict CSP holds. Colours come from CSS classes that use
 * VS Code's theme variables (main.css).
 */
import { appendAll } from '../ui/dom';

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
  /** A second, smaller line under the label (the corrector of a prompt version). */
  sublabel?: string;
  /** The tooltip, when more than "label: text" helps. */
  hover?: string;
  /** A rate's 95% interval, in the chart's unit: drawn as a whisker across the bar. */
  interval?: { low: number; high: number };
  /** Makes the label a link of its own (the bar still filters): its tooltip and what a click does. */
  labelLink?: { hover: string; open: () => void };
}

/** A rate as a bar: its value, its 95% interval as a whisker, and the text with n and interval. */
export function rateBar(rate: { value: number; low: number; high: number; text: string }): Pick<Bar, 'values' | 'interval' | 'text'> {
  return { values: [rate.value], interval: { low: rate.low, high: rate.high }, text: rate.text };
}

/** One chart of the page: its section's id, title and note, what it says when empty, and its bars. */
export interface ChartSpec {
  id: string;
  title: string;
  note: string;
  empty: string;
  bars: Bar[];
  options: ChartOptions;
}

export interface ChartOptions {
  /** 'rows': horizontal bars with labels on the left (names); 'columns': a histogram. */
  layout: 'rows' | 'columns';
  /** The value of a full-length bar; default the largest bar. */
  max?: number;
  /** Caption under the columns' axis. */
  axis?: string;
}

const WIDTH = 720;
const ROW = 26;
/** A row with a sublabel holds two lines of text. */
const TALL_ROW = 38;
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 150;
/** Rates print "72.4% (n = 48, 95% CI 58.4–83.2%)" in a column of their own. */
const RATE_TEXT_WIDTH = 250;
const MAX_LABEL = 34;

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Cut in the middle: the end of a label (a short sha, a start time) tells rows apart as often as its start. */
function shorten(label: string, max: number): string {
  if (label.length <= max) return label;
  const tail = Math.min(12, Math.floor(max / 2));
  return `${label.slice(0, max - tail - 1)}…${label.slice(-tail)}`;
}

function activate(node: SVGElement, action: () => void): void {
  node.setAttribute('tabindex', '0');
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    action();
  });
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
}

/** A bar group: focusable and clickable when it can filter, with its full label as a tooltip. */
function barGroup(bar: Bar): SVGGElement {
  const g = el('g', { class: `bar${bar.tone === undefined ? '' : ` ${bar.tone}`}` });
  g.append(el('title', {}, bar.hover ?? `${bar.label}: ${bar.text}`));
  if (bar.onSelect !== undefined) {
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `${bar.label}: ${bar.text}. Show these in the Datasets tree.`);
    activate(g, bar.onSelect);
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
  const max = options.max ?? bars.reduce((m, b) => Math.max(m, total(b)), 1e-9);
  return options.layout === 'rows' ? rows(bars, max) : columns(bars, max, options.axis);
}

/** The row's label: plain text in the bar's group, or a link of its own beside it. */
function rowLabel(svg: SVGSVGElement, g: SVGGElement, bar: Bar, y: number, row: number): void {
  const middle = bar.sublabel === undefined ? y + row / 2 : y + row / 2 - 7;
  const text = el('text', { x: LABEL_WIDTH - 8, y: middle, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, shorten(bar.label, MAX_LABEL));
  const sub = bar.sublabel === undefined ? [] : [el('text', { x: LABEL_WIDTH - 8, y: middle + 14, class: 'sublabel', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, shorten(bar.sublabel, MAX_LABEL + 6))];
  if (bar.labelLink === undefined) {
    appendAll(g, [text, ...sub]);
    return;
  }
  const link = el('g', { class: 'label-link', role: 'link', 'aria-label': `${bar.label}: open this version read-only` });
  link.append(el('title', {}, bar.labelLink.hover), text);
  activate(link, bar.labelLink.open);
  appendAll(g, sub);
  svg.append(link);
}

/** A rate's 95% interval: a line from low to high with end ticks, over the bar. */
function whisker(g: SVGGElement, interval: { low: number; high: number }, scale: number, middle: number): void {
  const [x1, x2] = [LABEL_WIDTH + interval.low * scale, LABEL_WIDTH + interval.high * scale];
  const w = el('g', { class: 'interval' });
  w.append(el('line', { x1, x2, y1: middle, y2: middle }), el('line', { x1, x2: x1, y1: middle - 5, y2: middle + 5 }), el('line', { x1: x2, x2, y1: middle - 5, y2: middle + 5 }));
  g.append(w);
}

function rows(bars: readonly Bar[], max: number): SVGSVGElement {
  const row = bars.some((b) => b.sublabel !== undefined) ? TALL_ROW : ROW;
  const rates = bars.some((b) => b.interval !== undefined);
  const height = bars.length * row + 8;
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', preserveAspectRatio: 'xMinYMin meet' });
  const plot = WIDTH - LABEL_WIDTH - (rates ? RATE_TEXT_WIDTH : VALUE_WIDTH);
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    const middle = y + row / 2;
    const g = barGroup(bar);
    svg.append(g);
    rowLabel(svg, g, bar, y, row);
    g.append(el('rect', { x: LABEL_WIDTH, y: middle - ROW / 2 + 3, width: plot, height: ROW - 6, class: 'track' }));
    segments(g, bar, plot / max, (offset, length) => ({ x: LABEL_WIDTH + offset, y: middle - ROW / 2 + 3, width: length, height: ROW - 6 }));
    if (bar.interval !== undefined) whisker(g, bar.interval, plot / max, middle);
    const end = rates ? LABEL_WIDTH + plot : LABEL_WIDTH + Math.min(plot, (bar.values.reduce((s, v) => s + v, 0) * plot) / max);
    g.append(el('text', { x: end + 6, y: middle, class: 'value', 'dominant-baseline': 'middle' }, bar.text));
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
