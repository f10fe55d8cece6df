import * as vscode from 'vscode';

/**
 * API keys, one per endpoint base URL, in VS Code's SecretStorage (the OS keychain on desktop) —
 * never in settings, files, logs or run records.
 */
export class ApiKeys {
  constructor(private readonly storage: vscode.SecretStorage) {}

  get(baseUrl: string): Thenable<string | undefined> {
    return this.storage.get(secretName(baseUrl));
  }

  set(baseUrl: string, key: string): Thenable<void> {
    return this.storage.store(secretName(baseUrl), key);
  }

  delete(baseUrl: string): Thenable<void> {
    return this.storage.delete(secretName(baseUrl));
  }
}

/** `https://API.openai.com/v1/` and `https://api.openai.com/v1` share a key. */
export function normaliseBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed;
  }
}

function secretName(baseUrl: string): string {
  return `mistakebook.apiKey:${normaliseBaseUrl(baseUrl)}`;
}

/** Local servers (vLLM, Ollama, llama.cpp on loopback) usually need no key. */
export function isLocalEndpoint(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
