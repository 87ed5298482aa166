import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { PRICING_TIERS, pricingTierFor, type PricingTier } from '../../config/pricing';
import { isKnownRegion } from '../../config/regions';
import { DLP_PROFILES } from './dlp/engine';
import { extraFieldProblem } from './core/requests';
import { costMicros, priceFor } from './cost/pricing';
import { DEFAULT_BREAKER, type BackendSpec, type BreakerOptions } from './upstream/pool';

/**
 * The gateway's configuration, from environment variables, validated once at start-up.
 * A bad value stops the app with a message naming the variable.
 */
export class GatewayConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'GatewayConfigError';
  }
}

// zod/mini (see core/requests.ts), with the English messages the classic API sets on import.
z.config(en());
const optional = <T extends z.core.SomeType>(s: T) => z.optional(s);
const withDefault = <T extends z.core.SomeType>(s: T, value: z.core.util.NoUndefined<z.core.output<T>>) => z._default(s, value);
const coercedInt = () => z.coerce.number().check(z.int());
const bool = z.pipe(
  z.enum(['true', 'false', '1', '0', 'yes', 'no']),
  z.transform((v) => v === 'true' || v === '1' || v === 'yes'),
);
const positive = z.coerce.number().check(z.positive());
const ms = coercedInt().check(z.positive());
const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** `name=model` or `name=model@tier`, comma separated. */
function parseDeployments(value: string, defaultTier: PricingTier): Record<string, { model: string; tier: PricingTier }> {
  const out: Record<string, { model: string; tier: PricingTier }> = {};
  for (const entry of list(value)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})=([A-Za-z0-9._-]+)(?:@([a-z_]+))?$/.exec(entry);
    if (!m) throw new Error(`entry "${entry}" must be name=model or name=model@tier`);
    const tier = (m[3] ?? defaultTier) as PricingTier;
    if (!PRICING_TIERS.includes(tier)) throw new Error(`entry "${entry}": tier must be one of ${PRICING_TIERS.join(', ')}`);
    if (out[m[1]]) throw new Error(`deployment "${m[1]}" is listed twice`);
    // An unpriced model would make every call unbillable: refuse it here, naming the entry.
    try {
      priceFor(m[2], tier);
    } catch (e) {
      throw new Error(`entry "${entry}": ${(e as Error).message}`);
    }
    out[m[1]] = { model: m[2], tier };
  }
  if (Object.keys(out).length === 0) throw new Error('at least one deployment is required, e.g. gpt-4o=gpt-4o');
  return out;
}

/** One backend of GATEWAY_BACKENDS, as config/ generates it (constructs/gateway-settings.ts). */
const backendEntry = z.strictObject({
  account: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,63}$/, 'account must be an Azure OpenAI account name')),
  endpoint: z.url({ protocol: /^https?$/ }),
  region: z.string().check(z.minLength(1)),
  sku: z.string().check(z.minLength(1)),
  priority: withDefault(z.number().check(z.int(), z.gte(1), z.lte(100)), 1),
  weight: withDefault(z.number().check(z.int(), z.gte(1), z.lte(1000)), 1),
});
const backendsSchema = z.record(z.string(), z.array(backendEntry).check(z.minLength(1, 'each deployment needs at least one backend')));

/** Deployment SKUs whose processing may leave the account's region for any Azure region. */
const isGlobalSku = (sku: string) => sku.startsWith('Global');

/** Price of a fixed reference call (1M prompt + 1M completion tokens) at `tier`: orders tiers by cost for one model. */
const referenceCost = (model: string, tier: PricingTier) => costMicros({ promptTokens: 1_000_000, completionTokens: 1_000_000 }, priceFor(model, tier).price);

/**
 * GATEWAY_BACKENDS against the deployments and the residency boundary (GATEWAY_ALLOWED_REGIONS,
 * GATEWAY_ALLOWED_SKUS): every problem, each naming the backend.
 */
