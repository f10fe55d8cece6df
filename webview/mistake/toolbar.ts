/** The actions on a mistake; each button names its key when it has one. */
import type { NavigationDirection, ToolbarAction, ToolbarAvailability } from '../../src/shared/protocol';
import { button } from '../ui/toolkit';

export interface ToolbarHandlers {
  navigate(direction: NavigationDirection): void;
  act(action: ToolbarAction): void;
}

export function toolbar(available: ToolbarAvailability, position: number, total: number, hasCorrection: boolean, on: ToolbarHandlers): HTMLElement {
  const bar = document.createElement('nav');
  bar.className = 'toolbar';
  bar.setAttribute('aria-label', 'Mistake actions');
  const missing = (what: string): string => ` (unavailable: ${what})`;
  bar.append(
    button({ label: '← Previous', title: 'Previous mistake (k)', secondary: true, disabled: position <= 1, onClick: () => on.navigate('previous') }),
    button({ label: 'Next →', title: 'Next mistake (j)', secondary: true, disabled: position >= total, onClick: () => on.navigate('next') }),
    button({ label: 'Next unrated', title: 'Next mistake with an unrated correction (u; Shift+U goes to the previous one)', secondary: true, onClick: () => on.navigate('nextUnrated') }),
    separator(),
    button({ label: 'Copy as Markdown', title: 'Copy this mistake and correction as Markdown', secondary: true, onClick: () => on.act('copyMarkdown') }),
    button({
      label: 'Open prompt',
      title: `Open the run's few-shot prompt${available.openPrompt ? '' : missing('the run has no correction prompt')}`,
      secondary: true,
      disabled: !available.openPrompt,
      onClick: () => on.act('openPrompt'),
    }),
    button({
      label: 'Reveal in tree',
      title: `Show this mistake in the Datasets tree${available.revealInTree ? '' : missing('the tree does not offer it yet')}`,
      secondary: true,
      disabled: !available.revealInTree,
      onClick: () => on.act('revealInTree'),
    }),
    button({
      label: 'Regenerate',
      title: `Ask the corrector for another correction${available.regenerate ? '' : missing('no command registered')}`,
      secondary: true,
      disabled: !available.regenerate,
      onClick: () => on.act('regenerate'),
    }),
    button({
      label: 'Add to prompt',
      title: `Add this correction to a few-shot prompt${available.addToPrompt && hasCorrection ? '' : missing(hasCorrection ? 'no command registered' : 'no correction')}`,
      secondary: true,
      disabled: !available.addToPrompt || !hasCorrection,
      onClick: () => on.act('addToPrompt'),
    }),
  );
  return bar;
}

function separator(): HTMLElement {
  const s = document.createElement('span');
  s.className = 'separator';
  s.setAttribute('role', 'separator');
  return s;
}
