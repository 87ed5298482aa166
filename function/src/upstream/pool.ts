import type { PricingTier } from '../../../config/pricing';
import type { Operation } from '../core/requests';
import { boundedRetryAfter, MAX_RETRY_AFTER_MS, tagServed, UpstreamError, type BackendHealth, type ChunkLike, type ServedBy, type Upstream } from './types';

/**
 * The backend pool: for each deployment, the Azure OpenAI accounts that serve it (all inside the region
 * profile's allowed regions: config validates it, policy AOAI-RES-002 proves it at synth and
 * function/src/config.ts refuses anything else at start-up), in priority groups with a weight each, and
 * a circuit breaker per backend. The pool owns retries and failover; nothing underneath retries.
 *
 * What moves a call to the next backend is only what proves the first one billed nothing: a 429, or a
 * connection that failed before the request was sent (`unsent`). A 5xx, a timeout or a reset after
 * sending may have been billed (a timed-out generation is), so the call is answered with it; the
 * failure still counts against that backend's breaker, so FUTURE calls avoid it. A stream fails over
 * only while opening (before any byte reached the caller); once the model answered, it is the caller's.
 */
export interface BackendSpec {
  /** The Azure OpenAI account's name (audit events and the operator endpoint name it). */
  readonly account: string;
  readonly endpoint: string;
  readonly region: string;
  readonly sku: string;
  readonly tier: PricingTier;
  /** Lower first: a group is used only while every backend of the groups before it is unavailable. */
  readonly priority: number;
  /** Share of the calls within its priority group. */
  readonly weight: number;
}

export interface BreakerOptions {
  /** Failures (429, 5xx, timeouts, connection failures) within `windowMs` that open the breaker. @default 5 */
  readonly failureThreshold: number;
  /** @default 10000 */
  readonly windowMs: number;
  /** How long an open breaker stays open before one probe call is let through (half-open). @default 30000 */
  readonly openMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, windowMs: 10_000, openMs: 30_000 };

