import { randomUUID } from 'node:crypto';
import type { PricingTier } from '../../../config/pricing';
import { costMicros, microsToUsd, priceFor, usdToMicros, type PricedModel, type TokenUsage } from './pricing';
import { BudgetStoreUnavailableError, type BudgetStore, type ScopeLimit } from './store';
import { completionCeiling, countChatTokens, countInputTokens, type ChatMessageLike } from './tokens';
import { windowFor, type WindowKind } from './windows';

export interface WindowLimits {
  readonly dailyUsd?: number;
  readonly monthlyUsd?: number;
}

export interface GovernorConfig {
  readonly store: BudgetStore;
  /** Deployment name → model and pricing tier. Every one must be priced (checked at construction). */
  readonly deployments: Readonly<Record<string, { readonly model: string; readonly tier: PricingTier }>>;
  /** Whole gateway. */
  readonly limits: { readonly dailyUsd: number; readonly monthlyUsd: number };
  /** Each caller (Entra oid / appid). Usage per caller is recorded whether or not a limit is set. */
  readonly perCaller?: WindowLimits;
  /** Per deployment name. */
  readonly perDeployment?: Readonly<Record<string, WindowLimits>>;
  /** Prompt plus completion ceiling, per request. @default 4000 */
  readonly maxTokensPerRequest?: number;
  /**
   * An unsettled reservation is charged in full (never released) after this long; it must outlive
   * the longest allowed call plus the settle retries. @default 300000 (5 min)
   */
  readonly reservationTtlMs?: number;
  /** A settle the store refuses is retried this many times, backing off from `settleBackoffMs` (doubling, at most 5 s). @default 6 */
  readonly settleRetries?: number;
  /** @default 200 */
  readonly settleBackoffMs?: number;
  /** Admit requests (unmetered) when the store is unreachable. @default false — fail closed */
  readonly failOpen?: boolean;
  readonly clock?: () => number;
}

export type RequestKind = 'chat' | 'completions' | 'embeddings';

export interface RequestPlan {
  readonly deployment: string;
  readonly priced: PricedModel;
  readonly promptTokens: number;
  /** The most completion tokens each choice may produce (sent upstream as its max_tokens). */
  readonly completionCeiling: number;
  /** Completions the service generates and bills: `n`, or `best_of` for legacy completions. */
  readonly choices: number;
  /** Worst-case cost: estimated prompt (with a margin) at input price plus the ceiling at output price. */
  readonly worstCaseMicros: number;
}

export interface Reservation {
  readonly requestId: string;
  readonly plan: RequestPlan;
  readonly scopes: readonly ScopeLimit[];
  /** True when the store was unreachable and the governor is configured to fail open. */
  readonly unmetered: boolean;
}

export class UnknownDeploymentError extends Error {
  constructor(readonly deployment: string) {
    super(`unknown deployment "${deployment}"`);
    this.name = 'UnknownDeploymentError';
  }
}

export class BudgetExceededError extends Error {
  constructor(
    readonly scope: string,
    readonly window: WindowKind,
    readonly resetsAt: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`${scope.replace(/:(daily|monthly)$/, '')} ${window} budget exhausted; it resets at ${new Date(resetsAt).toISOString()}`);
    this.name = 'BudgetExceededError';
  }
}

export class BudgetUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the budget store is unavailable; requests are refused until it is back');
    this.name = 'BudgetUnavailableError';
    this.cause = cause;
  }
}

export interface WindowReport {
  readonly window: string;
  readonly resets_at: string;
  readonly limit_usd: number | null;
  readonly spent_usd: number;
  readonly reserved_usd: number;
  readonly requests: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

export interface UsageReport {
  readonly daily: WindowReport;
  readonly monthly: WindowReport;
  readonly caller?: { readonly id: string; readonly daily: WindowReport; readonly monthly: WindowReport };
}

/** Runs a store call, turning an unreachable store into the governor's fail-closed error. */
async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof BudgetStoreUnavailableError) throw new BudgetUnavailableError(e);
    throw e;
  }
}

