/**
 * Why a connection to an endpoint failed, in words, from the error codes Node and fetch bury in an
 * error's cause chain ("fetch failed" ← "connect ECONNREFUSED 127.0.0.1:9"). Some causes mean the
 * endpoint is not there at all (nothing listens, no such host, no route, no TLS agreement): asking
 * again will not help, so the client fails at once instead of backing off six times.
 */

/** Causes that mean the endpoint is absent or misconfigured, not a passing hiccup. */
export type UnreachableReason = 'refused' | 'dns' | 'unreachable' | 'tls';

export interface ConnectionCause {
  /** undefined: a passing failure (a reset, a dropped socket), worth retrying. */
  unreachable: UnreachableReason | undefined;
  /** The system or library code, e.g. ECONNREFUSED, ENOTFOUND, ERR_SSL_WRONG_VERSION_NUMBER. */
  code: string | undefined;
  /** The cause in words, naming the host (and port) asked: "connection refused (nothing listens at 127.0.0.1:9)". */
  words: string;
}

const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const CERTIFICATE = /CERT|SIGNATURE|ISSUER|SELF_SIGNED|ALTNAME/;

/** The cause of a connection failure, found anywhere in `e`'s cause chain; undefined when it has no code. */
export function connectionCause(e: unknown, baseUrl: string): ConnectionCause | undefined {
  const found = codeIn(e);
  if (found === undefined) return undefined;
  const { code, message } = found;
  const { host, hostPort } = hostOf(baseUrl);
  if (code === 'ECONNREFUSED') return { unreachable: 'refused', code, words: `connection refused (nothing listens at ${hostPort})` };
  if (code === 'ENOTFOUND') return { unreachable: 'dns', code, words: `the host name ${host} is not known (DNS lookup failed)` };
  if (code === 'EAI_AGAIN') return { unreachable: 'dns', code, words: `the host name ${host} could not be looked up (DNS did not answer)` };
  if (NO_ROUTE.has(code)) return { unreachable: 'unreachable', code, words: `no route to ${host} (${code}: the host or its network is unreachable)` };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { unreachable: 'unreachable', code, words: `${hostPort} did not accept a connection in time (the host may be down or a firewall drops the packets)` };
  const tls = tlsWords(code, message, host);
  if (tls !== undefined) return { unreachable: 'tls', code, words: tls };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { unreachable: undefined, code, words: `the connection to ${hostPort} was dropped (${code})` };
  return { unreachable: undefined, code, words: `${firstLine(message)} (${code})` };
}

/** "cannot connect to http://127.0.0.1:9/v1: connection refused (nothing listens at 127.0.0.1:9)". */
export function cannotConnect(baseUrl: string, cause: ConnectionCause): string {
  return `cannot connect to ${baseUrl}: ${cause.words}`;
}

/** What to do next, by cause. Both front ends read it: VS Code's command and the CLI's flag are named. */
export const UNREACHABLE_ADVICE: Readonly<Record<UnreachableReason, string>> = {
  refused: 'Check the base URL (VS Code: Mistakebook: Select Endpoint and Model; CLI: --base-url) and that the server is running.',
  dns: 'Check the host name in the base URL (VS Code: Mistakebook: Select Endpoint and Model; CLI: --base-url) and the network.',
  unreachable: 'Check the base URL (VS Code: Mistakebook: Select Endpoint and Model; CLI: --base-url), that the host is up, and the network between.',
  tls: 'Check the base URL\'s scheme (http:// or https://) and the server\'s certificate.',
};

function tlsWords(code: string, message: string, host: string): string | undefined {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') return 'the TLS handshake failed: the server does not speak TLS there (is it http:// rather than https://?)';
  if (code === 'CERT_HAS_EXPIRED') return `the TLS certificate of ${host} has expired`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the TLS certificate is not for ${host}`;
  if (CERTIFICATE.test(code)) return `the TLS certificate of ${host} is not trusted (${code})`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') return `the TLS handshake failed (${code}: ${firstLine(message)})`;
  return undefined;
}

/** The first error with a string `code` in the chain of causes (and of an AggregateError's errors). */
function codeIn(e: unknown, depth = 0): { code: string; message: string } | undefined {
  if (typeof e !== 'object' || e === null || depth > 8) return undefined;
  const o = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof o.code === 'string' && o.code !== '') return { code: o.code, message: typeof o.message === 'string' ? o.message : '' };
  const inner = codeIn(o.cause, depth + 1);
  if (inner !== undefined) return inner;
  if (Array.isArray(o.errors)) {
    for (const each of o.errors as unknown[]) {
      const found = codeIn(each, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function hostOf(baseUrl: string): { host: string; hostPort: string } {
  try {
    const url = new URL(baseUrl);
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    return { host: url.hostname, hostPort: `${url.hostname}:${port}` };
  } catch {
    return { host: baseUrl, hostPort: baseUrl };
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
