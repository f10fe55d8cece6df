import * as vscode from 'vscode';
import { checkEndpoint, type EndpointCheck } from '../../core/llm/endpointCheck';
import type { ModelRole } from '../../core/store/runInfo';
import { readSettings, writeEndpoint } from '../config';
import type { Context } from '../context';
import { record } from './args';
import { Commands } from './ids';

/** The command's arguments; every part left out is asked for. */
interface EndpointChoice {
  role?: ModelRole;
  baseUrl?: string;
  model?: string;
  api?: 'chat' | 'completion';
  /** false: save without asking the endpoint first (default true: GET /models, then the model). */
  check?: boolean;
  /** The answer when the check fails (refused, unknown host, key missing, 404, timeout), instead of asking. */
  onUnreachable?: 'save' | 'cancel';
  /** The answer when the endpoint lists models and the chosen one is not among them, instead of asking. */
  onUnlisted?: 'save' | 'cancel';
}

const PRESETS = [
  { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', api: 'chat' as const },
  { label: 'vLLM on this machine', baseUrl: 'http://localhost:8000/v1', api: 'completion' as const },
  { label: 'Ollama on this machine', baseUrl: 'http://localhost:11434/v1', api: 'chat' as const },
];

/**
 * Mistakebook: Select Endpoint and Model — for the reasoner (M_r) or the corrector (M_c): a base URL
 * (presets for OpenAI, vLLM and Ollama, or any other), a model (listed by the endpoint when it can),
 * and the API. Before saving it asks the endpoint for its models (GET /models): a failure is said
 * with its cause and saved only on Save Anyway; a model the endpoint does not list is said too.
 * Writes the mistakebook.<role>.* settings. Every part, and every answer, can be given as an argument.
 */
export async function selectEndpoint(ctx: Context, args?: unknown): Promise<boolean> {
  const given = choiceOf(args);
  const role = given.role ?? (await chooseRole());
  if (role === undefined) return false;
  const current = readSettings()[role];
  const preset = given.baseUrl === undefined ? await chooseBaseUrl(role, current.baseUrl) : { baseUrl: given.baseUrl, api: given.api ?? current.api };
  if (preset === undefined) return false;
  const baseUrl = preset.baseUrl;
  let listed: string[] = [];
  let unchecked = given.check === false ? 'not checked' : undefined;
  if (given.check !== false) {
    const check = await checkedEndpoint(ctx, role, baseUrl, given.onUnreachable);
    if (check === undefined) return false;
    if (check.ok) listed = check.models;
    else unchecked = `saved although the check failed: ${check.message}`;
    if (check.ok && check.models.length === 0) unchecked = `${baseUrl} lists no models (some servers do not implement GET /models), so the model name was not checked`;
  }
  let model = given.model ?? (await chooseModel(baseUrl, listed, current.model));
  if (model === undefined) return false;
  if (listed.length > 0 && !listed.includes(model)) {
    model = await unlistedModel(ctx, baseUrl, model, listed, given.onUnlisted);
    if (model === undefined) return false;
  }
  const api = given.api ?? (await chooseApi(preset.api));
  if (api === undefined) return false;
  await writeEndpoint(role, { baseUrl, model, api });
  const saved = `Mistakebook: the ${role} is now ${model} at ${baseUrl} (${api} API)${unchecked === undefined ? '.' : ` — ${unchecked}.`}`;
  ctx.output.log(`Select Endpoint and Model: ${saved.replace(/^Mistakebook: /, '')}`);
  if (unchecked === undefined) void vscode.window.showInformationMessage(saved);
  else void vscode.window.showWarningMessage(saved);
  return true;
}

function choiceOf(args: unknown): EndpointChoice {
  const o = record(args);
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const role = o['role'] === 'reasoner' || o['role'] === 'corrector' ? o['role'] : undefined;
  const api = o['api'] === 'chat' || o['api'] === 'completion' ? o['api'] : undefined;
  const answer = (v: unknown): 'save' | 'cancel' | undefined => (v === 'save' || v === 'cancel' ? v : undefined);
  const choice: EndpointChoice = {};
  if (role !== undefined) choice.role = role;
  const baseUrl = text(o['baseUrl']);
  if (baseUrl !== undefined) choice.baseUrl = baseUrl;
  const model = text(o['model']);
  if (model !== undefined) choice.model = model;
  if (api !== undefined) choice.api = api;
  if (o['check'] === false) choice.check = false;
  const onUnreachable = answer(o['onUnreachable']);
  if (onUnreachable !== undefined) choice.onUnreachable = onUnreachable;
  const onUnlisted = answer(o['onUnlisted']);
  if (onUnlisted !== undefined) choice.onUnlisted = onUnlisted;
  return choice;
}

/**
 * The endpoint's answer to GET /models, with a progress note while it is asked. A failure is said
 * with its cause, offering Save Anyway / Cancel (and Set API Key when it wants one, checking again
 * after). undefined: cancelled, nothing is saved.
 */
async function checkedEndpoint(ctx: Context, role: ModelRole, baseUrl: string, answer: 'save' | 'cancel' | undefined): Promise<EndpointCheck | undefined> {
  for (;;) {
    const key = await ctx.keys.get(baseUrl);
    if (key !== undefined) ctx.output.rememberSecret(key);
    const check = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Mistakebook: checking ${baseUrl} (GET /models)…` }, () =>
      checkEndpoint({ baseUrl, ...(key === undefined ? {} : { apiKey: key }) }),
    );
    if (check.ok) {
      ctx.output.log(`Select Endpoint and Model: ${baseUrl} answers and lists ${check.models.length} model${check.models.length === 1 ? '' : 's'}`);
      return check;
    }
    ctx.output.log(`Select Endpoint and Model: the check failed: ${check.message}`);
    if (answer !== undefined) {
      if (answer === 'cancel') void vscode.window.showErrorMessage(`Mistakebook: ${check.message}. The ${role}'s endpoint was not saved.`);
      return answer === 'save' ? check : undefined;
    }
    const buttons = check.problem === 'auth' ? ['Set API Key', 'Save Anyway'] : ['Save Anyway'];
    const picked = await vscode.window.showWarningMessage(
      `Mistakebook: ${check.message}.`,
      { modal: true, detail: `Nothing is saved unless you choose Save Anyway. The endpoint of the ${role} stays ${readSettings()[role].baseUrl} until then.` },
      ...buttons,
    );
    if (picked === 'Save Anyway') return check;
    if (picked !== 'Set API Key') {
      ctx.output.log(`Select Endpoint and Model: cancelled; the ${role}'s endpoint was not saved`);
      return undefined;
    }
    if (!(await vscode.commands.executeCommand<boolean>(Commands.setApiKey, baseUrl))) return undefined;
  }
}

