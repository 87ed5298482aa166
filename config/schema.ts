import { z } from 'zod';
import { cidrsOverlap, parseCidr } from './cidr';
import { isKnownRegion } from './regions';
import { PRICE_TABLE, pricingTierFor } from './pricing';
import { auditRetentionOverrideSchema, auditRetentionProblems } from './retention';

/** Deployment SKUs of Azure OpenAI. Global* SKUs may process data in any Azure region. */
export const DEPLOYMENT_SKUS = [
  'Standard',
  'DataZoneStandard',
  'GlobalStandard',
  'ProvisionedManaged',
  'DataZoneProvisionedManaged',
  'GlobalProvisionedManaged',
  'GlobalBatch',
  'DataZoneBatch',
] as const;

export const DLP_PROFILES = ['europe', 'us_healthcare', 'australia', 'all'] as const;

const name = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9_]{1,23}$/, `${what} must be lower-case letters, digits or "_", 2-24 characters, starting with a letter`);

const principal = z
  .object({
    displayName: z.string().min(1),
    principalId: z.guid({ message: 'principalId must be an Entra object id (a GUID)' }),
    principalType: z.enum(['User', 'Group', 'ServicePrincipal']).default('Group'),
    /**
     * Break-glass: direct data-plane access to the OpenAI account (Cognitive Services OpenAI User), around
     * the gateway's DLP, budgets and audit. Off unless given, with the reason; synth warns and the
     * compliance report lists it as an exception.
     */
    breakGlass: z.object({ reason: z.string().trim().min(10, 'breakGlass.reason must say why (at least 10 characters)') }).strict().optional(),
  })
  .strict();

/**
 * A further account serving a deployment (failover and spill-over): the region profile's secondary account
 * in `location`, with the same deployment name. Its SKU and capacity default to the deployment's.
 */
const backend = z
  .object({
    /** A secondary account of the region profile (regionProfiles.<name>.secondaryAccounts). */
    location: z.string(),
    /** Lower is used first; equal priorities share calls by weight. The deployment's own account has `priority` (default 1). */
    priority: z.number().int().min(1).max(100),
    /** Share of calls within its priority group. @default 1 */
    weight: z.number().int().min(1).max(1000).optional(),
    /** @default the deployment's SKU */
    sku: z.enum(DEPLOYMENT_SKUS).optional(),
    /** @default the deployment's capacity */
    capacity: z.number().int().positive().optional(),
  })
  .strict();

/** Entra app role values: no spaces or quotes (https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps). */
const APP_ROLE_VALUE = /^[A-Za-z0-9._:-]+$/;
const APP_ROLE_MESSAGE = 'an app role value: letters, digits, ".", "_", ":" or "-"';

const deployment = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'deployment name: 2-64 letters, digits, ".", "_" or "-"'),
    model: z.string().min(1),
    version: z.string().min(1),
    sku: z.enum(DEPLOYMENT_SKUS),
    capacity: z.number().int().positive(),
    raiPolicyName: z.string().min(1).optional(),
    /** Region profiles that get this deployment. @default every profile of the environment */
    regionProfiles: z.array(z.string()).min(1).optional(),
    /**
     * The subscription already runs this model version, so Azure's deprecation ("no new customers")
     * does not refuse it, and a retirement less than 90 days away is a warning rather than an error.
     */
    subscriptionAlreadyUses: z.boolean().optional(),
    /** Priority of the deployment on the profile's primary account among its backends. @default 1 */
    priority: z.number().int().min(1).max(100).optional(),
    /** Weight of the primary account within its priority group. @default 1 */
    weight: z.number().int().min(1).max(1000).optional(),
    /**
     * Secondary accounts that also serve this deployment (failover, spill-over), each in one of the profile's
     * allowed locations; the gateway fails over only among these. @default none: the primary account alone
     */
    backends: z.array(backend).min(1).optional(),
  })
  .strict();

