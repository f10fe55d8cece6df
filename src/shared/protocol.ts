/**
 * The typed messages between the extension and its webviews. Both ends check what they receive:
 * a webview is a separate page and a message is just data until proven otherwise.
 */

/** Extension → mistake view. */
export type HostToMistakeView = { type: 'empty'; reason: string };

/** Mistake view → extension. */
export type MistakeViewToHost = { type: 'ready' };

const mistakeViewMessageTypes: ReadonlySet<string> = new Set<MistakeViewToHost['type']>(['ready']);
const hostMessageTypes: ReadonlySet<string> = new Set<HostToMistakeView['type']>(['empty']);

function hasType(m: unknown, types: ReadonlySet<string>): boolean {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && types.has((m as { type: string }).type);
}

export function isMistakeViewMessage(m: unknown): m is MistakeViewToHost {
  return hasType(m, mistakeViewMessageTypes);
}

export function isHostToMistakeView(m: unknown): m is HostToMistakeView {
  return hasType(m, hostMessageTypes) && typeof (m as { reason?: unknown }).reason === 'string';
}
