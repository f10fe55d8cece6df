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

/**
 * The file piece by piece, so an export writes as it goes: `start`, then `row` for each example,
 * then `end`. JSONL is one row a line; JSON formats are the array `JSON.stringify(rows, null, 1)`
 * would give, byte for byte.
 */
export interface FileRenderer {
  start(): string;
  row(example: TrainingExample): string;
  end(): string;
}

export function fileRenderer(format: ExportFormat, systemMessage: string): FileRenderer {
  if (formatExtension(format) === '.jsonl') {
    return { start: () => '', row: (e) => `${JSON.stringify(toRow(format, e, systemMessage))}\n`, end: () => '' };
  }
  let rows = 0;
  return {
    start: () => '[',
    // Each element one level in: its own lines indented by one more space (string values hold no raw newline).
    row: (e) => `${rows++ === 0 ? '' : ','}\n ${JSON.stringify(toRow(format, e, systemMessage), null, 1).replace(/\n/g, '\n ')}`,
    end: () => (rows === 0 ? ']\n' : '\n]\n'),
  };
}

/** The whole file at once (small sets and tests); exports stream through `fileRenderer`. */
export function renderFile(format: ExportFormat, examples: readonly TrainingExample[], systemMessage: string): string {
  const renderer = fileRenderer(format, systemMessage);
  let text = renderer.start();
  for (const e of examples) text += renderer.row(e);
  return text + renderer.end();
}
