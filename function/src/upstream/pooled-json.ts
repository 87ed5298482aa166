import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Operation } from '../core/requests';
import { retryAfterFrom, tagAnswerText, UpstreamError } from './types';

/**
 * The plain JSON calls to one Azure OpenAI account over one pool of keep-alive connections. Hand-written
 * because the `openai` client builds a fetch request (undici, web streams, its own retry loop) per call:
 * in the gateway's profile that machinery cost more CPU than the call's own JSON. Same REST contract
 * (https://learn.microsoft.com/azure/ai-foundry/openai/reference: POST
 * /openai/deployments/{deployment}/{operation}?api-version=…), same Entra ID bearer token.
 *
 * One attempt per call: the backend pool (pool.ts) owns retries and failover, and it retries only
 * what this caller proves was not billed (a 429, or `unsent`: the connection failed before the
 * request was written). A timeout, a reset after sending or a 5xx may have been billed.
 */
export interface PooledJsonOptions {
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly timeoutMs: number;
  /** A fresh bearer token for each call (cached by @azure/identity), or none on loopback. */
  readonly token?: () => Promise<string>;
}

const PATHS: Record<Operation, string> = { chat: 'chat/completions', completions: 'completions', embeddings: 'embeddings' };

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

class ConnectionError extends Error {
  constructor(
    readonly timedOut: boolean,
    readonly sent: boolean,
  ) {
    super(timedOut ? 'timeout' : 'connection');
  }
}

/** The response's retry-after in ms (see retryAfterFrom). */
export const retryAfterMs = (headers: IncomingMessage['headers'], now = Date.now()): number | undefined =>
  retryAfterFrom((name) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  }, now);

export function pooledJsonCaller(options: PooledJsonOptions) {
  const base = new URL(options.endpoint);
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 256 }) : new HttpAgent({ keepAlive: true, maxSockets: 256 });
  const send = secure ? httpsRequest : httpRequest;
  const prefix = base.pathname.replace(/\/+$/, '');

  function attempt(path: string, payload: Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let timedOut = false;
      let sent = false;
      // The call's signal destroys the request through one listener, removed once the call ends: node's
      // own `signal` option would also wire end-of-stream listeners on every request (lib/internal/streams/add-abort-signal.js).
      const onAbort = () => req.destroy();
      const end = () => signal.removeEventListener('abort', onAbort);
      const req = send({ protocol: base.protocol, hostname: base.hostname, port: base.port, path, method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (end(), resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', () => (end(), reject(new ConnectionError(timedOut, true))));
      });
      req.setTimeout(options.timeoutMs, () => {
        timedOut = true;
        req.destroy();
      });
      req.on('finish', () => (sent = true));
      req.on('error', () => (end(), reject(new ConnectionError(timedOut, sent))));
      signal.addEventListener('abort', onAbort, { once: true });
      req.end(payload);
    });
  }

  return async function call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer): Promise<Record<string, unknown>> {
    const path = `${prefix}/openai/deployments/${encodeURIComponent(deployment)}/${PATHS[op]}?api-version=${encodeURIComponent(options.apiVersion)}`;
    const bytes = payload ?? Buffer.from(JSON.stringify(body));
    const aborted = (unsent: boolean) =>
      signal.reason instanceof UpstreamError ? signal.reason : new UpstreamError(499, 'client_closed_request', 'the request was cancelled', undefined, unsent);
    if (signal.aborted) throw aborted(true);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(bytes.length), accept: 'application/json' };
    if (options.token) {
      headers.authorization = `Bearer ${await options.token()}`;
      // Aborted while the token was fetched: no request is made; answered as any abort once the call began.
      if (signal.aborted) throw aborted(false);
    }
    let answer: Answer;
    try {
      answer = await attempt(path, bytes, headers, signal);
    } catch (e) {
      if (signal.aborted) throw aborted(false);
      const timedOut = e instanceof ConnectionError && e.timedOut;
      const unsent = e instanceof ConnectionError && !e.sent && !timedOut;
      throw timedOut
        ? new UpstreamError(504, 'upstream_timeout', 'the model service did not answer in time')
        : new UpstreamError(503, 'upstream_unavailable', 'the model service cannot be reached', undefined, unsent);
    }
    if (answer.status >= 200 && answer.status < 300) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        throw new UpstreamError(502, 'upstream_error', 'the model service answered with something that is not JSON');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UpstreamError(502, 'upstream_error', 'the model service answered with JSON that is not an object');
      // The text too: an answer that nothing reads or changes goes to the caller as it came (gateway.ts, forward).
      return tagAnswerText(parsed as Record<string, unknown>, answer.text);
    }
    throw classifyStatus(answer);
  };
}

function classifyStatus(answer: Answer): UpstreamError {
  let error: { code?: string; message?: string } | undefined;
  try {
    error = (JSON.parse(answer.text) as { error?: { code?: string; message?: string } }).error;
  } catch {
    /* a body that is not JSON: classified by status alone */
  }
  const s = answer.status;
  if (s === 429) {
    const ms = retryAfterMs(answer.headers);
    const err = new UpstreamError(429, 'rate_limit_exceeded', 'the model service is rate limiting this deployment', ms !== undefined ? Math.max(1, Math.ceil(ms / 1000)) : 1);
    err.retryAfterMs = ms;
    return err;
  }
  if (s >= 500) return new UpstreamError(502, 'upstream_error', `the model service failed (${s})`);
  if (s === 401 || s === 403) return new UpstreamError(502, 'upstream_auth_failed', 'the gateway is not authorised on the model service');
  return new UpstreamError(s, error?.code ?? 'upstream_rejected', error?.message ?? `the model service refused the request (${s})`);
}
