/**
 * The file formats fine-tuning tools read. Each writer keeps the fields its format names and no
 * others, so a trainer that checks its schema accepts the file as is.
 *   prompt-completion  JSONL {"prompt", "completion"} — LEMA / QLoRA input-output style
 *   openai-chat        JSONL {"messages": [system?, user, assistant]} — OpenAI chat fine-tuning
 *   alpaca             JSON array of {"instruction", "input", "output"}
 *   sharegpt           JSON array of {"conversations": [{"from": "human", …}, {"from": "gpt", …}]}
 */
import type { TrainingExample } from './example';

export type ExportFormat = 'prompt-completion' | 'openai-chat' | 'alpaca' | 'sharegpt';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['prompt-completion', 'openai-chat', 'alpaca', 'sharegpt'];

/** The extension a file of this format gets by default. */
export function formatExtension(format: ExportFormat): '.jsonl' | '.json' {
  return format === 'prompt-completion' || format === 'openai-chat' ? '.jsonl' : '.json';
}

interface PromptCompletionRow {
  prompt: string;
  completion: string;
}

interface ChatRow {
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
}

interface AlpacaRow {
  instruction: string;
  input: string;
  output: string;
}

interface ShareGptRow {
  conversations: Array<{ from: 'human' | 'gpt'; value: string }>;
}

export type ExportRow = PromptCompletionRow | ChatRow | AlpacaRow | ShareGptRow;

export function toRow(format: ExportFormat, example: TrainingExample, systemMessage: string): ExportRow {
  switch (format) {
    case 'prompt-completion':
      return { prompt: example.prompt, completion: example.output };
    case 'openai-chat': {
      const messages: ChatRow['messages'] = [];
      if (systemMessage.trim() !== '') messages.push({ role: 'system', content: systemMessage.trim() });
      messages.push({ role: 'user', content: example.prompt.trim() }, { role: 'assistant', content: example.output });
      return { messages };
    }
    case 'alpaca':
      return { instruction: example.instruction, input: example.input, output: example.output };
    case 'sharegpt':
      return { conversations: [{ from: 'human', value: example.prompt.trim() }, { from: 'gpt', value: example.output }] };
  }
}

/** The whole file: one row a line for JSONL, an indented array for JSON. */
export function renderFile(format: ExportFormat, examples: readonly TrainingExample[], systemMessage: string): string {
  const rows = examples.map((e) => toRow(format, e, systemMessage));
  if (formatExtension(format) === '.jsonl') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return `${JSON.stringify(rows, null, 1)}\n`;
}
