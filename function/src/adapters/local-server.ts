import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Gateway } from '../core/gateway';

/**
 * Reads at most `cap` bytes of the body (the gateway's limit plus one, so the core still answers
 * 413 for anything larger) and stops reading past that. Buffering here is cheaper than a web
 * stream per request, and the gateway needs the whole JSON before it can do anything.
 */
async function readCapped(req: IncomingMessage, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    chunks.push(size + b.length > cap ? b.subarray(0, cap - size) : b);
    size += b.length;
    if (size >= cap) {
      req.resume();
      break;
    }
  }
  return Buffer.concat(chunks);
}

/** node:http → web Request → gateway → web Response, streamed back. No logic lives here. */
export async function toRequest(req: IncomingMessage, origin: string, maxBodyBytes = 1024 * 1024): Promise<Request> {
  const controller = new AbortController();
  req.once('close', () => {
    if (!req.complete) controller.abort();
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  headers.delete('content-length'); // the body below may be the capped prefix
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? await readCapped(req, maxBodyBytes + 1) : undefined,
    signal: controller.signal,
  });
}

export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  if (!response.body) {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end();
    return;
  }
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // A whole JSON answer: one write with its length, no stream reader per response.
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body.getReader();
  res.once('close', () => {
    if (!res.writableFinished) void reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((r) => res.once('drain', r));
    }
  } finally {
    res.end();
  }
}

export function createLocalServer(gateway: Gateway, options: { maxBodyBytes?: number } = {}): Server {
  return createServer((req, res) => {
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    toRequest(req, origin, options.maxBodyBytes)
      .then((request) => gateway.handle(request))
      .then((response) => writeResponse(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"internal_error","message":"the gateway failed","type":"server_error"}}');
      });
  });
}
