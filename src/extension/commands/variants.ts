/**
 * Correction variants from VS Code: Correct with Another Prompt… (a prompt file, or the one in the
 * editor with its unsaved edits, and optionally another corrector) on a run's mistakes; Compare
 * Correction Variants; Blind Review (A vs B). The engine is core/variants.
 */
import * as vscode from 'vscode';
import { readPromptFile } from '../../core/fewshot/readPromptFile';
import type { RunSummary } from '../../core/store/listRuns';
import { RunStore } from '../../core/store/runStore';
import { readVariants, variantLabel, type Variant, type VariantRequest } from '../../core/variants';
import type { Context } from '../context';
import { FEWSHOT_GLOB, isFewShot } from '../language/language';
import { variantViews } from '../webviews/compare/variantViews';
import { record } from './args';
import { Commands } from './ids';
import { chooseRuns, execute, type RunTarget } from './runs';

/** Runs whose mistakes have been corrected once, so a variant has the same mistakes to correct. */
const hasCorrections = (r: RunSummary): boolean => r.info?.models.corrector !== undefined && r.info.prompts.correction !== undefined && r.info.stages.correct !== undefined;

/** Options tests and keybindings pass to skip the questions: a prompt file, a model, a base URL. */
interface VariantOptions {
  prompt?: string;
  model?: string;
  baseUrl?: string;
}

function variantOptions(value: unknown): VariantOptions {
  const o = record(value);
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
  const prompt = text('prompt');
  const model = text('model');
  const baseUrl = text('baseUrl');
  return { ...(prompt === undefined ? {} : { prompt }), ...(model === undefined ? {} : { model }), ...(baseUrl === undefined ? {} : { baseUrl }) };
}

/**
 * Mistakebook: Correct with Another Prompt… — invoked on a run (tree item or id, then options), or
 * on a prompt file (the CodeLens passes its Uri). Returns the run id, or undefined when nothing ran.
 */
export async function correctWithAnotherPrompt(ctx: Context, first?: unknown, second?: unknown): Promise<string | undefined> {
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined) {
    void vscode.window.showWarningMessage('Mistakebook: open a folder first; runs are stored in its .mistakebook folder.');
    return undefined;
  }
  const promptUri = first instanceof vscode.Uri ? first : undefined;
  const options = variantOptions(promptUri === undefined ? second : undefined);
  const target = promptUri === undefined ? (first as RunTarget | undefined) : undefined;
  const chosen = target === undefined ? ctx.datasetsTree.selection.map((n) => n as RunTarget) : [target];
  const [run] = await chooseRuns(ctx, chosen, (r) => hasCorrections(r) && ctx.activity.get(r.id) === undefined, 'runs with corrections');
  if (run === undefined) return undefined;
  const prompt = promptUri !== undefined ? await promptText(promptUri) : options.prompt !== undefined ? await promptText(vscode.Uri.file(options.prompt)) : await pickPrompt();
  if (prompt === undefined) return undefined;
  const model = options.model !== undefined || options.baseUrl !== undefined ? options : await pickModel(run);
  if (model === undefined) return undefined;
  const variant: VariantRequest = { prompt, ...model };
  ctx.output.log(`run ${run.id}: correcting again with ${prompt.file ?? 'the prompt in the editor'}${model.model === undefined ? '' : ` and ${model.model}`} (a new variant)`);
  const done = await execute(ctx, workspaceDir, run.id, ['correct'], { variant });
  if (done) {
    void vscode.window.showInformationMessage(`Mistakebook: the new variant has corrected the mistakes of ${run.id}.`, 'Compare Variants').then((choice) => {
      if (choice !== undefined) void vscode.commands.executeCommand(Commands.compareVariants, run.id);
    });
  }
  return run.id;
}

/** A prompt's text as the editor has it (unsaved edits included), or as the file is when no editor has it open. */
async function promptText(uri: vscode.Uri): Promise<{ text: string; file?: string }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open !== undefined) return { text: open.getText(), ...(open.isUntitled ? {} : { file: uri.fsPath }) };
  return { text: await readPromptFile(uri.fsPath), file: uri.fsPath };
}

async function pickPrompt(): Promise<{ text: string; file?: string } | undefined> {
  const editor = vscode.window.activeTextEditor?.document;
  const inEditor = editor !== undefined && (isFewShot(editor) || editor.fileName.endsWith('.fewshot.txt')) ? editor : undefined;
  const files = await vscode.workspace.findFiles(FEWSHOT_GLOB, '**/{node_modules,.mistakebook,.git}/**', 200);
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const items: (vscode.QuickPickItem & { uri: vscode.Uri })[] = [];
  if (inEditor !== undefined) {
    items.push({ label: `$(edit) ${vscode.workspace.asRelativePath(inEditor.uri)}`, description: inEditor.isDirty ? 'in the editor, with its unsaved edits' : 'in the editor', uri: inEditor.uri });
  }
  for (const uri of files) if (uri.toString() !== inEditor?.uri.toString()) items.push({ label: vscode.workspace.asRelativePath(uri), uri });
  const picked = await vscode.window.showQuickPick(items, { title: 'Correct the mistakes again with which few-shot prompt?', placeHolder: 'A new variant beside the run’s own corrections' });
  return picked === undefined ? undefined : promptText(picked.uri);
}

