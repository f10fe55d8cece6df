import * as vscode from 'vscode';
import { openAiClient } from '../../core/llm/openaiClient';
import type { ModelRole } from '../../core/store/runInfo';
import { readSettings, writeEndpoint } from '../config';
import type { Context } from '../context';
import { record } from './args';
import type { ApiKeys } from '../secrets';

interface EndpointChoice {
  role?: ModelRole;
  baseUrl?: string;
  model?: string;
  api?: 'chat' | 'completion';
}

const PRESETS = [
  { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', api: 'chat' as const },
  { label: 'vLLM on this machine', baseUrl: 'http://localhost:8000/v1', api: 'completion' as const },
  { label: 'Ollama on this machine', baseUrl: 'http://localhost:11434/v1', api: 'chat' as const },
];

/**
 * Mistakebook: Select Endpoint and Model — for the reasoner (M_r) or the corrector (M_c): a base URL
 * (presets for OpenAI, vLLM and Ollama, or any other), a model (listed by the endpoint when it can),
 * and the API. Writes the mistakebook.<role>.* settings. Every part can be given as an argument.
 */
export async function selectEndpoint(ctx: Context, args?: unknown): Promise<boolean> {
  const keys = ctx.keys;
  const given = record(args) as EndpointChoice;
  const role = given.role ?? (await chooseRole());
  if (role === undefined) return false;
  const current = readSettings()[role];
  const preset = given.baseUrl === undefined ? await chooseBaseUrl(role, current.baseUrl) : { baseUrl: given.baseUrl, api: given.api ?? current.api };
  if (preset === undefined) return false;
  const model = given.model ?? (await chooseModel(keys, preset.baseUrl, current.model));
  if (model === undefined) return false;
  const api = given.api ?? (await chooseApi(preset.api));
  if (api === undefined) return false;
  await writeEndpoint(role, { baseUrl: preset.baseUrl, model, api });
  void vscode.window.showInformationMessage(`Mistakebook: the ${role} is now ${model} at ${preset.baseUrl} (${api} API).`);
  return true;
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

/** The endpoint's models when it lists them (GET /models), else a text box. */
async function chooseModel(keys: ApiKeys, baseUrl: string, current: string): Promise<string | undefined> {
  let listed: string[] = [];
  try {
    const key = await keys.get(baseUrl);
    const client = openAiClient({ baseUrl, ...(key === undefined ? {} : { apiKey: key }), timeoutMs: 5000 });
    for await (const m of client.models.list()) listed.push(m.id);
  } catch {
    listed = []; // no key yet, or the endpoint does not list models: the user types the name
  }
  if (listed.length > 0) {
    listed.sort();
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
