import { pricingTierFor } from '../config/pricing';
import type { EnvironmentConfig, ModelDeployment, RegionProfile } from '../config/schema';

export interface GatewaySettingsInput {
  readonly environment: EnvironmentConfig;
  readonly profile: RegionProfile;
  /** The deployments of this zone's account (the environment's, for this region profile). */
  readonly deployments: readonly ModelDeployment[];
  readonly openAiEndpoint: string;
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
    GATEWAY_DEPLOYMENTS: deployments,
    REDIS_URL: input.redisUrl,
    REDIS_AUTH: 'entra',
    BUDGET_DAILY_USD: String(env.budgets.dailyUsd),
    BUDGET_MONTHLY_USD: String(env.budgets.monthlyUsd),
    MAX_TOKENS_PER_REQUEST: String(env.budgets.maxTokensPerRequest),
    DLP_PROFILE: profile.dlpProfile,
    DLP_ACTION: profile.dlpAction,
  };
  if (env.budgets.callerDailyUsd !== undefined) settings.BUDGET_CALLER_DAILY_USD = String(env.budgets.callerDailyUsd);
  return settings;
}
