import type { TokenCredential } from '@azure/identity';
import { CostGovernor, MemoryBudgetStore, RedisBudgetStore, type BudgetStore } from './cost';
import { DlpPolicy } from './dlp';
import { consoleLogger, type Logger } from './core/audit';
import { entraAuthenticator, noAuthenticator, type Authenticator } from './core/auth';
import { createGateway, type Gateway } from './core/gateway';
import { azureOpenAiUpstream, identity, tokenProviderFor } from './upstream/azure-openai';
import { backendPool } from './upstream/pool';
import type { Upstream } from './upstream/types';
import type { GatewayConfig } from './config';

export interface Runtime {
  readonly gateway: Gateway;
  readonly store: BudgetStore;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readonly logger?: Logger;
  readonly upstream?: Upstream;
  readonly authenticator?: Authenticator;
  readonly store?: BudgetStore;
  readonly clock?: () => number;
  /** The backend pool's weighted choice (tests). */
  readonly random?: () => number;
  /** The pool's wait between rounds (tests). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The backend pool from configuration: one caller per account, all sharing the gateway's one identity. */
export function createUpstream(config: GatewayConfig, overrides: Pick<RuntimeOverrides, 'clock' | 'random' | 'sleep'> = {}): Upstream {
  const token = tokenProviderFor(config.openai);
  return backendPool(
    config.backends,
    (spec) => azureOpenAiUpstream({ ...config.openai, endpoint: spec.endpoint, token }),
    { breaker: config.breaker, maxRetries: config.openai.maxRetries, clock: overrides.clock, random: overrides.random, sleep: overrides.sleep },
  );
}

function azureCredential(config: GatewayConfig): TokenCredential {
  const { DefaultAzureCredential, ManagedIdentityCredential } = identity();
  if (config.openai.auth === 'default' || !config.inAzure) return new DefaultAzureCredential();
  return config.openai.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: config.openai.managedIdentityClientId }) : new ManagedIdentityCredential();
}

/** The budget store the configuration names: Redis (Entra ID in Azure) or, locally, memory. */
export async function createStore(config: GatewayConfig): Promise<BudgetStore> {
  return config.redis
    ? RedisBudgetStore.connect({ url: config.redis.url, prefix: 'aoai:', credential: config.redis.auth === 'entra' ? azureCredential(config) : undefined })
    : new MemoryBudgetStore();
}

export function createGovernor(config: GatewayConfig, store: BudgetStore, clock?: () => number): CostGovernor {
  return new CostGovernor({
    store,
    deployments: config.deployments,
    limits: { dailyUsd: config.budgets.dailyUsd, monthlyUsd: config.budgets.monthlyUsd },
    perCaller: { dailyUsd: config.budgets.callerDailyUsd, monthlyUsd: config.budgets.callerMonthlyUsd },
    maxTokensPerRequest: config.budgets.maxTokensPerRequest,
    failOpen: config.budgets.failOpen,
    reservationTtlMs: config.calls.reservationTtlMs,
    settleRetries: config.calls.settleRetries,
    settleBackoffMs: config.calls.settleBackoffMs,
    clock,
  });
}

/** Builds the gateway from validated configuration: one place where the pieces meet. */
export async function createRuntime(config: GatewayConfig, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const store = overrides.store ?? (await createStore(config));
  const governor = createGovernor(config, store, overrides.clock);
  const authenticator =
    overrides.authenticator ??
    (config.auth.mode === 'entra'
      ? entraAuthenticator({ issuers: config.auth.issuers, audiences: config.auth.audiences, jwks: config.auth.jwksUri, jwksTimeoutMs: config.auth.jwksTimeoutMs, requiredRole: config.auth.requiredRole })
      : noAuthenticator);
  const gateway = createGateway({
    authenticator,
    governor,
    dlp: new DlpPolicy({ profile: config.dlp.profile, defaultAction: config.dlp.action, maxInputLength: config.maxBodyBytes }),
    upstream: overrides.upstream ?? createUpstream(config, overrides),
    operatorRole: config.auth.mode === 'entra' ? config.operatorRole : undefined,
    logger: overrides.logger ?? consoleLogger,
    maxBodyBytes: config.maxBodyBytes,
    scanCompletions: config.dlp.scanCompletions,
    holdbackChars: config.dlp.holdbackChars,
    extraFields: config.requests.extraFields,
    allowInlineMedia: config.requests.allowInlineMedia,
    dataSourceEndpoints: config.requests.dataSourceEndpoints,
    dataSourceTokens: config.requests.dataSourceTokens,
    maxCallMs: config.calls.maxCallMs,
    streamIdleTimeoutMs: config.calls.streamIdleTimeoutMs,
    auditHashKey: config.auditHashKey,
  });
  return {
    gateway,
    store,
    // Settles still running after their answers finish first: closing the store under them would leave their reservations to expire, charged in full.
    close: () => gateway.drain().then(() => store.close()),
  };
}
