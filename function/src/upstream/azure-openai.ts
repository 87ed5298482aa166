import type { AzureOpenAI } from 'openai';
import type { TokenCredential } from '@azure/identity';
import type { Operation } from '../core/requests';
import { bundledChunk } from './chunks';
import { pooledJsonCaller } from './pooled-json';
import { retryAfterFrom, UpstreamError, type ChunkLike, type Upstream, type UsageLike } from './types';

export interface AzureOpenAiUpstreamOptions {
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly auth: 'managed-identity' | 'default' | 'none';
  readonly managedIdentityClientId?: string;
  readonly timeoutMs: number;
  /** Injected credential (tests); otherwise chosen from `auth`. */
  readonly credential?: TokenCredential;
  /** A bearer token provider shared by every account of a pool (one identity, one token cache). */
  readonly token?: () => Promise<string>;
}

type Sdk = typeof import('./sdk');
type Identity = typeof import('./identity');
let sdkModule: Sdk | undefined;
let identityModule: Identity | undefined;
/** The `openai` SDK (chunk "openai" in the bundle), loaded on the first stream. */
const sdk = (): Sdk => (sdkModule ??= process.env.GATEWAY_CHUNKS_DIR ? bundledChunk<Sdk>('openai') : (require('./sdk') as Sdk));
/** @azure/identity (chunk "identity" in the bundle), loaded when the gateway first needs a credential. */
export const identity = (): Identity =>
  (identityModule ??= process.env.GATEWAY_CHUNKS_DIR ? bundledChunk<Identity>('identity') : (require('./identity') as Identity));

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

function credentialFor(options: AzureOpenAiUpstreamOptions): TokenCredential | undefined {
  if (options.credential) return options.credential;
  if (options.auth === 'none') return undefined;
  const { DefaultAzureCredential, ManagedIdentityCredential } = identity();
  if (options.auth === 'managed-identity') {
    return options.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: options.managedIdentityClientId }) : new ManagedIdentityCredential();
  }
  if (options.auth === 'default') return new DefaultAzureCredential();
  return undefined;
}

/** The Entra ID bearer token provider for `options.auth`, or none (loopback). */
export function tokenProviderFor(options: Pick<AzureOpenAiUpstreamOptions, 'auth' | 'managedIdentityClientId' | 'credential'>): (() => Promise<string>) | undefined {
  const credential = credentialFor(options as AzureOpenAiUpstreamOptions);
  return credential ? identity().getBearerTokenProvider(credential, COGNITIVE_SERVICES_SCOPE) : undefined;
}

/** The response's retry-after in ms (see retryAfterFrom). */
const retryAfterMs = (headers: Headers | undefined): number | undefined => (headers ? retryAfterFrom((name) => headers.get(name)) : undefined);

/** Errors that prove no byte of the request left: the connection was refused or the host did not resolve. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
function neverConnected(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (NOT_CONNECTED.has(String((c as { code?: unknown }).code))) return true;
  }
  return false;
}

/**
 * Maps the SDK's errors (after its retries) to what the gateway answers. `timedOut` covers
 * runtimes where the SDK cannot tell its own timeout from a dropped connection.
 */
export function classify(e: unknown, timedOut = false): UpstreamError {
  if (e instanceof UpstreamError) return e;
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } = sdk();
  if (e instanceof APIUserAbortError) return new UpstreamError(499, 'client_closed_request', 'the request was cancelled');
  if (e instanceof APIConnectionTimeoutError || (timedOut && e instanceof APIConnectionError)) {
    return new UpstreamError(504, 'upstream_timeout', 'the model service did not answer in time');
  }
  if (e instanceof APIConnectionError) return new UpstreamError(503, 'upstream_unavailable', 'the model service cannot be reached', undefined, neverConnected(e));
  if (e instanceof APIError && typeof e.status === 'number') {
    const body = e.error as { code?: string; message?: string } | undefined;
    if (e.status === 429) {
      const ms = retryAfterMs(e.headers);
      const err = new UpstreamError(429, 'rate_limit_exceeded', 'the model service is rate limiting this deployment', ms !== undefined ? Math.max(1, Math.ceil(ms / 1000)) : 1);
      err.retryAfterMs = ms;
      return err;
    }
    if (e.status >= 500) return new UpstreamError(502, 'upstream_error', `the model service failed (${e.status})`);
    if (e.status === 401 || e.status === 403) return new UpstreamError(502, 'upstream_auth_failed', 'the gateway is not authorised on the model service');
    return new UpstreamError(e.status, body?.code ?? 'upstream_rejected', body?.message ?? e.message);
  }
  return new UpstreamError(502, 'upstream_error', 'the model service call failed');
}

/**
 * One Azure OpenAI account through the official `openai` package, authenticated with Entra ID (no keys).
 * It never retries: the backend pool (pool.ts) above it owns retries and failover.
 */
export function azureOpenAiUpstream(options: AzureOpenAiUpstreamOptions): Upstream {
  const token = options.token ?? tokenProviderFor(options);
  // Streams go through the SDK (its SSE parsing); plain JSON calls through one keep-alive pool. The SDK
  // never retries (maxRetries 0): it would retry 408/409/5xx and timeouts, which Azure may have billed,
  // under one reservation. The client is built on the first stream: a gateway that serves no stream never loads the SDK.
  let sdkClient: AzureOpenAI | undefined;
  const client = () =>
    (sdkClient ??= new (sdk().AzureOpenAI)({
      endpoint: options.endpoint,
      apiVersion: options.apiVersion,
      ...(token ? { azureADTokenProvider: token } : { apiKey: 'loopback-no-auth' }),
      timeout: options.timeoutMs,
      maxRetries: 0,
    }));
  const json = pooledJsonCaller({ endpoint: options.endpoint, apiVersion: options.apiVersion, timeoutMs: options.timeoutMs, token });

  return {
    async call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer) {
      // A payload is the caller's exact bytes: sent as they are (the gateway only passes one for a body without `stream: true`).
      return (await json(op, deployment, op === 'embeddings' || payload ? body : { ...body, stream: false }, signal, payload)) as never;
    },
    async stream(deployment: string, body: Record<string, unknown>, signal: AbortSignal) {
      let stream: AsyncIterable<ChunkLike>;
      const started = Date.now();
      try {
        stream = (await client().chat.completions.create({ ...(body as object), model: deployment, stream: true } as never, { signal })) as unknown as AsyncIterable<ChunkLike>;
      } catch (e) {
        throw classify(e, Date.now() - started >= options.timeoutMs);
      }
      return (async function* () {
        try {
          for await (const chunk of stream) yield chunk;
          // The SDK ends a stream quietly when it is aborted.
          if (signal.aborted && signal.reason instanceof UpstreamError) throw signal.reason;
        } catch (e) {
          // Aborted by the gateway for a reason (idle, longest call): that reason, not a cancellation.
          throw signal.aborted && signal.reason instanceof UpstreamError ? signal.reason : classify(e);
        }
      })();
    },
  };
}

export type { UsageLike };
