/** What a fake model is: a script from a request (and where it stands among samples) to a reply. */
import type { AnswerKey } from './answer-key';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ScriptRequest {
  endpoint: 'chat' | 'completion';
  /** The model asked for, without any fault suffix (`reasoner#429` → `reasoner`). */
  model: string;
  /** What the model reads: the chat messages' contents joined by blank lines, or the completion prompt. */
  prompt: string;
  /** Chat requests only. */
  messages?: readonly ChatMessage[];
  /** The parsed request body, for scripts that look at other parameters. */
  body: Readonly<Record<string, unknown>>;
}

export interface ScriptContext {
  /**
   * Which sample this is. Choices of one request differ, and so do repeats of the same request
   * (as with temperature > 0). A `seed` makes repeats identical; temperature 0 makes every
   * choice and repeat sample 0, as greedy decoding would.
   */
  sampleIndex: number;
  /** Index of this choice in the response. */
  choiceIndex: number;
  seed?: number;
  answerKey: AnswerKey;
}

/** A full HTTP reply that replaces the whole response, for endpoints that misbehave in ways faults don't cover. */
export interface RawReply {
  status: number;
  body: string | object;
  headers?: Readonly<Record<string, string>>;
}

export type ScriptReply = string | { text: string; finishReason?: 'stop' | 'length' | 'content_filter' } | RawReply;

/** Called once per choice; the server applies `stop` and `max_tokens` to the text it returns. */
export type Script = (request: ScriptRequest, context: ScriptContext) => ScriptReply;

export function isRawReply(reply: ScriptReply): reply is RawReply {
  return typeof reply === 'object' && 'status' in reply;
}

/** Repeats what it read: the prompt, or the last chat message. */
export const echo: Script = (request) => request.messages?.[request.messages.length - 1]?.content ?? request.prompt;

export function fixedText(text: string): Script {
  return () => text;
}