/** Counters for scopes without a limit (usage is recorded, nothing is refused). */
const UNLIMITED = Number.MAX_SAFE_INTEGER;
/** Reservations add 10% and 16 tokens to the prompt estimate, so tokenizer drift cannot overshoot. */
const promptMargin = (tokens: number) => Math.ceil(tokens * 1.1) + 16;

/**
 * Reserve → settle cost control: the worst-case cost of a request is reserved atomically in
 * every scope before the call, and replaced by the actual cost (from the response's usage) after.
 */
export class CostGovernor {
  private readonly priced = new Map<string, PricedModel>();
  readonly maxTokensPerRequest: number;
  private readonly clock: () => number;

  constructor(private readonly config: GovernorConfig) {
    for (const [name, d] of Object.entries(config.deployments)) this.priced.set(name, priceFor(d.model, d.tier));
    this.maxTokensPerRequest = config.maxTokensPerRequest ?? 4000;
    this.clock = config.clock ?? Date.now;
    for (const [what, v] of Object.entries({ ...config.limits, maxTokensPerRequest: this.maxTokensPerRequest })) {
      if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new Error(`governor: ${what} must be a positive number, got ${v}`);
    }
  }

  deploymentModel(deployment: string): PricedModel {
    const p = this.priced.get(deployment);
    if (!p) throw new UnknownDeploymentError(deployment);
    return p;
  }

  /** Counts the prompt, applies the per-request cap and prices the worst case. Throws TokenCapError. */
  plan(
    deployment: string,
    kind: RequestKind,
    body: { messages?: readonly ChatMessageLike[]; tools?: unknown; functions?: unknown; prompt?: unknown; input?: unknown; max_tokens?: number | null; max_completion_tokens?: number | null; n?: number | null; best_of?: number | null },
  ): RequestPlan {
    const priced = this.deploymentModel(deployment);
    const promptTokens =
      kind === 'chat'
        ? countChatTokens(body.messages ?? [], priced.encoding, body.tools ?? body.functions)
        : countInputTokens(kind === 'embeddings' ? body.input : body.prompt, priced.encoding);
    return this.planCounted(deployment, kind, promptTokens, body);
  }

  /**
   * The plan for a prompt already counted (the gateway counts every billed field itself): the
   * per-request cap and the reservation use this one count.
   */
  planCounted(
    deployment: string,
    kind: RequestKind,
    promptTokens: number,
    body: { max_tokens?: number | null; max_completion_tokens?: number | null; n?: number | null; best_of?: number | null },
  ): RequestPlan {
    const priced = this.deploymentModel(deployment);
    const requested = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    const choices = kind === 'embeddings' ? 1 : Math.max(1, body.n ?? 1, kind === 'completions' ? (body.best_of ?? 1) : 1);
    // Embeddings produce no completion; the cap still bounds their input.
    const ceiling = completionCeiling(promptTokens, kind === 'embeddings' ? 0 : requested, this.maxTokensPerRequest, choices);
    const worstCaseMicros = costMicros({ promptTokens: promptMargin(promptTokens), completionTokens: ceiling * choices }, priced.price);
    return { deployment, priced, promptTokens, completionCeiling: ceiling, choices, worstCaseMicros };
  }

  private scopes(callerId: string | undefined, deployment: string, now: number): ScopeLimit[] {
    const out: ScopeLimit[] = [];
    const add = (scope: string, kind: WindowKind, usd: number | undefined) => {
      const w = windowFor(kind, now);
      out.push({ scope: `${scope}:${kind}`, window: w.key, resetsAt: w.resetsAt, limitMicros: usd === undefined ? UNLIMITED : usdToMicros(usd) });
    };
    add('gateway', 'daily', this.config.limits.dailyUsd);
    add('gateway', 'monthly', this.config.limits.monthlyUsd);
    if (callerId) {
      add(`caller:${callerId}`, 'daily', this.config.perCaller?.dailyUsd);
      add(`caller:${callerId}`, 'monthly', this.config.perCaller?.monthlyUsd);
    }
    const d = this.config.perDeployment?.[deployment];
    if (d) {
      add(`deployment:${deployment}`, 'daily', d.dailyUsd);
      add(`deployment:${deployment}`, 'monthly', d.monthlyUsd);
    }
    return out;
  }

