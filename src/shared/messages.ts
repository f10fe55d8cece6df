/**
 * The one way both webview protocols check messages: a table of checks per message type, built from
 * small field guards. A webview is a separate page and a message is just data until a check passes.
 * A message that awaits an answer carries a `requestId`; the answer carries the same one back.
 */

export type Check = (m: Record<string, unknown>) => boolean;

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isOptional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
export const isStringOrNull = (v: unknown): boolean => v === null || isString(v);
export const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isArrayOf = (v: unknown, check: (item: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
export const isStrings = (v: unknown): v is string[] => isArrayOf(v, isString);
export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    isString(v) && (values as readonly string[]).includes(v);

/** Every message of a protocol: a `type` the table knows, and fields its check accepts (an optional `requestId` included). */
export function messageGuard<M extends { type: string }>(checks: Record<M['type'], Check>): (m: unknown) => m is M {
  const table: Record<string, Check> = checks;
  return (m: unknown): m is M => {
    if (!isRecord(m) || !isString(m['type']) || !Object.hasOwn(table, m['type'])) return false;
    return isOptional(m['requestId'], isCount) && (table[m['type']]?.(m) ?? false);
  };
}

/** Marks a message as one that awaits an answer. */
export interface Request {
  requestId?: number;
}

/** The answer to `request`, paired with it by its requestId (absent when the request carried none). */
export function answer<A extends object>(request: Request, reply: A): A & Request {
  return request.requestId === undefined ? reply : { ...reply, requestId: request.requestId };
}

/**
 * The asking side of request/response: `ask` numbers a request and resolves with the answer that comes
 * back with its number; `settle` is given every incoming message and takes the ones it is waiting for.
 */
export class PendingAnswers<A extends Request> {
  private next = 1;
  private readonly waiting = new Map<number, (a: A) => void>();

  ask<R extends object>(request: R, send: (r: R & Request) => void): Promise<A> {
    const requestId = this.next++;
    return new Promise<A>((resolve) => {
      this.waiting.set(requestId, resolve);
      send({ ...request, requestId });
    });
  }

  /** True when the message answered a request of ours. */
  settle(message: A): boolean {
    const id = message.requestId;
    const resolve = id === undefined ? undefined : this.waiting.get(id);
    if (id === undefined || resolve === undefined) return false;
    this.waiting.delete(id);
    resolve(message);
    return true;
  }
}
