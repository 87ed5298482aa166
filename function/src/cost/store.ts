/**
 * A budget store keeps, per scope and window, integer micro-dollars spent and reserved, and
 * reserves or refuses atomically across every scope a request touches.
 */
export interface ScopeLimit {
  /** Stable scope name, e.g. `gateway:daily`, `caller:<oid>:monthly`, `deployment:gpt-4o:daily`. */
  readonly scope: string;
  /** Window key (e.g. `2026-11-27`): together with the scope it names one counter. */
  readonly window: string;
  readonly limitMicros: number;
  /** When the window resets (epoch ms); counters expire a grace period after. */
  readonly resetsAt: number;
}

export interface ReserveRequest {
  readonly requestId: string;
  readonly amountMicros: number;
  readonly scopes: readonly ScopeLimit[];
  readonly now: number;
  /** When an unsettled reservation is released by itself (a crashed instance cannot hold budget). */
  readonly expiresAt: number;
}

export type ReserveResult =
  | { readonly ok: true; readonly duplicate?: boolean }
  | { readonly ok: false; readonly scope: string; readonly window: string; readonly resetsAt: number; readonly spentMicros: number; readonly reservedMicros: number; readonly limitMicros: number };

export interface SettleRequest {
  readonly requestId: string;
  readonly scopes: readonly ScopeLimit[];
  readonly actualMicros: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly now: number;
}

export interface ScopeUsage {
  readonly scope: string;
  readonly window: string;
  readonly spentMicros: number;
  readonly reservedMicros: number;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface BudgetStore {
  reserve(req: ReserveRequest): Promise<ReserveResult>;
  /** Moves the reservation to spent with the actual cost. Idempotent by request id: returns false if already settled or released. */
  settle(req: SettleRequest): Promise<boolean>;
  /** Releases a reservation without spending (upstream failed). Idempotent. */
  release(requestId: string, scopes: readonly ScopeLimit[], now: number): Promise<boolean>;
  usage(scopes: readonly ScopeLimit[], now: number): Promise<ScopeUsage[]>;
  close(): Promise<void>;
}

/** The store could not be reached; the governor turns this into a fail-closed 503 (or fails open if configured). */
export class BudgetStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`budget store unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'BudgetStoreUnavailableError';
    this.cause = cause;
  }
}

/** Reservation records outlive any request by far: settle and release are idempotent for two days after a record's last change. */
export const RECORD_TTL_MS = 2 * 24 * 60 * 60 * 1000;
