import type { PricingTier } from '../../../config/pricing';
import type { Operation } from '../core/requests';

/** The Azure OpenAI account (backend) that served, or refused, one call. */
export interface ServedBy {
  readonly account: string;
  readonly region: string;
  readonly sku: string;
  /** Pricing tier of the backend's deployment: the call is settled at this tier's price. */
  readonly tier: PricingTier;
}

/**
 * A value an object carries under a symbol of its own, non-enumerable: never serialised to the caller,
 * never copied by a spread.
 */
function hidden<V>(key: symbol) {
  return {
    tag<T extends object>(target: T, value: V): T {
      Object.defineProperty(target, key, { value, enumerable: false, configurable: true });
      return target;
    },
    read(target: unknown): V | undefined {
      return target && typeof target === 'object' ? ((target as Record<symbol, V | undefined>)[key] ?? undefined) : undefined;
    },
  };
}

/** Where a result or stream carries its backend. */
export const SERVED_BY: unique symbol = Symbol('aoai.servedBy');
const served = hidden<ServedBy>(SERVED_BY);
/** Tags `target` (a response object or a stream) with the backend that served it. */
export const tagServed = served.tag;
/** The backend that served `target`, when a pool tagged it. */
export const servedBy = served.read;

/** Where a plain JSON result carries the text the service answered with. */
export const ANSWER_TEXT: unique symbol = Symbol('aoai.answerText');
const answer = hidden<string>(ANSWER_TEXT);
/** Tags a parsed answer with the exact text it was parsed from. */
export const tagAnswerText = answer.tag;
/** The text `target` was parsed from, when its caller tagged it. */
export const answerText = answer.read;

/**
 * The longest a service's retry-after is taken at its word (5 minutes): a backend is called again after
 * this whatever it said (a throttled one answers another 429, which bills nothing). Azure OpenAI asks
 * for seconds; a value of years, or past the Date range, would take the backend out of the pool until
 * the gateway restarts and break the operator view of its breaker.
 */
export const MAX_RETRY_AFTER_MS = 300_000;

/** A retry-after in ms, bounded by MAX_RETRY_AFTER_MS (Infinity too); undefined when negative or NaN. */
export function boundedRetryAfter(ms: number | undefined): number | undefined {
  return ms !== undefined && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

/**
 * A response's wait in ms: `retry-after-ms`, else `retry-after` (seconds or an HTTP date), at most
 * MAX_RETRY_AFTER_MS; undefined when absent, negative or unreadable. `header` reads one header by
 * its lower-case name (node:http's header object and a fetch `Headers` both fit).
 */
export function retryAfterFrom(header: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const rawMs = header('retry-after-ms');
  const ms = Number(rawMs);
  if (rawMs != null && Number.isFinite(ms) && ms >= 0) return boundedRetryAfter(ms);
  const raw = header('retry-after');
  if (raw == null) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return boundedRetryAfter(s * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? boundedRetryAfter(Math.max(0, date - now)) : undefined;
}

/** A failed model call, already classified; the gateway turns it into an OpenAI-shaped error. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The request certainly never reached the service (nothing to bill). */
    readonly unsent = false,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  /** The backend that answered with this error (set by the pool), for the audit event. */
  backend?: ServedBy;
  /** The service's retry-after in milliseconds (retry-after-ms, or retry-after), when it sent one. */
  retryAfterMs?: number;
}

export interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface ChunkLike {
  choices?: unknown[];
  usage?: UsageLike | null;
  [key: string]: unknown;
}

/** One backend's circuit breaker as the operator endpoint shows it. */
export interface BackendHealth {
  readonly account: string;
  readonly region: string;
  readonly sku: string;
  readonly priority: number;
  readonly weight: number;
  readonly state: 'closed' | 'open' | 'half_open';
  /** Failures (429, 5xx, timeouts, connection failures) inside the breaker's window. */
  readonly recentFailures: number;
  /** When an open breaker half-opens, or a throttled backend (retry-after) may be called again (ISO time). */
  readonly unavailableUntil: string | null;
}

/** The model service as the gateway sees it. */
export interface Upstream {
  /**
   * Non-streaming call; resolves to the response JSON. `payload`, when given, is the exact JSON of
   * `body` to send (the DLP left the body unchanged), sent instead of serialising `body` again.
   */
  call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer): Promise<Record<string, unknown> & { usage?: UsageLike }>;
  /** Streaming chat completion; yields parsed chunks as they arrive. */
  stream(deployment: string, body: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<ChunkLike>>;
  /** Each deployment's backends and their breakers (a backend pool). */
  health?(): Record<string, BackendHealth[]>;
}