export interface PoolOptions {
  readonly breaker?: Partial<BreakerOptions>;
  /**
   * Further rounds over the pool after every backend refused (429) or was unreachable before sending:
   * the pool waits for the soonest retry-after (at most 60 s), or backs off 0.5 s doubling to 8 s. @default 0
   */
  readonly maxRetries?: number;
  readonly clock?: () => number;
  /** Uniform in [0, 1): the weighted choice within a priority group. @default Math.random */
  readonly random?: () => number;
  /** Waits `ms` or until `signal` aborts. @default setTimeout */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Longest retry-after the pool waits for within one call (the SDK's own bound). */
const MAX_WAIT_MS = 60_000;

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** One backend's circuit breaker: closed → open (threshold reached) → half-open (one probe) → closed. */
export class CircuitBreaker {
  private failures: number[] = [];
  private openUntil = 0;
  /** A 429's retry-after: the backend is not called before this, whatever the breaker's state. */
  private throttledUntil = 0;
  private probing = false;
  private state: 'closed' | 'open' | 'half_open' = 'closed';

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => number,
  ) {}

  /** Whether a call may go to this backend now (taking the half-open probe slot if it is the one). */
  tryAcquire(): boolean {
    const now = this.clock();
    if (now < this.throttledUntil) return false;
    if (this.state === 'open') {
      if (now < this.openUntil) return false;
      this.state = 'half_open';
    }
    if (this.state === 'half_open') {
      if (this.probing) return false;
      this.probing = true;
    }
    return true;
  }

  /** When this backend may be called again (now when it may). */
  availableAt(): number {
    const now = this.clock();
    const open = this.state === 'open' ? this.openUntil : this.state === 'half_open' && this.probing ? Infinity : now;
    return Math.max(now, this.throttledUntil, open);
  }

  /** A served call. It closes a half-open breaker; a closed one keeps counting its window's failures. */
  success(): void {
    if (this.state !== 'closed') this.failures = [];
    this.probing = false;
    this.state = 'closed';
  }

  /** A call that did not count either way (cancelled, or refused for its content): frees the probe slot. */
  neutral(): void {
    this.probing = false;
  }

  /** A 429, 5xx, timeout or connection failure. `retryAfterMs` (a 429's) is honoured up to MAX_RETRY_AFTER_MS. */
  failure(retryAfterMs?: number): void {
    const now = this.clock();
    // Infinity (a retry-after past the double range) or NaN is read as the longest honoured wait.
    if (retryAfterMs !== undefined) retryAfterMs = Number.isNaN(retryAfterMs) ? MAX_RETRY_AFTER_MS : (boundedRetryAfter(Math.max(0, retryAfterMs)) as number);
    if (retryAfterMs !== undefined) this.throttledUntil = Math.max(this.throttledUntil, now + retryAfterMs);
    this.failures = this.failures.filter((t) => t > now - this.options.windowMs);
    this.failures.push(now);
    const wasProbe = this.state === 'half_open';
    this.probing = false;
    if (wasProbe || this.failures.length >= this.options.failureThreshold) {
      this.state = 'open';
      this.openUntil = now + Math.max(this.options.openMs, retryAfterMs ?? 0);
    }
  }

  view(): Pick<BackendHealth, 'state' | 'recentFailures' | 'unavailableUntil'> {
    const now = this.clock();
    const state = this.state === 'open' && now >= this.openUntil ? 'half_open' : this.state;
    const until = Math.max(this.throttledUntil, state === 'open' ? this.openUntil : 0);
    return {
      state,
      recentFailures: this.failures.filter((t) => t > now - this.options.windowMs).length,
      unavailableUntil: until > now ? new Date(until).toISOString() : null,
    };
  }
}

interface Member {
  readonly spec: BackendSpec;
  readonly served: ServedBy;
  readonly upstream: Upstream;
  readonly breaker: CircuitBreaker;
}

/** Errors after which the next backend may be tried: the service certainly did not execute the request. */
const failsOver = (e: UpstreamError) => e.status === 429 || e.unsent;
/** Errors that say something about the backend's health (not about the request). */
/**
 * Whether a failure counts against the backend's breaker: a 429, a 5xx, a timeout or a connection failure,
 * unless the call's own signal ended it (the caller left, the gateway's longest-call deadline, a stream's
 * idle timeout) — that is the caller's doing (a long generation or a long silence it asked for), not the
 * backend's, and must not let one caller open the breaker every caller shares.
 */
const counts = (e: UpstreamError, signal: AbortSignal) => e.status !== 499 && !signal.aborted && (e.status === 429 || e.status >= 500 || e.unsent);

/**
 * The pool as an `Upstream`. `connect` builds one backend's caller (an `azureOpenAiUpstream` on its
 * endpoint, sharing the gateway's one identity); tests pass loopback callers.
 */
export function backendPool(pools: Readonly<Record<string, readonly BackendSpec[]>>, connect: (spec: BackendSpec) => Upstream, options: PoolOptions = {}): Upstream {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const maxRetries = options.maxRetries ?? 0;
  /**
   * Sleeps until the breakers' clock reaches `until`. A timer counts from the event loop's cached time,
   * which lags the clock by however long the current turn has run, so it can fire before a backend's
   * retry-after has passed by that clock; the round would then find no backend and be spent without an
   * attempt. The rest is slept again (a few times at most, should a clock not move).
   */
  async function sleepUntil(until: number, signal: AbortSignal): Promise<void> {
    await sleep(Math.max(0, until - clock()), signal);
    for (let k = 0; k < 3 && !signal.aborted && clock() < until; k++) await sleep(until - clock(), signal);
  }
  const breakerOptions: BreakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
  // One caller per endpoint: deployments on the same account share its connections and its breaker.
  const byEndpoint = new Map<string, { upstream: Upstream; breaker: CircuitBreaker }>();
  const members = new Map<string, Member[]>();
  for (const [deployment, specs] of Object.entries(pools)) {
    if (specs.length === 0) throw new Error(`backend pool: deployment "${deployment}" has no backend`);
    members.set(
      deployment,
      [...specs]
        .sort((a, b) => a.priority - b.priority)
        .map((spec) => {
          let shared = byEndpoint.get(spec.endpoint);
          if (!shared) byEndpoint.set(spec.endpoint, (shared = { upstream: connect(spec), breaker: new CircuitBreaker(breakerOptions, clock) }));
          return { spec, served: { account: spec.account, region: spec.region, sku: spec.sku, tier: spec.tier }, ...shared };
        }),
    );
  }

  /**
   * The next backend to try: the first priority group with an available backend not yet tried, then a
   * weighted choice within it. Acquiring takes a half-open breaker's single probe slot.
   */
  function pick(list: readonly Member[], tried: ReadonlySet<Member>): Member | undefined {
    let i = 0;
    while (i < list.length) {
      const priority = list[i].spec.priority;
      let j = i;
      while (j < list.length && list[j].spec.priority === priority) j++;
      // Fast path: a group of one (the single-account case) needs no weighted draw.
      if (j - i === 1) {
        const m = list[i];
        if (!tried.has(m) && m.breaker.tryAcquire()) return m;
      } else {
        const group = list.slice(i, j).filter((m) => !tried.has(m));
        while (group.length > 0) {
          let total = 0;
          for (const m of group) total += m.spec.weight;
          let r = random() * total;
          let k = 0;
          while (k < group.length - 1 && r >= group[k].spec.weight) r -= group[k++].spec.weight;
          const m = group[k];
          if (m.breaker.tryAcquire()) return m;
          group.splice(k, 1);
        }
      }
      i = j;
    }
    return undefined;
  }

  function noneAvailable(deployment: string, list: readonly Member[], last: UpstreamError | undefined): UpstreamError {
    const at = Math.min(...list.map((m) => m.breaker.availableAt()));
    const seconds = Number.isFinite(at) ? Math.max(1, Math.ceil((at - clock()) / 1000)) : 1;
    if (last?.status === 429) {
      // Every backend refused: the caller may come back when the first of them takes calls again.
      const err = new UpstreamError(429, last.code, last.message, Math.min(seconds, last.retryAfterSeconds ?? seconds), true);
      err.backend = last.backend;
      err.retryAfterMs = last.retryAfterMs;
      return err;
    }
    if (last) return last;
    return new UpstreamError(503, 'upstream_unavailable', `every backend of deployment "${deployment}" is unavailable (circuit open); retry after ${seconds} s`, seconds, true);
  }

  async function run<T>(deployment: string, signal: AbortSignal, attempt: (m: Member) => Promise<T>): Promise<T> {
    const list = members.get(deployment);
    if (!list) throw new UpstreamError(404, 'DeploymentNotFound', 'the deployment has no backend on this gateway', undefined, true);
    const tried = new Set<Member>();
    let last: UpstreamError | undefined;
    for (let round = 0; ; ) {
      if (signal.aborted) throw signal.reason instanceof UpstreamError ? signal.reason : new UpstreamError(499, 'client_closed_request', 'the request was cancelled', undefined, true);
      const m = pick(list, tried);
      if (!m) {
        if (round >= maxRetries) throw noneAvailable(deployment, list, last);
        const soonest = Math.min(...list.map((x) => x.breaker.availableAt())) - clock();
        const wait = last?.retryAfterMs !== undefined ? soonest : Math.max(soonest, Math.min(500 * 2 ** round, 8000) * (1 - random() * 0.25));
        if (!(wait <= MAX_WAIT_MS)) throw noneAvailable(deployment, list, last);
        await sleepUntil(clock() + Math.max(0, wait), signal);
        round++;
        tried.clear();
        continue;
      }
      tried.add(m);
      try {
        const result = await attempt(m);
        m.breaker.success();
        return result;
      } catch (e) {
        const err = e instanceof UpstreamError ? e : new UpstreamError(502, 'upstream_error', 'the model service call failed');
        err.backend = m.served;
        if (counts(err, signal)) m.breaker.failure(err.status === 429 ? (err.retryAfterMs ?? (err.retryAfterSeconds ?? 1) * 1000) : undefined);
        else m.breaker.neutral();
        if (!failsOver(err) || err.status === 499) throw err;
        last = err;
      }
    }
  }

  return {
    call(op: Operation, deployment: string, body: Record<string, unknown>, signal: AbortSignal, payload?: Buffer) {
      return run(deployment, signal, async (m) => tagServed(await m.upstream.call(op, deployment, body, signal, payload), m.served));
    },
    stream(deployment: string, body: Record<string, unknown>, signal: AbortSignal) {
      // Only the opening is attempted on several backends: `stream` resolves once the model answered 200,
      // and from then on nothing is retried. A failure mid-stream still counts against the backend.
      return run(deployment, signal, async (m) => {
        const chunks = await m.upstream.stream(deployment, body, signal);
        return tagServed(watched(chunks, m, signal), m.served);
      });
    },
    health() {
      const out: Record<string, BackendHealth[]> = {};
      for (const [deployment, list] of members) {
        out[deployment] = list.map((m) => ({ account: m.spec.account, region: m.spec.region, sku: m.spec.sku, priority: m.spec.priority, weight: m.spec.weight, ...m.breaker.view() }));
      }
      return out;
    },
  };
}

/** The stream as the caller reads it; an error after opening is the backend's failure, never retried. */
function watched(chunks: AsyncIterable<ChunkLike>, m: Member, signal: AbortSignal): AsyncIterable<ChunkLike> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield* chunks;
      } catch (e) {
        if (e instanceof UpstreamError) {
          e.backend = m.served;
          if (counts(e, signal)) m.breaker.failure();
        }
        throw e;
      }
    },
  };
}