  /** Reserves the plan's worst case in every scope, or throws BudgetExceededError / BudgetUnavailableError. */
  async reserve(plan: RequestPlan, callerId?: string, requestId: string = randomUUID()): Promise<Reservation> {
    const now = this.clock();
    const scopes = this.scopes(callerId, plan.deployment, now);
    try {
      const r = await this.config.store.reserve({
        requestId,
        amountMicros: plan.worstCaseMicros,
        scopes,
        now,
        expiresAt: now + (this.config.reservationTtlMs ?? 300_000),
      });
      if (!r.ok) {
        const kind: WindowKind = r.scope.endsWith(':monthly') ? 'monthly' : 'daily';
        throw new BudgetExceededError(r.scope, kind, r.resetsAt, Math.max(1, Math.ceil((r.resetsAt - now) / 1000)));
      }
      return { requestId, plan, scopes, unmetered: false };
    } catch (e) {
      if (!(e instanceof BudgetStoreUnavailableError)) throw e;
      if (this.config.failOpen) return { requestId, plan, scopes, unmetered: true };
      throw new BudgetUnavailableError(e);
    }
  }

  /** The actual cost of a call, in micro-dollars: what settle() records and returns for the same reservation and usage. */
  actualMicros(reservation: Reservation, usage: TokenUsage): number {
    return costMicros(usage, reservation.plan.priced.price);
  }

  /**
   * Records the actual cost from the response's usage. Returns it in micro-dollars. Idempotent.
   * An unreachable store is retried with backoff; if it stays down past the retries, the
   * reservation expires and is charged in full by the store, so the call is never free.
   */
  async settle(reservation: Reservation, usage: TokenUsage): Promise<number> {
    const actual = this.actualMicros(reservation, usage);
    if (reservation.unmetered) return actual;
    const retries = this.config.settleRetries ?? 6;
    const backoff = this.config.settleBackoffMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await fromStore(() =>
          this.config.store.settle({
            requestId: reservation.requestId,
            scopes: reservation.scopes,
            actualMicros: actual,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
            now: this.clock(),
          }),
        );
        return actual;
      } catch (e) {
        if (!(e instanceof BudgetUnavailableError) || attempt >= retries) throw e;
        await new Promise((r) => setTimeout(r, Math.min(backoff * 2 ** attempt, 5000)));
      }
    }
  }

  /** Gives the reservation back without spending (the model call failed). Idempotent. */
  async release(reservation: Reservation): Promise<void> {
    if (reservation.unmetered) return;
    await fromStore(() => this.config.store.release(reservation.requestId, reservation.scopes, this.clock()));
  }

  /** Spent, reserved and limit per window for the gateway and (optionally) one caller. */
  async report(callerId?: string): Promise<UsageReport> {
    const now = this.clock();
    const scopes = this.scopes(callerId, '', now);
    const rows = await fromStore(() => this.config.store.usage(scopes, now));
    const toReport = (i: number): WindowReport => ({
      window: scopes[i].window,
      resets_at: new Date(scopes[i].resetsAt).toISOString(),
      limit_usd: scopes[i].limitMicros === UNLIMITED ? null : microsToUsd(scopes[i].limitMicros),
      spent_usd: microsToUsd(rows[i].spentMicros),
      reserved_usd: microsToUsd(rows[i].reservedMicros),
      requests: rows[i].requests,
      prompt_tokens: rows[i].promptTokens,
      completion_tokens: rows[i].completionTokens,
    });
    return {
      daily: toReport(0),
      monthly: toReport(1),
      ...(callerId ? { caller: { id: callerId, daily: toReport(2), monthly: toReport(3) } } : {}),
    };
  }
}
