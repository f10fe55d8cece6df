/**
 * The few-shot prompt language in the editor (DESIGN.md §4): diagnostics as you type, folding and
 * outline, CodeLens to preview the corrector's request or try the prompt. The prompt commands are rows
 * of the command table; the Prompts view is a view.
 */
import type { Context } from '../context';
import { registerCodeLens } from './codeLens';
import { registerDiagnostics } from './diagnostics';
import { registerOutline } from './outline';

export function registerFewShotLanguage(ctx: Context): void {
  registerDiagnostics(ctx);
  registerOutline(ctx);
  ctx.track(registerCodeLens());
}