const regionProfile = z
  .object({
    displayName: z.string().min(1),
    location: z.string(),
    allowedLocations: z.array(z.string()).min(1),
    compliance: z.array(z.string().min(1)).min(1),
    dlpProfile: z.enum(DLP_PROFILES),
    /** What the gateway does with sensitive data in prompts in this region. */
    dlpAction: z.enum(['block', 'redact']).default('block'),
    allowedDeploymentSkus: z.array(z.enum(DEPLOYMENT_SKUS)).min(1),
    /**
     * Further Azure OpenAI accounts of the profile, each in another of its allowedLocations, for failover and
     * spill-over (a deployment names them in `backends`). Built like the primary: private endpoint in the
     * profile's VNet, keyless, diagnostics into the profile's workspaces, persona grants. @default none
     */
    secondaryAccounts: z.array(z.object({ location: z.string() }).strict()).optional(),
    /** The profile's own audit retention (config/retention.ts); frameworks' minimums apply without it. */
    auditRetention: auditRetentionOverrideSchema.optional(),
    /**
     * How the gateway's integration subnet reaches the internet (Entra ID signing keys, telemetry).
     * @default { type: 'natGateway' } — a NAT gateway with a static public IP in the profile's region
     */
    egress: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('natGateway') }).strict(),
        z
          .object({
            type: z.literal('firewall'),
            /** Private IP of the hub firewall: 0.0.0.0/0 goes to it as a virtual appliance. */
            nextHopIp: z.ipv4({ message: 'nextHopIp must be the firewall\'s private IPv4 address' }),
          })
          .strict(),
      ])
      .default({ type: 'natGateway' }),
  })
  .strict();

const budgets = z
  .object({
    dailyUsd: z.number().positive(),
    monthlyUsd: z.number().positive(),
    maxTokensPerRequest: z.number().int().positive().default(4000),
    /** Per caller (Entra oid), enforced by the gateway. */
    callerDailyUsd: z.number().positive().optional(),
    /**
     * First day of the Azure consumption budget (YYYY-MM-01). @default the month of the first deployment:
     * Azure refuses a start in a past month, and the stack ignores later changes (the argument is ForceNew).
     */
    startDate: z.string().regex(/^\d{4}-\d{2}-01$/, 'startDate must be the first day of a month, YYYY-MM-01').optional(),
    /** Who is told at 50 / 80 / 100 % of the monthly budget and on gateway alerts. */
    alertEmails: z.array(z.email()).min(1),
  })
  .strict();

const gateway = z
  .object({
    /** Tenant whose Entra ID issues callers' tokens. */
    tenantId: z.guid({ message: 'tenantId must be an Entra tenant id (a GUID)' }),
    /** Audience of callers' tokens: the gateway app registration's Application ID URI or client id. */
    audience: z.string().min(1),
    /** App role callers must hold on the gateway's app registration. */
    requiredRole: z.string().regex(APP_ROLE_VALUE, APP_ROLE_MESSAGE).default('Gateway.Invoke'),
    /** App role that may read the backends' breaker state (GET /operator/backends); the operators persona holds it. */
    operatorRole: z.string().regex(APP_ROLE_VALUE, APP_ROLE_MESSAGE).default('Gateway.Operate'),
    /**
     * Flex Consumption scale-out ceiling. azurerm 4.55 validates 40-1000 (IntBetween(40, 1000),
     * internal/services/appservice/function_app_flex_consumption_resource.go:191).
     */
    maximumInstanceCount: z
      .number()
      .int()
      .min(40, 'maximumInstanceCount must be from 40 to 1000 (azurerm 4.55 validates IntBetween(40, 1000))')
      .max(1000, 'maximumInstanceCount must be from 40 to 1000 (azurerm 4.55 validates IntBetween(40, 1000))')
      .default(40),
    /** Azure Managed Redis SKU for the budget store. */
    redisSku: z.string().regex(/^(Balanced|MemoryOptimized|ComputeOptimized|FlashOptimized)_[A-Z]\d+$/).default('Balanced_B0'),
  })
  .strict();

const environment = z
  .object({
    regionProfiles: z.array(z.string()).min(1),
    addressSpaces: z.record(z.string(), z.string()),
    deployments: z.array(deployment).min(1),
    personas: z
      .object({
        users: z.array(principal),
        modelOwners: z.array(principal),
        auditors: z.array(principal),
        /**
         * Operators: no Azure role; the gateway's operator app role (`gateway.operatorRole`), which reads
         * each backend's breaker state. No break-glass: they never call the model directly.
         */
        operators: z.array(principal.omit({ breakGlass: true })).default([]),
      })
      .strict(),
    budgets,
    gateway,
  })
  .strict();

