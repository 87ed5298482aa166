import { RECORD_TTL_MS, type BudgetStore, type ReserveRequest, type ReserveResult, type ScopeLimit, type ScopeUsage, type SettleRequest } from './store';
import { KEY_GRACE_MS } from './windows';

type RecordState = 'reserved' | 'settled' | 'released';

interface Counter {
  spent: number;
  reserved: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  expiresAt: number;
  /** requestId → amount and expiry of each open reservation. */
  open: Map<string, { amount: number; expiresAt: number }>;
}

/**
 * The same semantics as the Redis store, in process memory, for local runs and unit tests.
 * JavaScript runs one callback at a time, so each method is atomic without locks.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly counters = new Map<string, Counter>();
  /**
   * Each request's record, kept as the Redis store keeps it: until RECORD_TTL_MS after its last change,
   * then forgotten (without it, a long local run would hold one record per request it ever served).
   * Ordered by last change, so the forgotten ones are at the front.
   */
  private readonly reservations = new Map<string, { amount: number; state: RecordState; expiresAt: number; forgetAt: number }>();

  /** The request's record, unless there is none or it is past its time (as a Redis key past its expiry). */
  private live(requestId: string, now: number) {
    const r = this.reservations.get(requestId);
    return r && r.forgetAt > now ? r : undefined;
  }

  private record(requestId: string, amount: number, state: RecordState, expiresAt: number, now: number): void {
    for (const [id, r] of this.reservations) {
      if (r.forgetAt > now) break;
      this.reservations.delete(id);
    }
    this.reservations.delete(requestId);
    this.reservations.set(requestId, { amount, state, expiresAt, forgetAt: now + RECORD_TTL_MS });
  }

  /** How many request records the store holds (for tests and diagnostics). */
  get recordCount(): number {
    return this.reservations.size;
  }

  private counter(s: ScopeLimit, now: number): Counter {
    const key = `${s.scope}|${s.window}`;
    let c = this.counters.get(key);
    if (c && c.expiresAt <= now) c = undefined;
    if (!c) {
      c = { spent: 0, reserved: 0, requests: 0, promptTokens: 0, completionTokens: 0, expiresAt: s.resetsAt + KEY_GRACE_MS, open: new Map() };
      this.counters.set(key, c);
    }
    for (const [id, r] of c.open) {
      if (r.expiresAt <= now) {
        // Expired unsettled: charged in full, never released (as the Redis store does).
        c.reserved -= r.amount;
        c.spent += r.amount;
        c.requests += 1;
        c.open.delete(id);
      }
    }
    return c;
  }

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    if (this.live(req.requestId, req.now)) return { ok: true, duplicate: true };
    const counters = req.scopes.map((s) => this.counter(s, req.now));
    for (let i = 0; i < counters.length; i++) {
      const c = counters[i];
      const s = req.scopes[i];
      if (c.spent + c.reserved + req.amountMicros > s.limitMicros) {
        return { ok: false, scope: s.scope, window: s.window, resetsAt: s.resetsAt, spentMicros: c.spent, reservedMicros: c.reserved, limitMicros: s.limitMicros };
      }
    }
    for (const c of counters) {
      c.reserved += req.amountMicros;
      c.open.set(req.requestId, { amount: req.amountMicros, expiresAt: req.expiresAt });
    }
    this.record(req.requestId, req.amountMicros, 'reserved', req.expiresAt, req.now);
    return { ok: true };
  }

  private finish(requestId: string, scopes: readonly ScopeLimit[], now: number, state: 'settled' | 'released', apply: (c: Counter) => void): boolean {
    const r = this.live(requestId, now);
    if (r && r.state !== 'reserved') return false;
    for (const s of scopes) {
      // As the Redis script does: take the reservation out before expired ones are purged.
      const existing = this.counters.get(`${s.scope}|${s.window}`);
      const open = existing && existing.expiresAt > now ? existing.open.get(requestId) : undefined;
      if (open) {
        existing!.reserved -= open.amount;
        existing!.open.delete(requestId);
      }
      const c = this.counter(s, now);
      // Not open any more although never finished: it expired and was charged in full already.
      if (open || !r) apply(c);
    }
    this.record(requestId, r?.amount ?? 0, state, r?.expiresAt ?? now, now);
    return true;
  }

  async settle(req: SettleRequest): Promise<boolean> {
    return this.finish(req.requestId, req.scopes, req.now, 'settled', (c) => {
      c.spent += req.actualMicros;
      c.requests += 1;
      c.promptTokens += req.promptTokens;
      c.completionTokens += req.completionTokens;
    });
  }

  async release(requestId: string, scopes: readonly ScopeLimit[], now: number): Promise<boolean> {
    return this.finish(requestId, scopes, now, 'released', () => undefined);
  }

  async usage(scopes: readonly ScopeLimit[], now: number): Promise<ScopeUsage[]> {
    return scopes.map((s) => {
      const c = this.counter(s, now);
      return { scope: s.scope, window: s.window, spentMicros: c.spent, reservedMicros: c.reserved, requests: c.requests, promptTokens: c.promptTokens, completionTokens: c.completionTokens };
    });
  }

  async close(): Promise<void> {}
}
