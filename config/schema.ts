import { z } from 'zod';
import { cidrsOverlap, parseCidr } from './cidr';
import { isKnownRegion } from './regions';

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
  })
  .strict();

const deployment = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'deployment name: 2-64 letters, digits, ".", "_" or "-"'),
    model: z.string().min(1),
    version: z.string().min(1),
    sku: z.enum(DEPLOYMENT_SKUS),
    capacity: z.number().int().positive(),
    raiPolicyName: z.string().min(1).optional(),
  })
  .strict();

const regionProfile = z
  .object({
    displayName: z.string().min(1),
    location: z.string(),
    allowedLocations: z.array(z.string()).min(1),
    compliance: z.array(z.string().min(1)).min(1),
    dlpProfile: z.enum(DLP_PROFILES),
    allowedDeploymentSkus: z.array(z.enum(DEPLOYMENT_SKUS)).min(1),
  })
  .strict();

const budgets = z
  .object({
    dailyUsd: z.number().positive(),
    monthlyUsd: z.number().positive(),
    maxTokensPerRequest: z.number().int().positive().default(4000),
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
      })
      .strict(),
    budgets,
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
    }

    const blocks: { path: (string | number)[]; cidr: ReturnType<typeof parseCidr> }[] = [];
    for (const [envName, env] of Object.entries(cfg.environments)) {
      const at = ['environments', envName];
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
          if (!profile.allowedDeploymentSkus.includes(d.sku)) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'deployments', j, 'sku'],
              message: `SKU ${d.sku} is not allowed in region profile "${profileName}" (allowed: ${profile.allowedDeploymentSkus.join(', ')})`,
            });
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
export type Principal = EnvironmentConfig['personas']['users'][number];
export type Budgets = EnvironmentConfig['budgets'];
export type DeploymentSku = (typeof DEPLOYMENT_SKUS)[number];
export type DlpProfileName = (typeof DLP_PROFILES)[number];
