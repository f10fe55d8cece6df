/**
 * A Batch API in front of the fake OpenAI server, for the batch tests: `/v1/files` (upload and
 * content) and `/v1/batches` (create, retrieve). Each batch line is sent to the fake as a request
 * of its own, in the background; everything else is passed through to the fake unchanged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from '../../fake-openai/multipart';
import type { FakeOpenAI } from '../../fake-openai/server';

interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: string;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  request_counts: { total: number; completed: number; failed: number };
}

export interface BatchEndpoint {
  url: string;
  /** Batches created so far. */
  batches: Batch[];
  /** Lines uploaded, by file id. */
  files: Map<string, string>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The `file` part of a multipart/form-data upload. */
function filePart(raw: Buffer, contentType: string): string {
  const file = parseMultipart(raw, contentType)?.file;
  if (file === undefined) throw new Error('no file part in the upload');
  return file.content;
}

/** `failing`: custom_ids whose request the batch reports as failed (HTTP 500) without sending it. */
export async function startBatchEndpoint(fake: FakeOpenAI, failing: ReadonlySet<string> = new Set()): Promise<BatchEndpoint> {
  const files = new Map<string, string>();
  const batches: Batch[] = [];
  const json = (status: number, value: unknown): { status: number; text: string } => ({ status, text: JSON.stringify(value) });

  const run = async (batch: Batch, authorization: string): Promise<void> => {
    const output: string[] = [];
    const errors: string[] = [];
    for (const line of (files.get(batch.input_file_id) ?? '').split('\n').filter((l) => l !== '')) {
      const request = JSON.parse(line) as { custom_id: string; url: string; body: unknown };
      if (failing.has(request.custom_id)) {
        errors.push(JSON.stringify({ id: `r-${request.custom_id}`, custom_id: request.custom_id, response: { status_code: 500, body: { error: { message: 'The server had an error.' } } }, error: null }));
        batch.request_counts.failed++;
        continue;
      }
      const reply = await fetch(`${fake.url}${request.url.replace(/^\/v1/, '')}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(request.body) });
      output.push(JSON.stringify({ id: `r-${request.custom_id}`, custom_id: request.custom_id, response: { status_code: reply.status, request_id: reply.headers.get('x-request-id'), body: await reply.json() }, error: null }));
      batch.request_counts.completed++;
    }
    const outId = `file-out-${batch.id}`;
    files.set(outId, output.join('\n') + '\n');
    batch.output_file_id = outId;
    if (errors.length > 0) {
      files.set(`file-err-${batch.id}`, errors.join('\n') + '\n');
      batch.error_file_id = `file-err-${batch.id}`;
    }
    batch.status = 'completed';
  };

  const route = async (req: IncomingMessage, raw: Buffer): Promise<{ status: number; text: string } | undefined> => {
    const path = req.url ?? '';
    if (req.method === 'POST' && path === '/v1/files') {
      const id = `file-in-${files.size + 1}`;
      files.set(id, filePart(raw, req.headers['content-type'] ?? ''));
      return json(200, { id, object: 'file', bytes: raw.length, created_at: 0, filename: 'batch.jsonl', purpose: 'batch', status: 'processed' });
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const params = JSON.parse(raw.toString('utf8')) as { input_file_id: string; endpoint: string; completion_window: string };
      const total = (files.get(params.input_file_id) ?? '').split('\n').filter((l) => l !== '').length;
      const batch: Batch = { id: `batch_${batches.length + 1}`, object: 'batch', ...params, status: 'in_progress', output_file_id: null, error_file_id: null, created_at: 0, request_counts: { total, completed: 0, failed: 0 } };
      batches.push(batch);
      void run(batch, req.headers.authorization ?? '');
      return json(200, batch);
    }
    const batch = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && batch) {
      const found = batches.find((b) => b.id === batch[1]);
      return found ? json(200, found) : json(404, { error: { message: 'no such batch' } });
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === 'GET' && content) {
      const text = files.get(content[1] ?? '');
      return text === undefined ? json(404, { error: { message: 'no such file' } }) : { status: 200, text };
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await body(req);
      const answer = await route(req, raw);
      if (answer !== undefined) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.text);
        return;
      }
      // Anything else is a live request: pass it to the fake.
      const reply = await fetch(`${fake.url}${(req.url ?? '').replace(/^\/v1/, '')}`, {
        method: req.method ?? 'GET',
        headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
        ...(req.method === 'GET' ? {} : { body: new Uint8Array(raw) }),
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await reply.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    batches,
    files,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