export const landingZoneConfigSchema = z
  .object({
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, 'prefix: 2-8 lower-case letters or digits, starting with a letter'),
    owner: z.string().min(1),
    costCenter: z.string().min(1),
    regionProfiles: z.record(name('region profile name'), regionProfile),
    environments: z.record(name('environment name'), environment),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    for (const [profileName, p] of Object.entries(cfg.regionProfiles)) {
      const at = ['regionProfiles', profileName];
      if (!isKnownRegion(p.location)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'location'], message: `unknown Azure region "${p.location}"` });
      }
      p.allowedLocations.forEach((l, i) => {
        if (!isKnownRegion(l)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'allowedLocations', i], message: `unknown Azure region "${l}"` });
        }
      });
      if (!p.allowedLocations.includes(p.location)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'location'], message: `"${p.location}" is not in allowedLocations` });
      }
      p.allowedDeploymentSkus.forEach((sku, i) => {
        if (sku.startsWith('Global')) {
          ctx.addIssue({ code: 'custom', path: [...at, 'allowedDeploymentSkus', i], message: `${sku} may process data in any Azure region: no region profile allows a Global SKU` });
        }
      });
      const secondaries = new Set<string>();
      (p.secondaryAccounts ?? []).forEach((a, i) => {
        const path = [...at, 'secondaryAccounts', i, 'location'];
        if (!p.allowedLocations.includes(a.location)) {
          ctx.addIssue({ code: 'custom', path, message: `"${a.location}" is outside region profile "${profileName}"'s allowedLocations (${p.allowedLocations.join(', ')}): an account there would leave the residency boundary` });
        } else if (a.location === p.location) {
          ctx.addIssue({ code: 'custom', path, message: `"${a.location}" is the profile's own location, where its primary account already is` });
        } else if (secondaries.has(a.location)) {
          ctx.addIssue({ code: 'custom', path, message: `"${a.location}" is listed twice` });
        }
        secondaries.add(a.location);
      });
      for (const problem of auditRetentionProblems(p.compliance, p.auditRetention)) {
        ctx.addIssue({ code: 'custom', path: [...at, ...problem.path], message: problem.message });
      }
    }

    const blocks: { path: (string | number)[]; cidr: ReturnType<typeof parseCidr> }[] = [];
    for (const [envName, env] of Object.entries(cfg.environments)) {
      const at = ['environments', envName];
      if (env.gateway.operatorRole === env.gateway.requiredRole) {
        ctx.addIssue({ code: 'custom', path: [...at, 'gateway', 'operatorRole'], message: `must differ from requiredRole "${env.gateway.requiredRole}": every caller would read the backends' state` });
      }
      env.regionProfiles.forEach((profileName, i) => {
        const profile = cfg.regionProfiles[profileName];
        if (!profile) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'regionProfiles', i],
            message: `unknown region profile "${profileName}"; known: ${Object.keys(cfg.regionProfiles).join(', ')}`,
          });
          return;
        }
        if (env.addressSpaces[profileName] === undefined) {
          ctx.addIssue({ code: 'custom', path: [...at, 'addressSpaces', profileName], message: 'missing address space' });
        }
        env.deployments.forEach((d, j) => {
          if (d.regionProfiles !== undefined && !d.regionProfiles.includes(profileName)) return;
          if (!profile.allowedDeploymentSkus.includes(d.sku)) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'deployments', j, 'sku'],
              message: `SKU ${d.sku} is not allowed in region profile "${profileName}" (allowed: ${profile.allowedDeploymentSkus.join(', ')})`,
            });
          }
        });
      });
      // The gateway prices every call: each deployment must be in the price table for its SKU's tier.
      env.deployments.forEach((d, j) => {
        let tier;
        try {
          tier = pricingTierFor(d.sku);
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: [...at, 'deployments', j, 'sku'], message: (e as Error).message });
          return;
        }
        if (!PRICE_TABLE[d.model]?.tiers[tier]) {
          ctx.addIssue({ code: 'custom', path: [...at, 'deployments', j, 'model'], message: `"${d.model}" has no ${tier} price in config/pricing.ts` });
        }
      });
      // Backends: each names a secondary account of a profile the deployment goes to, inside its boundary.
      env.deployments.forEach((d, j) => {
        const targets = (d.regionProfiles ?? env.regionProfiles).filter((t) => cfg.regionProfiles[t]);
        const seenLocations = new Set<string>();
        d.backends?.forEach((b, k) => {
          const path = [...at, 'deployments', j, 'backends', k];
          if (seenLocations.has(b.location)) ctx.addIssue({ code: 'custom', path: [...path, 'location'], message: `"${b.location}" is listed twice` });
          seenLocations.add(b.location);
          const profiles = targets.filter((t) => cfg.regionProfiles[t].allowedLocations.includes(b.location));
          if (profiles.length === 0) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'location'],
              message: `backend "${b.location}" of deployment "${d.name}" is outside the residency boundary: ${targets.map((t) => `region profile "${t}" allows ${cfg.regionProfiles[t].allowedLocations.join(', ')}`).join('; ')}`,
            });
            return;
          }
          const sku = b.sku ?? d.sku;
          for (const t of profiles) {
            const profile = cfg.regionProfiles[t];
            if (b.location === profile.location) {
              ctx.addIssue({ code: 'custom', path: [...path, 'location'], message: `"${b.location}" is region profile "${t}"'s primary account, which serves the deployment already (set priority and weight on the deployment)` });
            } else if (!(profile.secondaryAccounts ?? []).some((a) => a.location === b.location)) {
              ctx.addIssue({ code: 'custom', path: [...path, 'location'], message: `region profile "${t}" has no account in "${b.location}": declare it in regionProfiles.${t}.secondaryAccounts` });
            }
            if (sku.startsWith('Global')) {
              ctx.addIssue({ code: 'custom', path: [...path, 'sku'], message: `SKU ${sku} may process data in any Azure region: a backend never has a Global SKU` });
            } else if (!profile.allowedDeploymentSkus.includes(sku)) {
              ctx.addIssue({ code: 'custom', path: [...path, 'sku'], message: `SKU ${sku} is not allowed in region profile "${t}" (allowed: ${profile.allowedDeploymentSkus.join(', ')})` });
            }
          }
          try {
            const tier = pricingTierFor(sku);
            if (!PRICE_TABLE[d.model]?.tiers[tier]) ctx.addIssue({ code: 'custom', path: [...path, 'sku'], message: `"${d.model}" has no ${tier} price in config/pricing.ts` });
          } catch (e) {
            ctx.addIssue({ code: 'custom', path: [...path, 'sku'], message: (e as Error).message });
          }
        });
      });
      env.deployments.forEach((d, j) => {
        d.regionProfiles?.forEach((p, k) => {
          if (!env.regionProfiles.includes(p)) {
            ctx.addIssue({ code: 'custom', path: [...at, 'deployments', j, 'regionProfiles', k], message: `region profile "${p}" is not one of this environment's (${env.regionProfiles.join(', ')})` });
          }
        });
      });
      const seen = new Set<string>();
      env.deployments.forEach((d, j) => {
        if (seen.has(d.name)) ctx.addIssue({ code: 'custom', path: [...at, 'deployments', j, 'name'], message: `duplicate deployment "${d.name}"` });
        seen.add(d.name);
      });
      for (const [profileName, text] of Object.entries(env.addressSpaces)) {
        const path = [...at, 'addressSpaces', profileName];
        if (!env.regionProfiles.includes(profileName)) {
          ctx.addIssue({ code: 'custom', path, message: `address space for region profile "${profileName}", which this environment does not use` });
        }
        try {
          const cidr = parseCidr(text);
          if (cidr.prefix > 24) {
            ctx.addIssue({ code: 'custom', path, message: `${text} is too small: a landing zone needs at least a /24` });
          }
          for (const other of blocks) {
            if (cidrsOverlap(other.cidr, cidr)) {
              ctx.addIssue({ code: 'custom', path, message: `${text} overlaps ${other.path.join('.')}` });
            }
          }
          blocks.push({ path, cidr });
        } catch (e) {
          ctx.addIssue({ code: 'custom', path, message: (e as Error).message });
        }
      }
    }
  });

export type LandingZoneConfig = z.output<typeof landingZoneConfigSchema>;
export type RegionProfile = LandingZoneConfig['regionProfiles'][string];
export type EnvironmentConfig = LandingZoneConfig['environments'][string];
export type ModelDeployment = EnvironmentConfig['deployments'][number];
export type DeploymentBackend = NonNullable<ModelDeployment['backends']>[number];
export type Principal = EnvironmentConfig['personas']['users'][number];
export type Budgets = EnvironmentConfig['budgets'];
export type GatewaySettings = EnvironmentConfig['gateway'];
export type Egress = RegionProfile['egress'];
export type DeploymentSku = (typeof DEPLOYMENT_SKUS)[number];
export type DlpProfileName = (typeof DLP_PROFILES)[number];