async function pickModel(run: RunSummary): Promise<{ model?: string; baseUrl?: string } | undefined> {
  const corrector = run.info?.models.corrector;
  const same = { label: `Same corrector: ${corrector?.model ?? '?'}`, description: corrector?.endpoint ?? '', choice: 'same' as const };
  const other = { label: 'Another model at this endpoint…', description: corrector?.endpoint ?? '', choice: 'model' as const };
  const elsewhere = { label: 'Another endpoint and model…', description: '', choice: 'endpoint' as const };
  const picked = await vscode.window.showQuickPick([same, other, elsewhere], { title: 'Which corrector?' });
  if (picked === undefined) return undefined;
  if (picked.choice === 'same') return {};
  let baseUrl: string | undefined;
  if (picked.choice === 'endpoint') {
    baseUrl = await vscode.window.showInputBox({
      title: 'Base URL of the corrector’s OpenAI-compatible API',
      value: corrector?.endpoint ?? '',
      validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'An http(s) URL, e.g. http://gpu1:8000/v1'),
    });
    if (baseUrl === undefined) return undefined;
    baseUrl = baseUrl.trim();
  }
  const model = await vscode.window.showInputBox({ title: 'Corrector model', value: corrector?.model ?? '', validateInput: (v) => (v.trim() === '' ? 'A model name' : undefined) });
  if (model === undefined) return undefined;
  return { model: model.trim(), ...(baseUrl === undefined ? {} : { baseUrl }) };
}

/** Mistakebook: Compare Correction Variants — the comparison view of a run. Returns the run id shown. */
export async function compareVariants(ctx: Context, target?: unknown): Promise<string | undefined> {
  const chosen = target === undefined ? ctx.datasetsTree.selection.map((n) => n as RunTarget) : [target as RunTarget];
  const [run] = await chooseRuns(ctx, chosen, hasCorrections, 'runs with corrections');
  if (run === undefined) return undefined;
  variantViews(ctx).compare.show(run.id);
  return run.id;
}

/** Mistakebook: Blind Review (A vs B) — a run, a pair of its variants, then the votes. Returns the pair, or undefined. */
export async function blindReview(ctx: Context, target?: unknown, a?: unknown, b?: unknown): Promise<[string, string] | undefined> {
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined) return undefined;
  const chosen = target === undefined ? ctx.datasetsTree.selection.map((n) => n as RunTarget) : [target as RunTarget];
  const [run] = await chooseRuns(ctx, chosen, hasCorrections, 'runs with corrections');
  if (run === undefined) return undefined;
  const store = await RunStore.open(workspaceDir, run.id, { onDiagnostic: (d) => ctx.output.log(`${d.file}:${d.line}: ${d.message}`) });
  const variants = await readVariants(store).finally(() => store.close());
  if (variants.length < 2) {
    void vscode.window.showInformationMessage(`Mistakebook: run ${run.id} has one correction variant; add another with Correct with Another Prompt… first.`);
    return undefined;
  }
  const pair = typeof a === 'string' && typeof b === 'string' ? [a, b] : await pickPair(variants);
  if (pair === undefined) return undefined;
  const [x, y] = pair;
  if (x === undefined || y === undefined || x === y || !variants.some((v) => v.id === x) || !variants.some((v) => v.id === y)) {
    throw new Error(`Blind Review needs two different variants of run ${run.id}; it has ${variants.map((v) => v.id).join(', ')}.`);
  }
  await variantViews(ctx).blind.show(run.id, x, y);
  return [x, y];
}

async function pickPair(variants: readonly Variant[]): Promise<string[] | undefined> {
  const [first, second] = variants;
  if (variants.length === 2 && first !== undefined && second !== undefined) return [first.id, second.id];
  const items: (vscode.QuickPickItem & { pair: string[] })[] = [];
  for (let i = 0; i < variants.length; i++) {
    for (let j = i + 1; j < variants.length; j++) {
      const x = variants[i] as Variant;
      const y = variants[j] as Variant;
      items.push({ label: `${x.id} vs ${y.id}`, detail: `${variantLabel(x)}  —  ${variantLabel(y)}`, pair: [x.id, y.id] });
    }
  }
  return (await vscode.window.showQuickPick(items, { title: 'Blind review of which two variants?' }))?.pair;
}
