/**
 * The original path and the corrected solution as two aligned columns of numbered steps (one column when
 * the panel is narrow): shared steps once and dimmed, the incorrect step marked with the explanation under
 * it, its replacement with a word diff, later original steps faded as invalidated.
 */
import type { CorrectionView, MistakeData, StepRow } from '../../src/shared/protocol';
import { appendAll, h } from '../ui/dom';
import { diffText } from './diffText';
import type { PieceOptions } from './pieces';
import { richText } from './richText';
import { textOptions } from './textOptions';

type Side = 'original' | 'corrected';

export function stepColumns(mistake: MistakeData, correction: CorrectionView | undefined): HTMLElement {
  const options = textOptions(mistake);
  const section = document.createElement('section');
  section.className = 'steps';
  section.setAttribute('aria-label', 'Original path and corrected solution, step by step');
  // A multiple-choice correction names no step: it has its explanation and a corrected answer only.
  const aligned = correction?.outcome === 'parsed' && correction.incorrectStep !== undefined;
  const grid = document.createElement('div');
  grid.className = aligned ? 'columns' : 'columns single';
  grid.append(columnHead('original', `Original path · ${mistake.reasonerModel}`));
  if (aligned && correction !== undefined) {
    grid.append(columnHead('corrected', `Corrected solution · ${correction.model}`));
    for (const line of pairRows(correction.rows)) appendAll(grid, renderLine(line, correction, options));
  } else {
    mistake.steps.forEach((text, i) => grid.append(step('original', i + 1, text, options, 'plain', `Step ${i + 1}`)));
  }
  section.append(grid);
  if (correction === undefined) section.append(note('No correction for this mistake yet. Run Generate Corrections, or Regenerate from the toolbar.'));
  else if (correction.outcome === 'unparseable') section.append(unparseable(correction));
  else if (!aligned && correction.explanation !== undefined) section.append(explanation(correction.explanation, options));
  return section;
}

/** What shares one line of the grid: one row, or an invalidated original step beside the new step of its number. */
interface Line {
  left?: StepRow;
  right?: StepRow;
  both?: StepRow;
}

function pairRows(rows: readonly StepRow[]): Line[] {
  const lines: Line[] = [];
  for (const row of rows) {
    const last = lines[lines.length - 1];
    if (row.kind === 'shared') lines.push({ both: row });
    else if (row.kind === 'replaced') lines.push({ left: row, right: row });
    else if (row.kind === 'invalidated-original') lines.push({ left: row });
    else if (last !== undefined && last.left?.kind === 'invalidated-original' && last.right === undefined && last.left.number === row.number) last.right = row;
    else lines.push({ right: row });
  }
  return lines;
}

function renderLine(line: Line, correction: CorrectionView, options: PieceOptions): HTMLElement[] {
  if (line.both !== undefined) {
    const n = line.both.number;
    return [step('both', n, line.both.original ?? '', options, 'shared', `Step ${n}, the same in both solutions`)];
  }
  const cells: HTMLElement[] = [];
  const { left, right } = line;
  if (left !== undefined) {
    const n = left.number;
    const wrong = n === correction.incorrectStep;
    if (left.kind === 'replaced' && wrong) {
      const cell = step('original', n, left.original ?? '', options, 'wrong', `Step ${n}, the incorrect step`);
      const marker = document.createElement('div');
      marker.className = 'wrong-marker';
      marker.textContent = '✗ Incorrect step';
      cell.querySelector('.step-body')?.prepend(marker);
      if (correction.explanation !== undefined) cell.querySelector('.step-body')?.append(explanation(correction.explanation, options));
      cells.push(cell);
    } else if (left.kind === 'replaced') {
      cells.push(step('original', n, left.original ?? '', options, 'changed', `Step ${n}, restated by the corrector`));
    } else {
      cells.push(step('original', n, left.original ?? '', options, 'invalidated', `Step ${n} of the original, invalidated by the correction`));
    }
  } else {
    cells.push(emptyCell('original'));
  }
  if (right !== undefined) {
    const n = right.number;
    if (right.kind === 'replaced') {
      const cell = step('corrected', n, right.corrected ?? '', options, 'replacement', `Step ${n}, the replacement`);
      if (right.diff !== undefined) cell.querySelector('.step-text')?.replaceWith(diffText(right.diff, right.corrected ?? '', options));
      cells.push(cell);
    } else {
      cells.push(step('corrected', n, right.corrected ?? '', options, 'new', `Step ${n} of the corrected solution`));
    }
  } else {
    cells.push(emptyCell('corrected'));
  }
  return cells;
}

function columnHead(side: Side, text: string): HTMLElement {
  const h = document.createElement('h2');
  h.className = `column-head ${side}`;
  h.textContent = text;
  return h;
}

function step(side: Side | 'both', n: number, text: string, options: PieceOptions, kind: string, label: string): HTMLElement {
  const cell = document.createElement('div');
  cell.className = `step ${side} ${kind}`;
  cell.setAttribute('role', 'group');
  cell.setAttribute('aria-label', label);
  cell.dataset['step'] = String(n);
  const number = document.createElement('span');
  number.className = 'step-number';
  number.textContent = String(n);
  number.setAttribute('aria-hidden', 'true');
  const body = document.createElement('div');
  body.className = 'step-body';
  const shown = richText(text, options, 'div');
  shown.classList.add('step-text');
  body.append(shown);
  cell.append(number, body);
  return cell;
}

function emptyCell(side: Side): HTMLElement {
  const cell = document.createElement('div');
  cell.className = `step ${side} empty-cell`;
  cell.setAttribute('aria-hidden', 'true');
  return cell;
}

function explanation(text: string, options: PieceOptions): HTMLElement {
  const box = h('aside', { class: 'explanation', 'aria-label': 'Explanation of the mistake' });
  box.append(h('strong', {}, 'Why it is wrong: '), richText(text, options));
  return box;
}

function note(text: string): HTMLElement {
  return h('p', { class: 'note' }, text);
}

function unparseable(correction: CorrectionView): HTMLElement {
  const box = document.createElement('section');
  box.className = 'unparseable';
  box.setAttribute('aria-label', 'Correction that could not be read');
  const head = document.createElement('h2');
  head.textContent = `The corrector's answer could not be read: ${correction.reason ?? 'unknown reason'}`;
  const raw = document.createElement('pre');
  raw.textContent = correction.raw ?? '';
  box.append(head, raw);
  return box;
}
