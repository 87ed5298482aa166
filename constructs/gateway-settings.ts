import { pricingTierFor } from '../config/pricing';
import type { EnvironmentConfig, ModelDeployment, RegionProfile } from '../config/schema';

/** One account serving a deployment, as the gateway's GATEWAY_BACKENDS lists it (function/src/config.ts). */
export interface GatewayBackend {
  readonly account: string;
  readonly endpoint: string;
  readonly region: string;
  readonly sku: string;
  readonly priority: number;
  readonly weight: number;
}

export interface GatewaySettingsInput {
  readonly environment: EnvironmentConfig;
  readonly profile: RegionProfile;
  /** The deployments of this zone's account (the environment's, for this region profile). */
  readonly deployments: readonly ModelDeployment[];
  /** The primary account's endpoint (the single-account setting, kept for tools that read it). */
  readonly openAiEndpoint: string;
  /** Each deployment's backends, primary first. @default the primary account alone */
  readonly backends?: Readonly<Record<string, readonly GatewayBackend[]>>;
  readonly redisUrl: string;
}

/**
 * The gateway's app settings, generated from config/: the one typed source drives both the
 * infrastructure and the runtime (function/src/config.ts validates the same names at start-up).
 */
export function gatewayAppSettings(input: GatewaySettingsInput): Record<string, string> {
  const { environment: env, profile } = input;
  const deployments = input.deployments.map((d) => `${d.name}=${d.model}@${pricingTierFor(d.sku)}`).join(',');
  const settings: Record<string, string> = {
    AZURE_OPENAI_ENDPOINT: input.openAiEndpoint,
    AZURE_OPENAI_AUTH: 'managed-identity',
    GATEWAY_AUTH: 'entra',
    ENTRA_TENANT_ID: env.gateway.tenantId,
    ENTRA_AUDIENCE: env.gateway.audience,
    GATEWAY_REQUIRED_ROLE: env.gateway.requiredRole,
    GATEWAY_OPERATOR_ROLE: env.gateway.operatorRole,
    GATEWAY_DEPLOYMENTS: deployments,
    REDIS_URL: input.redisUrl,
    REDIS_AUTH: 'entra',
    BUDGET_DAILY_USD: String(env.budgets.dailyUsd),
    BUDGET_MONTHLY_USD: String(env.budgets.monthlyUsd),
    MAX_TOKENS_PER_REQUEST: String(env.budgets.maxTokensPerRequest),
    DLP_PROFILE: profile.dlpProfile,
    DLP_ACTION: profile.dlpAction,
  };
  if (input.backends) {
    // The pool and the boundary it must stay in: the gateway refuses to start with a backend outside it.
    settings.GATEWAY_BACKENDS = JSON.stringify(input.backends);
    settings.GATEWAY_ALLOWED_REGIONS = profile.allowedLocations.join(',');
    settings.GATEWAY_ALLOWED_SKUS = profile.allowedDeploymentSkus.join(',');
  }
  if (env.budgets.callerDailyUsd !== undefined) settings.BUDGET_CALLER_DAILY_USD = String(env.budgets.callerDailyUsd);
  return settings;
}
