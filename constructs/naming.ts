import { createHash } from 'node:crypto';
import { regionShortName } from '../config/regions';

/**
 * The one naming function for Azure resources.
 *
 * `<abbreviation>-<prefix>-<environment>-<region short name>[-<suffix>]`, shaped to each
 * resource type's length and character rules. Types whose names are global DNS labels
 * (account subdomains, storage, Redis, Function apps) get a short, stable hash of the
 * full name so that two estates with the same prefix do not collide.
 */
export interface NameParts {
  readonly prefix: string;
  readonly environment: string;
  readonly location: string;
}

interface Rule {
  readonly abbreviation: string;
  readonly maxLength: number;
  /** Characters allowed; everything else is removed. */
  readonly allowed: RegExp;
  readonly separator: '-' | '';
  readonly lowerCase: boolean;
  /** Globally unique DNS names get a stable hash suffix. */
  readonly global: boolean;
}

const dashed = (abbreviation: string, maxLength: number, global = false): Rule => ({
  abbreviation,
  maxLength,
  allowed: /[^a-z0-9-]/g,
  separator: '-',
  lowerCase: true,
  global,
});

export const NAME_RULES = {
  resourceGroup: dashed('rg', 90),
  virtualNetwork: dashed('vnet', 64),
  subnet: dashed('snet', 80),
  networkSecurityGroup: dashed('nsg', 80),
  natGateway: dashed('ng', 80),
  publicIp: dashed('pip', 80),
  routeTable: dashed('rt', 80),
  privateEndpoint: dashed('pe', 64),
  cognitiveAccount: dashed('oai', 64),
  customSubdomain: dashed('oai', 63, true),
  logAnalyticsWorkspace: dashed('log', 63),
  queryPack: dashed('pack', 63),
  diagnosticSetting: dashed('diag', 64),
  applicationInsights: dashed('appi', 255),
  servicePlan: dashed('asp', 60),
  functionApp: dashed('func', 60, true),
  redis: dashed('redis', 60, true),
  actionGroup: dashed('ag', 260),
  alert: dashed('alert', 260),
  budget: dashed('budget', 63),
  // Custom role names are unique in the tenant: the region and environment keep each zone's apart.
  roleDefinition: dashed('role', 128),
  storageAccount: { abbreviation: 'st', maxLength: 24, allowed: /[^a-z0-9]/g, separator: '', lowerCase: true, global: true } as Rule,
} as const satisfies Record<string, Rule>;

export type ResourceKind = keyof typeof NAME_RULES;

function stableHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export function resourceName(kind: ResourceKind, parts: NameParts, suffix?: string): string {
  const rule: Rule = NAME_RULES[kind];
  const region = regionShortName(parts.location);
  const pieces = [rule.abbreviation, parts.prefix, parts.environment, region, suffix].filter((p): p is string => !!p);
  const clean = (s: string) => (rule.lowerCase ? s.toLowerCase() : s).replace(/_/g, rule.separator).replace(rule.allowed, '');
  let base = pieces.map(clean).filter(Boolean).join(rule.separator);
  if (rule.global) {
    const hash = stableHash(pieces.join('/'), 6);
    base = `${base.slice(0, rule.maxLength - hash.length - rule.separator.length)}${rule.separator}${hash}`;
  } else if (base.length > rule.maxLength) {
    throw new Error(`${kind} name "${base}" is ${base.length} characters; the limit is ${rule.maxLength}. Use a shorter prefix or suffix.`);
  }
  return base.replace(/-+$/, '');
}