function parseBackends(
  value: string,
  deployments: Record<string, { model: string; tier: PricingTier }>,
  allowedRegions: readonly string[],
  allowedSkus: readonly string[],
): { backends: Record<string, BackendSpec[]>; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { backends: {}, problems: ['must be JSON: {"<deployment>": [{"account","endpoint","region","sku","priority","weight"}]}'] };
  }
  const parsed = backendsSchema.safeParse(raw);
  if (!parsed.success) {
    return { backends: {}, problems: parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`) };
  }
  const problems: string[] = [];
  const backends: Record<string, BackendSpec[]> = {};
  for (const [deployment, entries] of Object.entries(parsed.data)) {
    const d = Object.prototype.hasOwnProperty.call(deployments, deployment) ? deployments[deployment] : undefined;
    if (!d) {
      problems.push(`deployment "${deployment}" is not in GATEWAY_DEPLOYMENTS`);
      continue;
    }
    const seen = new Set<string>();
    backends[deployment] = [];
    entries.forEach((b, i) => {
      const who = `backend "${b.account}" (${deployment}[${i}], ${b.region}, ${b.sku})`;
      const bad = (message: string) => problems.push(`${who}: ${message}`);
      if (seen.has(b.endpoint)) bad(`endpoint ${b.endpoint} is listed twice for this deployment`);
      seen.add(b.endpoint);
      if (!isKnownRegion(b.region)) bad(`unknown Azure region "${b.region}"`);
      if (!allowedRegions.includes(b.region)) bad(`region "${b.region}" is outside the residency boundary (GATEWAY_ALLOWED_REGIONS: ${allowedRegions.join(', ')})`);
      if (isGlobalSku(b.sku)) bad(`SKU ${b.sku} may process data in any Azure region; it is refused`);
      else if (!allowedSkus.includes(b.sku)) bad(`SKU ${b.sku} is not allowed (GATEWAY_ALLOWED_SKUS: ${allowedSkus.join(', ')})`);
      let tier: PricingTier;
      try {
        tier = pricingTierFor(b.sku);
        priceFor(d.model, tier);
      } catch (e) {
        bad((e as Error).message);
        return;
      }
      backends[deployment].push({ ...b, tier });
    });
  }
  for (const name of Object.keys(deployments)) {
    if (!parsed.data[name]) problems.push(`deployment "${name}" of GATEWAY_DEPLOYMENTS has no backend`);
  }
  return { backends, problems };
}

const schema = z.object({
  AZURE_OPENAI_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  AZURE_OPENAI_API_VERSION: withDefault(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/)), '2024-10-21'),
  AZURE_OPENAI_AUTH: withDefault(z.enum(['managed-identity', 'default', 'none']), 'managed-identity'),
  AZURE_OPENAI_TIMEOUT_MS: withDefault(positive, 60_000),
  AZURE_OPENAI_MAX_RETRIES: withDefault(coercedInt().check(z.gte(0), z.lte(10)), 2),
  AZURE_CLIENT_ID: optional(z.string()),
  GATEWAY_AUTH: withDefault(z.enum(['entra', 'none']), 'entra'),
  ENTRA_TENANT_ID: optional(z.guid()),
  ENTRA_ISSUER: optional(z.string()),
  ENTRA_AUDIENCE: optional(z.string()),
  ENTRA_JWKS_URI: optional(z.url()),
  ENTRA_JWKS_TIMEOUT_MS: withDefault(ms, 5000),
  GATEWAY_REQUIRED_ROLE: optional(z.string().check(z.minLength(1))),
  GATEWAY_DEPLOYMENTS: z.string(),
  GATEWAY_PRICING_TIER: withDefault(z.enum(PRICING_TIERS), 'regional'),
  REDIS_URL: optional(z.string().check(z.regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'))),
  REDIS_AUTH: optional(z.enum(['entra', 'url'])),
  BUDGET_DAILY_USD: withDefault(positive, 100),
  BUDGET_MONTHLY_USD: withDefault(positive, 2000),
  BUDGET_CALLER_DAILY_USD: optional(positive),
  BUDGET_CALLER_MONTHLY_USD: optional(positive),
  BUDGET_FAIL_OPEN: withDefault(bool, false),
  MAX_TOKENS_PER_REQUEST: withDefault(coercedInt().check(z.positive()), 4000),
  MAX_BODY_BYTES: withDefault(coercedInt().check(z.positive()), 1024 * 1024),
  DLP_ACTION: withDefault(z.enum(['block', 'redact']), 'block'),
  DLP_PROFILE: withDefault(z.enum(DLP_PROFILES), 'all'),
  DLP_SCAN_COMPLETIONS: withDefault(bool, false),
  DLP_HOLDBACK_CHARS: withDefault(coercedInt().check(z.gte(16), z.lte(65536)), 512),
  GATEWAY_EXTRA_FIELDS: optional(z.string()),
  GATEWAY_ALLOW_INLINE_MEDIA: withDefault(bool, false),
  GATEWAY_DATA_SOURCE_ENDPOINTS: optional(z.string()),
  GATEWAY_DATA_SOURCE_TOKENS: withDefault(coercedInt().check(z.positive()), 6000),
  GATEWAY_MAX_CALL_MS: withDefault(ms, 600_000),
  AZURE_OPENAI_STREAM_IDLE_TIMEOUT_MS: withDefault(ms, 30_000),
  BUDGET_SETTLE_RETRIES: withDefault(coercedInt().check(z.gte(0), z.lte(100)), 6),
  BUDGET_SETTLE_BACKOFF_MS: withDefault(ms, 200),
  BUDGET_RESERVATION_TTL_MS: optional(ms),
  AUDIT_HASH_KEY: optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
  PORT: withDefault(coercedInt().check(z.gte(0), z.lte(65535)), 8080),
  GATEWAY_BACKENDS: optional(z.string()),
  GATEWAY_ALLOWED_REGIONS: optional(z.string()),
  GATEWAY_ALLOWED_SKUS: optional(z.string()),
  GATEWAY_BREAKER_FAILURES: withDefault(coercedInt().check(z.gte(1), z.lte(1000)), DEFAULT_BREAKER.failureThreshold),
  GATEWAY_BREAKER_WINDOW_MS: withDefault(ms, DEFAULT_BREAKER.windowMs),
  GATEWAY_BREAKER_OPEN_MS: withDefault(ms, DEFAULT_BREAKER.openMs),
  GATEWAY_OPERATOR_ROLE: withDefault(z.string().check(z.regex(/^[A-Za-z0-9._:-]+$/, 'must be an app role value')), 'Gateway.Operate'),
});

const OPERATIONS = ['chat', 'completions', 'embeddings'] as const;
type Op = (typeof OPERATIONS)[number];

/** `field` (every operation) or `op:field`, comma separated: fields operators let through (scanned and counted as JSON). */
function parseExtraFields(value: string | undefined): Record<Op, string[]> {
  const out: Record<Op, string[]> = { chat: [], completions: [], embeddings: [] };
  for (const entry of list(value)) {
    const m = /^(?:(chat|completions|embeddings):)?([A-Za-z_][A-Za-z0-9_]{0,63})$/.exec(entry);
    if (!m) throw new Error(`entry "${entry}" must be field or op:field with op one of ${OPERATIONS.join(', ')}`);
    for (const op of m[1] ? [m[1] as Op] : OPERATIONS) {
      const problem = extraFieldProblem(op, m[2]);
      if (problem) throw new Error(`entry "${entry}": ${problem}`);
      out[op].push(m[2]);
    }
  }
  return out;
}

/** Settle retries back off exponentially (base, 2×base, …, capped at 5 s): their total, in ms. */
export function settleWindowMs(retries: number, backoffMs: number): number {
  let total = 0;
  for (let i = 0; i < retries; i++) total += Math.min(backoffMs * 2 ** i, 5000);
  return total;
}

export interface GatewayConfig {
  readonly openai: { endpoint: string; apiVersion: string; auth: 'managed-identity' | 'default' | 'none'; timeoutMs: number; maxRetries: number; managedIdentityClientId?: string };
  readonly auth:
    | { mode: 'none' }
    | { mode: 'entra'; issuers: string[]; audiences: string[]; jwksUri: string; jwksTimeoutMs: number; requiredRole?: string };
  /** Deployment → model and the pricing tier reservations are estimated at (the most expensive of its backends). */
  readonly deployments: Record<string, { model: string; tier: PricingTier }>;
  /**
   * Deployment → the accounts serving it. From GATEWAY_BACKENDS, each inside `residency`; without it, one
   * backend per deployment on AZURE_OPENAI_ENDPOINT (local development and the single-account case).
   */
  readonly backends: Record<string, BackendSpec[]>;
  /** The region profile's boundary the backends were checked against (GATEWAY_ALLOWED_REGIONS / _SKUS). */
  readonly residency?: { allowedRegions: string[]; allowedSkus: string[] };
  readonly breaker: BreakerOptions;
  /** App role that may read the backends' breaker state (GET /operator/backends). */
  readonly operatorRole: string;
  readonly redis?: { url: string; auth: 'entra' | 'url' };
  readonly budgets: { dailyUsd: number; monthlyUsd: number; callerDailyUsd?: number; callerMonthlyUsd?: number; failOpen: boolean; maxTokensPerRequest: number };
  readonly maxBodyBytes: number;
  readonly dlp: { action: 'block' | 'redact'; profile: (typeof DLP_PROFILES)[number]; scanCompletions: boolean; holdbackChars: number };
  readonly requests: {
    /** Fields beyond the built-in allow-list, per operation (scanned and counted as JSON). */
    extraFields: Record<Op, string[]>;
    /** Inline base64 images (data: URLs) are accepted, counted at the model's image ceiling, unscanned. */
    allowInlineMedia: boolean;
    /** https origins (lower case) of Azure "On Your Data" endpoints callers may name anywhere in `data_sources`. */
    dataSourceEndpoints: string[];
    /** Prompt tokens reserved for what a data source retrieves. */
    dataSourceTokens: number;
  };
  readonly calls: { maxCallMs: number; streamIdleTimeoutMs: number; settleRetries: number; settleBackoffMs: number; reservationTtlMs: number };
  /** Key for hashing client request ids that do not have a safe id shape (random per process when unset). */
  readonly auditHashKey?: string;
  readonly port: number;
  readonly inAzure: boolean;
}

/** True inside Azure App Service / Functions (the platform sets these). */
export function runningInAzure(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME || env.CONTAINER_NAME && env.FUNCTIONS_WORKER_RUNTIME);
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: { variable: string; message: string }[] = [];
  // Every variable is checked on its own, so one start-up reports every problem at once.
  const shape = schema.shape;
  const values: Record<string, unknown> = {};
  for (const [variable, type] of Object.entries(shape)) {
    const r = (type as z.ZodMiniType).safeParse(blankAsUnset[variable]);
    if (r.success) values[variable] = r.data;
    else {
      const i = r.error.issues[0];
      problems.push({ variable, message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message });
    }
  }
  const e = values as z.output<typeof schema>;
  const inAzure = runningInAzure(env);
  const failed = (v: string) => problems.some((p) => p.variable === v);

  let deployments: GatewayConfig['deployments'] = {};
  if (!failed('GATEWAY_DEPLOYMENTS') && !failed('GATEWAY_PRICING_TIER')) {
    try {
      deployments = parseDeployments(e.GATEWAY_DEPLOYMENTS, e.GATEWAY_PRICING_TIER);
    } catch (err) {
      problems.push({ variable: 'GATEWAY_DEPLOYMENTS', message: (err as Error).message });
    }
  }
  let extraFields: Record<Op, string[]> = { chat: [], completions: [], embeddings: [] };
  try {
    extraFields = parseExtraFields(e.GATEWAY_EXTRA_FIELDS);
  } catch (err) {
    problems.push({ variable: 'GATEWAY_EXTRA_FIELDS', message: (err as Error).message });
  }
  const dataSourceEndpoints: string[] = [];
  for (const entry of list(e.GATEWAY_DATA_SOURCE_ENDPOINTS)) {
    try {
      const u = new URL(entry);
      if (u.protocol !== 'https:') throw new Error('not https');
      dataSourceEndpoints.push(u.origin.toLowerCase());
    } catch {
      problems.push({ variable: 'GATEWAY_DATA_SOURCE_ENDPOINTS', message: `entry "${entry}" must be an https:// URL` });
    }
  }

  let auth: GatewayConfig['auth'] = { mode: 'none' };
  if (e.GATEWAY_AUTH === 'none') {
    if (inAzure) problems.push({ variable: 'GATEWAY_AUTH', message: '"none" is refused when running in Azure' });
  } else {
    const tenant = e.ENTRA_TENANT_ID;
    const issuers = e.ENTRA_ISSUER ? list(e.ENTRA_ISSUER) : tenant ? [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`] : [];
    const jwksUri = e.ENTRA_JWKS_URI ?? (tenant ? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys` : undefined);
    const audiences = list(e.ENTRA_AUDIENCE);
    if (issuers.length === 0) problems.push({ variable: 'ENTRA_ISSUER', message: 'is required (or set ENTRA_TENANT_ID)' });
    if (!jwksUri) problems.push({ variable: 'ENTRA_JWKS_URI', message: 'is required (or set ENTRA_TENANT_ID)' });
    if (audiences.length === 0) problems.push({ variable: 'ENTRA_AUDIENCE', message: 'is required when GATEWAY_AUTH=entra' });
    auth = { mode: 'entra', issuers, audiences, jwksUri: jwksUri ?? '', jwksTimeoutMs: e.ENTRA_JWKS_TIMEOUT_MS, requiredRole: e.GATEWAY_REQUIRED_ROLE };
  }

  let backends: Record<string, BackendSpec[]> = {};
  let residency: GatewayConfig['residency'];
  if (e.GATEWAY_BACKENDS !== undefined) {
    const allowedRegions = list(e.GATEWAY_ALLOWED_REGIONS);
    const allowedSkus = list(e.GATEWAY_ALLOWED_SKUS);
    // The boundary is required with a pool: without it nothing could be refused.
    if (allowedRegions.length === 0) problems.push({ variable: 'GATEWAY_ALLOWED_REGIONS', message: 'is required with GATEWAY_BACKENDS (the region profile\'s allowed regions)' });
    allowedRegions.filter((r) => !isKnownRegion(r)).forEach((r) => problems.push({ variable: 'GATEWAY_ALLOWED_REGIONS', message: `unknown Azure region "${r}"` }));
    if (allowedSkus.length === 0) problems.push({ variable: 'GATEWAY_ALLOWED_SKUS', message: 'is required with GATEWAY_BACKENDS (the region profile\'s allowed deployment SKUs)' });
    if (!failed('GATEWAY_DEPLOYMENTS') && Object.keys(deployments).length > 0) {
      const r = parseBackends(e.GATEWAY_BACKENDS, deployments, allowedRegions, allowedSkus);
      r.problems.forEach((message) => problems.push({ variable: 'GATEWAY_BACKENDS', message }));
      backends = r.backends;
      residency = { allowedRegions, allowedSkus };
      // One reservation per call, whichever backend answers: estimated at the most expensive backend's tier.
      for (const [name, list] of Object.entries(backends)) {
        const d = deployments[name];
        let tier = d.tier;
        for (const b of list) if (referenceCost(d.model, b.tier) > referenceCost(d.model, tier)) tier = b.tier;
        deployments[name] = { ...d, tier };
      }
    }
  } else if (!failed('AZURE_OPENAI_ENDPOINT')) {
    if (e.AZURE_OPENAI_ENDPOINT === undefined) problems.push({ variable: 'AZURE_OPENAI_ENDPOINT', message: 'is required (or set GATEWAY_BACKENDS)' });
    else {
      const account = new URL(e.AZURE_OPENAI_ENDPOINT).hostname.split('.')[0];
      for (const [name, d] of Object.entries(deployments)) {
        backends[name] = [{ account, endpoint: e.AZURE_OPENAI_ENDPOINT, region: 'unspecified', sku: 'unspecified', tier: d.tier, priority: 1, weight: 1 }];
      }
    }
  }

  if (e.AZURE_OPENAI_AUTH === 'none') {
    const endpoints = new Set([...(e.AZURE_OPENAI_ENDPOINT ? [e.AZURE_OPENAI_ENDPOINT] : []), ...Object.values(backends).flatMap((l) => l.map((b) => b.endpoint))]);
    for (const endpoint of endpoints) {
      const host = new URL(endpoint).hostname;
      if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
        problems.push({ variable: 'AZURE_OPENAI_AUTH', message: '"none" is only for loopback test upstreams' });
        break;
      }
    }
  }
  if (inAzure && !e.REDIS_URL) problems.push({ variable: 'REDIS_URL', message: 'is required in Azure (budgets must be shared by every instance)' });

  // The longest call a reservation must outlive: every attempt of a plain call, or the longest
  // stream, plus the settle retries; an unsettled reservation after that is charged in full.
  // Failover tries each backend of a pool once per round.
  const poolSize = Math.max(1, ...Object.values(backends).map((l) => l.length));
  const attempts = ((e.AZURE_OPENAI_MAX_RETRIES ?? 0) + 1) * poolSize;
  const longestCall = Math.max(e.GATEWAY_MAX_CALL_MS ?? 0, (e.AZURE_OPENAI_TIMEOUT_MS ?? 0) * attempts + 10_000 * (attempts - 1));
  const neededTtl = longestCall + settleWindowMs(e.BUDGET_SETTLE_RETRIES ?? 0, e.BUDGET_SETTLE_BACKOFF_MS ?? 0) + 1000;
  const reservationTtlMs = e.BUDGET_RESERVATION_TTL_MS ?? neededTtl + 60_000;
  if (e.BUDGET_RESERVATION_TTL_MS !== undefined && e.BUDGET_RESERVATION_TTL_MS < neededTtl) {
    problems.push({ variable: 'BUDGET_RESERVATION_TTL_MS', message: `must be at least ${neededTtl} (the longest allowed call plus the settle retries)` });
  }

  if (problems.length) throw new GatewayConfigError(problems);
  return {
    openai: {
      endpoint: e.AZURE_OPENAI_ENDPOINT ?? Object.values(backends)[0]?.[0]?.endpoint ?? '',
      apiVersion: e.AZURE_OPENAI_API_VERSION,
      auth: e.AZURE_OPENAI_AUTH,
      timeoutMs: e.AZURE_OPENAI_TIMEOUT_MS,
      maxRetries: e.AZURE_OPENAI_MAX_RETRIES,
      managedIdentityClientId: e.AZURE_CLIENT_ID,
    },
    auth,
    deployments,
    backends,
    residency,
    breaker: { failureThreshold: e.GATEWAY_BREAKER_FAILURES, windowMs: e.GATEWAY_BREAKER_WINDOW_MS, openMs: e.GATEWAY_BREAKER_OPEN_MS },
    operatorRole: e.GATEWAY_OPERATOR_ROLE,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, auth: e.REDIS_AUTH ?? (inAzure ? 'entra' : 'url') } : undefined,
    budgets: {
      dailyUsd: e.BUDGET_DAILY_USD,
      monthlyUsd: e.BUDGET_MONTHLY_USD,
      callerDailyUsd: e.BUDGET_CALLER_DAILY_USD,
      callerMonthlyUsd: e.BUDGET_CALLER_MONTHLY_USD,
      failOpen: e.BUDGET_FAIL_OPEN,
      maxTokensPerRequest: e.MAX_TOKENS_PER_REQUEST,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    dlp: { action: e.DLP_ACTION, profile: e.DLP_PROFILE, scanCompletions: e.DLP_SCAN_COMPLETIONS, holdbackChars: e.DLP_HOLDBACK_CHARS },
    requests: { extraFields, allowInlineMedia: e.GATEWAY_ALLOW_INLINE_MEDIA, dataSourceEndpoints, dataSourceTokens: e.GATEWAY_DATA_SOURCE_TOKENS },
    calls: {
      maxCallMs: e.GATEWAY_MAX_CALL_MS,
      streamIdleTimeoutMs: e.AZURE_OPENAI_STREAM_IDLE_TIMEOUT_MS,
      settleRetries: e.BUDGET_SETTLE_RETRIES,
      settleBackoffMs: e.BUDGET_SETTLE_BACKOFF_MS,
      reservationTtlMs,
    },
    auditHashKey: e.AUDIT_HASH_KEY,
    port: e.PORT,
    inAzure,
  };
}
