import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same value always gives the
 * same text whatever order its keys were built in. Keys whose value is `undefined` are left out
 * (as JSON.stringify does), so an optional field that is absent and one that is `undefined` agree.
 * Values JSON cannot represent faithfully (NaN, Infinity, bigint, functions) throw instead of
 * silently becoming `null` — a NaN temperature is a bug, not a parameter.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${where} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: ${where} is a ${typeof value}, which JSON cannot represent`);
  }
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return encode((withToJson.toJSON as () => unknown).call(value), where);
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => (item === undefined ? 'null' : encode(item, `${where}[${i}]`))).join(',')}]`;
  }
  const object = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const field = object[key];
    if (field === undefined) continue;
    fields.push(`${JSON.stringify(key)}:${encode(field, `${where}.${key}`)}`);
  }
  return `{${fields.join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The id of a stored record: the first 16 hex digits (64 bits) of sha256 over the record's kind and
 * the fields that define it. A rerun with the same inputs computes the same id and finds the record
 * already there. 64 bits keep ids short in file names and logs; a collision among a million
 * records has odds of about 1 in 30 million.
 */
export function recordId(kind: string, parts: Readonly<Record<string, unknown>>): string {
  return sha256Hex(canonicalJson({ kind, parts })).slice(0, 16);
}
