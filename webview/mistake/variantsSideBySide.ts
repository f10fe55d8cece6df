/**
 * Correction variants side by side: when a mistake was corrected by two or more variants (another
 * few-shot prompt, another corrector), their first corrections stand in two columns — the incorrect
 * step each names, its explanation and its corrected solution step by step — and the right column
 * marks, word by word, where it differs from the left. All text enters the page as text.
 */
import { diffWords } from 'diff';
import type { CorrectionView } from '../../src/shared/protocol';
import { appendAll, h } from '../ui/dom';
import { dropdown } from '../ui/toolkit';

interface VariantColumn {
  variant: string;
  label: string;
  correction: CorrectionView;
}

/** Each variant's first correction of the mistake, in the order the corrections are listed. */
function columns(corrections: readonly CorrectionView[]): VariantColumn[] {
  const byVariant = new Map<string, VariantColumn>();
  for (const c of corrections) {
    if (c.variant === undefined) continue;
    const known = byVariant.get(c.variant);
    if (known === undefined || c.index < known.correction.index) byVariant.set(c.variant, { variant: c.variant, label: c.variantLabel ?? c.variant, correction: c });
  }
  return [...byVariant.values()];
}

/** The corrected solution as numbered steps: the steps kept before the incorrect one, then the corrected ones. */
function solution(c: CorrectionView): Map<number, string> {
  const steps = new Map<number, string>();
  if (c.outcome !== 'parsed') return steps;
  for (const row of c.rows) {
    if (row.kind === 'invalidated-original') continue;
    const text = row.corrected ?? (row.kind === 'shared' ? row.original : undefined);
    if (text !== undefined) steps.set(row.number, text);
  }
  return steps;
}

/** `after` with the words it adds over `before` marked, and the words it drops struck through. */
function wordDiff(before: string, after: string): HTMLElement {
  const cell = h('span', { class: 'diff' });
  if (before === after) {
    cell.textContent = after;
    return cell;
  }
  appendAll(
    cell,
    diffWords(before, after).map((part) => {
      if (part.added) return h('ins', { title: 'only in this variant' }, part.value);
      if (part.removed) return h('del', { title: 'only in the other variant' }, part.value);
      return document.createTextNode(part.value);
    }),
  );
  return cell;
}

function verdictOf(c: CorrectionView): string {
  if (c.outcome === 'unparseable') return 'unreadable';
  return `${c.verified ? 'verified' : 'not verified'} · answer ${c.answer ?? 'none'}`;
}

function row(label: string, left: Node | string, right: Node | string, kind: string): HTMLTableRowElement {
  const tr = h('tr', { class: `variant-${kind}` });
  const cell = (content: Node | string): HTMLTableCellElement => {
    const td = h('td');
    td.append(content);
    return td;
  };
  tr.append(h('th', { scope: 'row' }, label), cell(left), cell(right));
  return tr;
}

function table(a: VariantColumn, b: VariantColumn): HTMLTableElement {
  const t = h('table', { class: 'variant-table' });
  const head = h('tr');
  head.append(h('th', {}, ''), h('th', { scope: 'col', class: 'variant-a' }, a.label), h('th', { scope: 'col', class: 'variant-b' }, `${b.label} (words that differ marked)`));
  const thead = h('thead');
  thead.append(head);
  const body = h('tbody');
  const x = a.correction;
  const y = b.correction;
  const rows: HTMLTableRowElement[] = [row('Verdict', verdictOf(x), verdictOf(y), 'verdict')];
  const stepOf = (c: CorrectionView): string => (c.incorrectStep === undefined ? '—' : `Step ${c.incorrectStep}`);
  rows.push(row('Incorrect step', stepOf(x), stepOf(y), x.incorrectStep === y.incorrectStep ? 'same-step' : 'other-step'));
  if (x.outcome === 'unparseable' || y.outcome === 'unparseable') {
    rows.push(row('Reply', x.raw ?? '', y.raw ?? '', 'raw'));
  } else {
    rows.push(row('Explanation', x.explanation ?? '', wordDiff(x.explanation ?? '', y.explanation ?? ''), 'explanation'));
    const left = solution(x);
    const right = solution(y);
    const numbers = [...new Set([...left.keys(), ...right.keys()])].sort((p, q) => p - q);
    for (const n of numbers) rows.push(row(`Step ${n}`, left.get(n) ?? '', wordDiff(left.get(n) ?? '', right.get(n) ?? ''), 'solution-step'));
  }
  appendAll(body, rows);
  t.append(thead, body);
  return t;
}

/** The section, or undefined when fewer than two variants corrected this mistake. */
export function variantsSideBySide(corrections: readonly CorrectionView[]): HTMLElement | undefined {
  const all = columns(corrections);
  if (all.length < 2) return undefined;
  const section = h('section', { class: 'variants-side-by-side', 'aria-label': 'Correction variants side by side' });
  let a = all[0] as VariantColumn;
  let b = all[1] as VariantColumn;
  const holder = h('div');
  const draw = (): void => holder.replaceChildren(table(a, b));
  section.append(h('h2', {}, `${all.length} correction variants side by side`));
  if (all.length > 2) {
    const choices = all.map((v) => ({ value: v.variant, label: v.label }));
    const pick = (which: 'a' | 'b') => (id: string) => {
      const chosen = all.find((v) => v.variant === id);
      if (chosen === undefined) return;
      if (which === 'a') a = chosen;
      else b = chosen;
      draw();
    };
    const pickers = h('div', { class: 'variant-pickers' });
    pickers.append(dropdown('Left variant', choices, a.variant, pick('a')), dropdown('Right variant', choices, b.variant, pick('b')));
    section.append(pickers);
  }
  draw();
  section.append(holder);
  return section;
}