/** A model the endpoint does not list: said, with a pick from the list, Save Anyway or Cancel. undefined: cancelled. */
async function unlistedModel(ctx: Context, baseUrl: string, model: string, listed: readonly string[], answer: 'save' | 'cancel' | undefined): Promise<string | undefined> {
  const shown = listed.slice(0, 5).join(', ') + (listed.length > 5 ? `, … (${listed.length} in all)` : '');
  const said = `${baseUrl} does not list the model ${model}; it lists ${shown}`;
  ctx.output.log(`Select Endpoint and Model: ${said}`);
  if (answer !== undefined) {
    if (answer === 'cancel') void vscode.window.showErrorMessage(`Mistakebook: ${said}. Nothing was saved.`);
    return answer === 'save' ? model : undefined;
  }
  const picked = await vscode.window.showWarningMessage(`Mistakebook: ${said}.`, { modal: true, detail: 'Requests for a model the endpoint does not serve fail with 404.' }, 'Pick from the List', 'Save Anyway');
  if (picked === 'Save Anyway') return model;
  if (picked !== 'Pick from the List') return undefined;
  const chosen = await vscode.window.showQuickPick(
    listed.map((m) => ({ label: m })),
    { title: `Model at ${baseUrl}` },
  );
  return chosen?.label;
}

async function chooseRole(): Promise<ModelRole | undefined> {
  const s = readSettings();
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Reasoner (M_r)', description: `${s.reasoner.model} at ${s.reasoner.baseUrl}`, detail: 'samples the reasoning paths whose mistakes are collected', role: 'reasoner' as const },
      { label: 'Corrector (M_c)', description: `${s.corrector.model} at ${s.corrector.baseUrl}`, detail: 'corrects the mistakes (and writes augmented CoT paths)', role: 'corrector' as const },
    ],
    { title: 'Select the endpoint and model of…' },
  );
  return picked?.role;
}

async function chooseBaseUrl(role: ModelRole, current: string): Promise<{ baseUrl: string; api: 'chat' | 'completion' } | undefined> {
  const items = [
    { label: '$(check) Keep the current endpoint', description: current, baseUrl: current, api: readSettings()[role].api },
    ...PRESETS.filter((p) => p.baseUrl !== current).map((p) => ({ label: p.label, description: p.baseUrl, baseUrl: p.baseUrl, api: p.api })),
    { label: '$(edit) Another OpenAI-compatible endpoint…', description: '', baseUrl: '', api: 'chat' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Endpoint of the ${role}` });
  if (picked === undefined) return undefined;
  if (picked.baseUrl !== '') return { baseUrl: picked.baseUrl, api: picked.api };
  const typed = await vscode.window.showInputBox({
    title: `Base URL of the ${role}'s endpoint`,
    placeHolder: 'http://gpu1:8000/v1',
    validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'A base URL such as http://gpu1:8000/v1'),
  });
  return typed === undefined ? undefined : { baseUrl: typed.trim(), api: 'chat' };
}

/** A pick among the endpoint's models when it listed some, else a text box. */
async function chooseModel(baseUrl: string, listed: readonly string[], current: string): Promise<string | undefined> {
  if (listed.length > 0) {
    const typeOther = { label: '$(edit) Another model…', model: '' };
    const picked = await vscode.window.showQuickPick([...listed.map((model) => ({ label: model, model, picked: model === current })), typeOther], {
      title: `Model at ${baseUrl}`,
    });
    if (picked === undefined) return undefined;
    if (picked.model !== '') return picked.model;
  }
  const typed = await vscode.window.showInputBox({ title: `Model at ${baseUrl}`, value: current, prompt: 'The model name the endpoint expects, e.g. gpt-4o or meta-llama/Llama-2-7b-hf' });
  return typed?.trim() || undefined;
}

async function chooseApi(suggested: 'chat' | 'completion'): Promise<'chat' | 'completion' | undefined> {
  const items = [
    { label: 'Chat completions', description: '/v1/chat/completions — instruction-tuned and chat models', api: 'chat' as const },
    { label: 'Completions', description: '/v1/completions — base models (e.g. on vLLM)', api: 'completion' as const },
  ];
  if (suggested === 'completion') items.reverse();
  const picked = await vscode.window.showQuickPick(items, { title: 'Which API does the model speak?' });
  return picked?.api;
}
