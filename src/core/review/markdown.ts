/** A mistake and one of its corrections as Markdown, for pasting into notes, issues or papers. */
import type { CorrectionView, MistakeData } from './viewTypes';

export function mistakeMarkdown(mistake: MistakeData, correction: CorrectionView | undefined): string {
  const lines = [
    `## Mistake ${mistake.position} of ${mistake.total} (run ${mistake.runId})`,
    '',
    `**Question.** ${mistake.question}`,
    '',
    `- Gold answer: ${mistake.goldAnswer}`,
    `- Answer of ${mistake.reasonerModel}: ${mistake.pathAnswer ?? '(none)'} ✗`,
  ];
  if (correction !== undefined) {
    lines.push(`- Corrected answer (${correction.model}): ${correction.answer ?? '(none)'} ${correction.verified ? '✓ verified' : '✗ not verified'}`);
    if (correction.rating !== undefined) lines.push(`- Rating: ${correction.rating.value}${correction.rating.note === undefined ? '' : ` — ${correction.rating.note}`}`);
  }
  lines.push('', '### Original solution', '');
  mistake.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
  if (correction === undefined) return `${lines.join('\n')}\n`;
  if (correction.outcome === 'unparseable') {
    lines.push('', `### Correction (unparseable: ${correction.reason ?? 'unknown reason'})`, '', '```text', correction.raw ?? '', '```');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', `**Incorrect step:** ${correction.incorrectStep ?? '?'}`, '', `**Explanation.** ${correction.explanation ?? ''}`, '', '### Corrected solution', '');
  for (const row of correction.rows) if (row.corrected !== undefined) lines.push(`${row.number}. ${row.corrected}`);
  return `${lines.join('\n')}\n`;
}
