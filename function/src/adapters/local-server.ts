import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Gateway, GatewayReply, GatewayRequest } from '../core/gateway';

/**
 * Reads at most `cap` bytes of the body (the gateway's limit plus one, so the core still answers
 * 413 for anything larger) and keeps nothing past that. Buffering here is cheaper than a web
 * stream (or an async iterator) per request, and the gateway needs the whole JSON before it can do
 * anything.
 */
function readCapped(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', done);
      req.off('error', reject);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onData = (b: Buffer) => {
      chunks.push(size + b.length > cap ? b.subarray(0, cap - size) : b);
      size += b.length;
      if (size >= cap) {
        done();
        req.resume(); // the rest is read and dropped
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('error', reject);
  });
}

/**
 * node:http's own header object read as the gateway reads headers (lower-case names; node keeps the
 * first of a repeated authorization, content-type or content-length and joins other repeats with
 * ", ", as Headers did when this adapter built one).
 */
function headerReader(headers: IncomingHttpHeaders): GatewayRequest['headers'] {
  return {
    get(name: string): string | null {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/**
 * node:http → the gateway's request: method, path, headers, the bytes read and a way to hear of a caller
 * that goes away (the request closing before it was complete). No logic lives here.
 */
export async function toRequest(req: IncomingMessage, maxBodyBytes = 1024 * 1024): Promise<GatewayRequest> {
  // A listener on the request itself, not an AbortController per request: the gateway listens only
  // while it calls the model, and nothing else here needs a signal.
  const onClose = (listener: () => void) => {
    const closed = () => {
      if (!req.complete) listener();
    };
    req.once('close', closed);
    return () => void req.off('close', closed);
  };
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // A declared length over the limit is answered 413 by the core from the header alone: its body is
  // never waited for (node discards what arrives after the answer).
  const declared = Number(req.headers['content-length'] ?? NaN);
  const readBody = hasBody && !(Number.isFinite(declared) && declared > maxBodyBytes);
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: headerReader(req.headers),
    rawBody: readBody ? await readCapped(req, maxBodyBytes + 1) : hasBody ? Buffer.alloc(0) : undefined,
    onClose,
  };
}

export async function writeResponse(reply: GatewayReply, res: ServerResponse): Promise<void> {
  if (!(reply instanceof Response)) {
    // A whole JSON answer: headers and body in one write, with its length. Its deferred settle is not
    // waited for: it starts once this write is done and the gateway drains it before the store closes.
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
    res.end(reply.body);
    return;
  }
  const response = reply;
  if (!response.body) {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end();
    return;
  }
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
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
    toRequest(req, options.maxBodyBytes)
      .then((request) => gateway.serve(request))
      .then((reply) => writeResponse(reply, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"internal_error","message":"the gateway failed","type":"server_error"}}');
      });
  });
}
