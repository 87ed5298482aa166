import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Operation } from '../core/requests';
import { UpstreamError } from './types';

/**
 * The plain JSON calls to Azure OpenAI over one pool of keep-alive connections, with the retries
 * in this one place. Hand-written because the `openai` client builds a fetch request (undici,
 * web streams, its own retry loop) per call: in the gateway's profile that machinery cost more
 * CPU than the call's own JSON. Same REST contract
 * (https://learn.microsoft.com/azure/ai-foundry/openai/reference: POST
 * /openai/deployments/{deployment}/{operation}?api-version=…), same Entra ID bearer token, same
 * retry policy as the SDK (408, 409, 429, 5xx and connection errors; retry-after-ms / retry-after
 * honoured up to 60 s, otherwise 0.5 s doubling to 8 s with jitter).
 */
export interface PooledJsonOptions {
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** A fresh bearer token for each attempt (cached by @azure/identity), or none on loopback. */
  readonly token?: () => Promise<string>;
}

const PATHS: Record<Operation, string> = { chat: 'chat/completions', completions: 'completions', embeddings: 'embeddings' };
// Only what the service certainly did not bill is retried within one reservation: a 429, or a
// connection that failed before the request was sent. A timeout, a reset after sending or a 5xx
// may have been billed, so it is answered, not retried.
const RETRYABLE = (status: number) => status === 429;

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

function retryAfterMs(headers: IncomingMessage['headers']): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const s = Number(headers['retry-after']);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const date = Date.parse(String(headers['retry-after'] ?? ''));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

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
      const req = send({ protocol: base.protocol, hostname: base.hostname, port: base.port, path, method: 'POST', agent, headers, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => reject(new ConnectionError(timedOut, true)));
      });
      req.setTimeout(options.timeoutMs, () => {
        timedOut = true;
        req.destroy();
      });
      req.on('finish', () => (sent = true));
      req.on('error', () => reject(new ConnectionError(timedOut, sent)));
      req.end(payload);
    });
  }

  return async function call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, given?: Buffer): Promise<Record<string, unknown>> {
    const path = `${prefix}/openai/deployments/${encodeURIComponent(deployment)}/${PATHS[op]}?api-version=${encodeURIComponent(options.apiVersion)}`;
    const payload = given ?? Buffer.from(JSON.stringify(body));
    const aborted = (unsent = false) =>
      signal.reason instanceof UpstreamError ? signal.reason : new UpstreamError(499, 'client_closed_request', 'the request was cancelled', undefined, unsent);
    for (let n = 0; ; n++) {
      if (signal.aborted) throw aborted(n === 0);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(payload.length), accept: 'application/json' };
      if (options.token) headers.authorization = `Bearer ${await options.token()}`;
      let answer: Answer | undefined;
      let failure: UpstreamError;
      try {
        answer = await attempt(path, payload, headers, signal);
      } catch (e) {
        if (signal.aborted) throw aborted();
        const timedOut = e instanceof ConnectionError && e.timedOut;
        const unsent = e instanceof ConnectionError && !e.sent && !timedOut;
        failure = timedOut
          ? new UpstreamError(504, 'upstream_timeout', 'the model service did not answer in time')
          : new UpstreamError(503, 'upstream_unavailable', 'the model service cannot be reached', undefined, unsent);
        if (!unsent) throw failure;
      }
      if (answer && answer.status >= 200 && answer.status < 300) {
        try {
          return JSON.parse(answer.text) as Record<string, unknown>;
        } catch {
          throw new UpstreamError(502, 'upstream_error', 'the model service answered with something that is not JSON');
        }
      }
      let wait: number | undefined;
      if (answer) {
        wait = retryAfterMs(answer.headers);
        failure = classifyStatus(answer);
        if (!RETRYABLE(answer.status)) throw failure;
      }
      if (n >= options.maxRetries) throw failure!;
      const backoff = wait !== undefined && wait <= 60_000 ? wait : Math.min(500 * 2 ** n, 8000) * (1 - Math.random() * 0.25);
      await sleep(backoff, signal);
    }
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
    return new UpstreamError(429, 'rate_limit_exceeded', 'the model service is rate limiting this deployment', ms !== undefined ? Math.ceil(ms / 1000) : 1);
  }
  if (s >= 500) return new UpstreamError(502, 'upstream_error', `the model service failed (${s})`);
  if (s === 401 || s === 403) return new UpstreamError(502, 'upstream_auth_failed', 'the gateway is not authorised on the model service');
  return new UpstreamError(s, error?.code ?? 'upstream_rejected', error?.message ?? `the model service refused the request (${s})`);
}
