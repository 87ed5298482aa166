import { z } from 'zod';
import { PRICING_TIERS, type PricingTier } from '../../config/pricing';
import { DLP_PROFILES } from './dlp/engine';

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

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positive = z.coerce.number().positive();
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
    out[m[1]] = { model: m[2], tier };
  }
  if (Object.keys(out).length === 0) throw new Error('at least one deployment is required, e.g. gpt-4o=gpt-4o');
  return out;
}

const schema = z.object({
  AZURE_OPENAI_ENDPOINT: z.url({ protocol: /^https?$/ }),
  AZURE_OPENAI_API_VERSION: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/).default('2024-10-21'),
  AZURE_OPENAI_AUTH: z.enum(['managed-identity', 'default', 'none']).default('managed-identity'),
  AZURE_OPENAI_TIMEOUT_MS: positive.default(60_000),
  AZURE_OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  AZURE_CLIENT_ID: z.string().optional(),
  GATEWAY_AUTH: z.enum(['entra', 'none']).default('entra'),
  ENTRA_TENANT_ID: z.guid().optional(),
  ENTRA_ISSUER: z.string().optional(),
  ENTRA_AUDIENCE: z.string().optional(),
  ENTRA_JWKS_URI: z.url().optional(),
  GATEWAY_REQUIRED_ROLE: z.string().min(1).optional(),
  GATEWAY_DEPLOYMENTS: z.string(),
  GATEWAY_PRICING_TIER: z.enum(PRICING_TIERS).default('regional'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_AUTH: z.enum(['entra', 'url']).optional(),
  BUDGET_DAILY_USD: positive.default(100),
  BUDGET_MONTHLY_USD: positive.default(2000),
  BUDGET_CALLER_DAILY_USD: positive.optional(),
  BUDGET_CALLER_MONTHLY_USD: positive.optional(),
  BUDGET_FAIL_OPEN: bool.default(false),
  MAX_TOKENS_PER_REQUEST: z.coerce.number().int().positive().default(4000),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  DLP_ACTION: z.enum(['block', 'redact']).default('block'),
  DLP_PROFILE: z.enum(DLP_PROFILES).default('all'),
  DLP_SCAN_COMPLETIONS: bool.default(false),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
});

export interface GatewayConfig {
  readonly openai: { endpoint: string; apiVersion: string; auth: 'managed-identity' | 'default' | 'none'; timeoutMs: number; maxRetries: number; managedIdentityClientId?: string };
  readonly auth:
    | { mode: 'none' }
    | { mode: 'entra'; issuers: string[]; audiences: string[]; jwksUri: string; requiredRole?: string };
  readonly deployments: Record<string, { model: string; tier: PricingTier }>;
  readonly redis?: { url: string; auth: 'entra' | 'url' };
  readonly budgets: { dailyUsd: number; monthlyUsd: number; callerDailyUsd?: number; callerMonthlyUsd?: number; failOpen: boolean; maxTokensPerRequest: number };
  readonly maxBodyBytes: number;
  readonly dlp: { action: 'block' | 'redact'; profile: (typeof DLP_PROFILES)[number]; scanCompletions: boolean };
  readonly port: number;
  readonly inAzure: boolean;
}

/** True inside Azure App Service / Functions (the platform sets these). */
export function runningInAzure(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME || env.CONTAINER_NAME && env.FUNCTIONS_WORKER_RUNTIME);
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new GatewayConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message })),
    );
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  const inAzure = runningInAzure(env);

  let deployments: GatewayConfig['deployments'] = {};
  try {
    deployments = parseDeployments(e.GATEWAY_DEPLOYMENTS, e.GATEWAY_PRICING_TIER);
  } catch (err) {
    problems.push({ variable: 'GATEWAY_DEPLOYMENTS', message: (err as Error).message });
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
    auth = { mode: 'entra', issuers, audiences, jwksUri: jwksUri ?? '', requiredRole: e.GATEWAY_REQUIRED_ROLE };
  }

  if (e.AZURE_OPENAI_AUTH === 'none') {
    const host = new URL(e.AZURE_OPENAI_ENDPOINT).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
      problems.push({ variable: 'AZURE_OPENAI_AUTH', message: '"none" is only for loopback test upstreams' });
    }
  }
  if (inAzure && !e.REDIS_URL) problems.push({ variable: 'REDIS_URL', message: 'is required in Azure (budgets must be shared by every instance)' });

  if (problems.length) throw new GatewayConfigError(problems);
  return {
    openai: {
      endpoint: e.AZURE_OPENAI_ENDPOINT,
      apiVersion: e.AZURE_OPENAI_API_VERSION,
      auth: e.AZURE_OPENAI_AUTH,
      timeoutMs: e.AZURE_OPENAI_TIMEOUT_MS,
      maxRetries: e.AZURE_OPENAI_MAX_RETRIES,
      managedIdentityClientId: e.AZURE_CLIENT_ID,
    },
    auth,
    deployments,
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
    dlp: { action: e.DLP_ACTION, profile: e.DLP_PROFILE, scanCompletions: e.DLP_SCAN_COMPLETIONS },
    port: e.PORT,
    inAzure,
  };
}
