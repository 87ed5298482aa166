import type { Operation } from '../core/requests';

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

/** The model service as the gateway sees it. */
export interface Upstream {
  /**
   * Non-streaming call; resolves to the response JSON. `payload`, when given, is `body` already
   * serialized (the caller's own bytes, when they say exactly what `body` holds): it is sent instead.
   */
  call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer): Promise<Record<string, unknown> & { usage?: UsageLike }>;
  /** Streaming chat completion; yields parsed chunks as they arrive. */
  stream(deployment: string, body: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<ChunkLike>>;
}
