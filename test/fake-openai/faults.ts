/**
 * Ways an endpoint misbehaves, and when. Tests inject them programmatically; child processes
 * (the CLI, the demo) name them in an `x-fake-fault` header or after a `#` in the model name,
 * e.g. `reasoner#429;retry-after=1;first=2` or `x-fake-fault: hang`.
 */

export type Fault =
  /** Answer normally, but only after `ms`. Adds to any other fault. */
  | { kind: 'latency'; ms: number }
  /** 429 with `Retry-After` (seconds) and, when `retryAfterMs` is set, `retry-after-ms`. */
  | { kind: 'rate_limit'; retryAfterSeconds?: number; retryAfterMs?: number }
  | { kind: 'server_error' }
  /** A 400 the client must not retry (a parameter the endpoint rejects). */
  | { kind: 'bad_request' }
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  /** Never answer; the connection stays open until the client gives up. */
  | { kind: 'hang' }
  /** Close the connection without a response. */
  | { kind: 'reset' }
  /** A 200 whose JSON body stops half way and the connection closes. */
  | { kind: 'truncated' }
  /** A 200 labelled JSON whose body is an HTML error page. */
  | { kind: 'non_json' };

/** Which requests a fault hits. With neither `first` nor `every`, all of them. */
export interface FaultSchedule {
  /** Only the first N matching requests. */
  first?: number;
  /** Every k-th matching request (the k-th, 2k-th, …). */
  every?: number;
  /** Only requests for this model (without fault suffix). */
  model?: string;
  /** Only requests to this path, e.g. `/v1/completions`. */
  path?: string;
}

export class FaultRule {
  /** Matching requests seen so far, and how many of them the fault hit. */
  seen = 0;
  hits = 0;
  active = true;

  constructor(
    readonly fault: Fault,
    readonly schedule: FaultSchedule = {},
  ) {}

  /** Counts a request and says whether the fault hits it. */
  applies(model: string | undefined, path: string): boolean {
    const s = this.schedule;
    if (!this.active || (s.model !== undefined && s.model !== model) || (s.path !== undefined && s.path !== path)) return false;
    this.seen += 1;
    const hit = s.first !== undefined ? this.seen <= s.first : s.every !== undefined ? this.seen % s.every === 0 : true;
    if (hit) this.hits += 1;
    return hit;
  }
}

const KINDS: Readonly<Record<string, Fault['kind']>> = {
  latency: 'latency',
  '429': 'rate_limit',
  rate_limit: 'rate_limit',
  '400': 'bad_request',
  bad_request: 'bad_request',
  '500': 'server_error',
  server_error: 'server_error',
  '503': 'unavailable',
  unavailable: 'unavailable',
  hang: 'hang',
  reset: 'reset',
  truncated: 'truncated',
  non_json: 'non_json',
};

const FAULT_SPEC_HELP =
  'fault spec: KIND[;param=value…] with KIND one of latency, 400, 429, 500, 503, hang, reset, truncated, non_json ' +
  'and params ms, retry-after, retry-after-ms, first, every — e.g. "429;retry-after=1;first=2" or "latency;ms=50"';

/** Parses `429;retry-after=1;first=2`; throws with the grammar when the spec is malformed. */
export function parseFaultSpec(spec: string): { fault: Fault; schedule: FaultSchedule } {
  const [head = '', ...params] = spec.split(';').map((p) => p.trim());
  const kind = KINDS[head];
  if (!kind) throw new Error(`unknown fault "${head}"; ${FAULT_SPEC_HELP}`);
  const values: Record<string, number> = {};
  for (const p of params) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?)$/.exec(p);
    if (!m?.[1] || m[2] === undefined) throw new Error(`bad fault parameter "${p}"; ${FAULT_SPEC_HELP}`);
    values[m[1]] = Number(m[2]);
  }
  const schedule: FaultSchedule = {};
  if (values['first'] !== undefined) schedule.first = values['first'];
  if (values['every'] !== undefined) schedule.every = values['every'];
  return { fault: makeFault(kind, values), schedule };
}

function makeFault(kind: Fault['kind'], v: Readonly<Record<string, number>>): Fault {
  switch (kind) {
    case 'latency':
      return { kind, ms: v['ms'] ?? 100 };
    case 'rate_limit': {
      const seconds = v['retry-after'];
      const ms = v['retry-after-ms'];
      if (ms === undefined) return { kind, retryAfterSeconds: seconds ?? 1 };
      return seconds === undefined ? { kind, retryAfterMs: ms } : { kind, retryAfterSeconds: seconds, retryAfterMs: ms };
    }
    case 'unavailable':
      return v['retry-after'] === undefined ? { kind } : { kind, retryAfterSeconds: v['retry-after'] };
    default:
      return { kind };
  }
}
