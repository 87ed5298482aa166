import { AzureOpenAI, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { DefaultAzureCredential, getBearerTokenProvider, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Operation } from '../core/requests';
import { pooledJsonCaller } from './pooled-json';
import { UpstreamError, type ChunkLike, type Upstream, type UsageLike } from './types';

export interface AzureOpenAiUpstreamOptions {
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly auth: 'managed-identity' | 'default' | 'none';
  readonly managedIdentityClientId?: string;
  readonly timeoutMs: number;
  /** Retries of 408/409/429/5xx and connection errors, with backoff honouring retry-after (the SDK's own). */
  readonly maxRetries: number;
  /** Injected credential (tests); otherwise chosen from `auth`. */
  readonly credential?: TokenCredential;
}

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

function credentialFor(options: AzureOpenAiUpstreamOptions): TokenCredential | undefined {
  if (options.credential) return options.credential;
  if (options.auth === 'managed-identity') {
    return options.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: options.managedIdentityClientId }) : new ManagedIdentityCredential();
  }
  if (options.auth === 'default') return new DefaultAzureCredential();
  return undefined;
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const s = Number(headers?.get('retry-after'));
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s) : undefined;
}

/**
 * Maps the SDK's errors (after its retries) to what the gateway answers. `timedOut` covers
 * runtimes where the SDK cannot tell its own timeout from a dropped connection.
 */
export function classify(e: unknown, timedOut = false): UpstreamError {
  if (e instanceof UpstreamError) return e;
  if (e instanceof APIUserAbortError) return new UpstreamError(499, 'client_closed_request', 'the request was cancelled');
  if (e instanceof APIConnectionTimeoutError || (timedOut && e instanceof APIConnectionError)) {
    return new UpstreamError(504, 'upstream_timeout', 'the model service did not answer in time');
  }
  if (e instanceof APIConnectionError) return new UpstreamError(503, 'upstream_unavailable', 'the model service cannot be reached');
  if (e instanceof APIError && typeof e.status === 'number') {
    const body = e.error as { code?: string; message?: string } | undefined;
    if (e.status === 429) return new UpstreamError(429, 'rate_limit_exceeded', 'the model service is rate limiting this deployment', retryAfter(e.headers) ?? 1);
    if (e.status >= 500) return new UpstreamError(502, 'upstream_error', `the model service failed (${e.status})`);
    if (e.status === 401 || e.status === 403) return new UpstreamError(502, 'upstream_auth_failed', 'the gateway is not authorised on the model service');
    return new UpstreamError(e.status, body?.code ?? 'upstream_rejected', body?.message ?? e.message);
  }
  return new UpstreamError(502, 'upstream_error', 'the model service call failed');
}

/** Azure OpenAI through the official `openai` package, authenticated with Entra ID (no keys). */
export function azureOpenAiUpstream(options: AzureOpenAiUpstreamOptions): Upstream {
  const credential = credentialFor(options);
  const token = credential ? getBearerTokenProvider(credential, COGNITIVE_SERVICES_SCOPE) : undefined;
  // Streams go through the SDK (its SSE parsing); plain JSON calls through one keep-alive pool, which
  // owns retries. The SDK never retries a stream itself: it would retry 408/409/5xx and timeouts, which
  // Azure may have billed, under one reservation. A throttled stream start answers the caller 429 with
  // the model's retry-after instead.
  const client = new AzureOpenAI({
    endpoint: options.endpoint,
    apiVersion: options.apiVersion,
    ...(token ? { azureADTokenProvider: token } : { apiKey: 'loopback-no-auth' }),
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  const json = pooledJsonCaller({ endpoint: options.endpoint, apiVersion: options.apiVersion, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, token });

  return {
    async call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer) {
      return (await json(op, deployment, op === 'embeddings' ? body : { ...body, stream: false }, signal, payload)) as never;
    },
    async stream(deployment: string, body: Record<string, unknown>, signal: AbortSignal) {
      let stream: AsyncIterable<ChunkLike>;
      const started = Date.now();
      try {
        stream = (await client.chat.completions.create({ ...(body as object), model: deployment, stream: true } as never, { signal })) as unknown as AsyncIterable<ChunkLike>;
      } catch (e) {
        throw classify(e, Date.now() - started >= options.timeoutMs);
      }
      return (async function* () {
        try {
          for await (const chunk of stream) yield chunk;
        } catch (e) {
          throw classify(e);
        }
      })();
    },
  };
}

export type { UsageLike };
