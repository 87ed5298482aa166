import type { IConstruct } from 'constructs';
import { Token } from 'cdktf';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { resolveString, resourcesOf } from '../util';
import { locationAllowed, type ResidencyContext } from './aoai-res-001';

/**
 * The residency pack's context, with the profile's deployment SKUs. Without `allowedDeploymentSkus` the
 * rule still refuses Global SKUs and accounts outside the allowed locations, and leaves Data Zone SKUs be.
 */
export interface BackendResidencyContext extends ResidencyContext {
  readonly allowedDeploymentSkus?: readonly string[];
}

interface Backend {
  readonly account?: unknown;
  readonly endpoint?: unknown;
  readonly region?: unknown;
  readonly sku?: unknown;
}

/**
 * azurerm 4.55 accepts these deployment SKU names (Required, ForceNew: a SKU change replaces the deployment),
 * internal/services/cognitive/cognitive_deployment_resource.go:117-130; the Global ones process anywhere.
 */
const isGlobal = (sku: string) => sku.startsWith('Global');

/** SKU problems: Global* never (processing in any Azure region); Data Zone (and the rest) only where the profile allows it. */
function skuProblems(sku: unknown, ctx: BackendResidencyContext, what: string): string[] {
  if (typeof sku !== 'string' || Token.isUnresolved(sku)) return [`${what}: the SKU must be a literal that can be checked`];
  if (isGlobal(sku)) return [`${what}: SKU ${sku} may process data in any Azure region, outside region profile "${ctx.profileName}"`];
  if (ctx.allowedDeploymentSkus && !ctx.allowedDeploymentSkus.includes(sku)) {
    return [`${what}: SKU ${sku} is not allowed in region profile "${ctx.profileName}" (allowed: ${ctx.allowedDeploymentSkus.join(', ')})`];
  }
  return [];
}

const accountOf = (node: IConstruct, accountId: unknown): CognitiveAccount | undefined => {
  const ref = resolveString(node, accountId);
  return resourcesOf<CognitiveAccount>(node, CognitiveAccount).find((a) => resolveString(node, a.id) === ref);
};

const endpointOf = (a: CognitiveAccount): string | undefined => {
  const sub = a.customSubdomainNameInput;
  return typeof sub === 'string' && !Token.isUnresolved(sub) ? `https://${sub}.openai.azure.com/` : undefined;
};

const where = (a: CognitiveAccount) => (typeof a.locationInput === 'string' ? a.locationInput : undefined);

function deploymentProblems(d: CognitiveDeployment, ctx: BackendResidencyContext): string[] {
  const problems = skuProblems(d.skuInput?.name, ctx, `deployment "${d.nameInput}"`);
  const account = accountOf(d, d.cognitiveAccountIdInput);
  if (!account) problems.push(`deployment "${d.nameInput}": cognitive_account_id names no OpenAI account of this stack, so its region cannot be proven`);
  else {
    const location = where(account);
    if (location === undefined || !locationAllowed(location, account.terraformResourceType, ctx.allowedLocations)) {
      problems.push(`deployment "${d.nameInput}": its account is in "${location}", outside region profile "${ctx.profileName}" (allowed: ${ctx.allowedLocations.join(', ')})`);
    }
  }
  return problems;
}

/** The gateway's backends (GATEWAY_BACKENDS, or the single AZURE_OPENAI_ENDPOINT), each proven to be an account of this stack inside the boundary. */
function gatewayProblems(fn: FunctionAppFlexConsumption, ctx: BackendResidencyContext): string[] {
  const settings = (fn.appSettingsInput ?? {}) as Record<string, string>;
  const accounts = resourcesOf<CognitiveAccount>(fn, CognitiveAccount);
  const byEndpoint = new Map(accounts.map((a) => [endpointOf(a), a]));
  const problems: string[] = [];
  let pools: Record<string, Backend[]> = {};
  if (settings.GATEWAY_BACKENDS !== undefined) {
    try {
      pools = JSON.parse(settings.GATEWAY_BACKENDS) as Record<string, Backend[]>;
    } catch {
      return ['app setting GATEWAY_BACKENDS is not JSON, so its backends cannot be proven'];
    }
    const regions = (settings.GATEWAY_ALLOWED_REGIONS ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const outside = regions.filter((r) => !ctx.allowedLocations.includes(r));
    if (regions.length === 0) problems.push('app setting GATEWAY_ALLOWED_REGIONS is missing: the gateway could not refuse a backend outside the profile');
    if (outside.length) problems.push(`app setting GATEWAY_ALLOWED_REGIONS names ${outside.join(', ')}, outside region profile "${ctx.profileName}" (allowed: ${ctx.allowedLocations.join(', ')})`);
    const skus = (settings.GATEWAY_ALLOWED_SKUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (skus.length === 0) problems.push('app setting GATEWAY_ALLOWED_SKUS is missing: the gateway could not refuse a backend SKU the profile does not allow');
    for (const s of skus) problems.push(...skuProblems(s, ctx, 'app setting GATEWAY_ALLOWED_SKUS'));
  } else if (settings.AZURE_OPENAI_ENDPOINT !== undefined) {
    pools = { '*': [{ account: 'AZURE_OPENAI_ENDPOINT', endpoint: settings.AZURE_OPENAI_ENDPOINT }] };
  }
  for (const [deployment, list] of Object.entries(pools)) {
    (Array.isArray(list) ? list : []).forEach((b) => {
      const what = `backend "${String(b.account)}" of deployment "${deployment}"`;
      const account = byEndpoint.get(typeof b.endpoint === 'string' ? b.endpoint : undefined);
      if (!account) return void problems.push(`${what}: endpoint ${String(b.endpoint)} is not an OpenAI account of this stack, so its region cannot be proven`);
      const location = where(account);
      if (location === undefined || !locationAllowed(location, account.terraformResourceType, ctx.allowedLocations)) {
        problems.push(`${what}: its account is in "${location}", outside region profile "${ctx.profileName}" (allowed: ${ctx.allowedLocations.join(', ')})`);
      }
      if (deployment === '*') return;
      if (b.region !== location) problems.push(`${what}: region "${String(b.region)}" is not its account's location "${location}"`);
      problems.push(...skuProblems(b.sku, ctx, what));
      const served = resourcesOf<CognitiveDeployment>(fn, CognitiveDeployment).find((d) => d.nameInput === deployment && accountOf(fn, d.cognitiveAccountIdInput) === account);
      if (!served) problems.push(`${what}: its account has no deployment "${deployment}"`);
      else if (served.skuInput?.name !== b.sku) problems.push(`${what}: SKU ${String(b.sku)} is not the account's deployment SKU ${served.skuInput?.name}`);
    });
  }
  return problems;
}

export const AOAI_RES_002: Rule<BackendResidencyContext> = {
  id: 'AOAI-RES-002',
  title: "Every backend of every deployment is an account in the region profile's allowed regions, with a SKU the profile allows",
  severity: 'error',
  label: 'residency/backends',
  why:
    'The gateway fails over and spills over between accounts: each one is where prompts are processed and logged. A backend must be an account of the landing zone in one of the profile\'s allowed locations; ' +
    'a Global SKU may process data in any Azure region, and a Data Zone SKU processes it anywhere in its data zone, which only a profile that allows Data Zone SKUs accepts (Australia has no data zone).',
  // Same citations as AOAI-RES-001 (see its note): ISM-1572 fixes where data is processed and stored; HIPAA sets no location requirement.
  frameworks: { GDPR: ['Art. 44', 'Art. 46'], IRAP: ['ISM-1572'], 'ISO 27001': ['A.5.31', 'A.5.34'], 'SOC 2': ['C1.1'], FedRAMP: ['SA-9(5)'] },
  controls: ['data-residency'],
  appliesTo: (node) =>
    node instanceof CognitiveDeployment ||
    (node instanceof FunctionAppFlexConsumption && ['GATEWAY_BACKENDS', 'AZURE_OPENAI_ENDPOINT'].some((k) => k in ((node.appSettingsInput ?? {}) as Record<string, string>))),
  check: (node, ctx) => (node instanceof CognitiveDeployment ? deploymentProblems(node, ctx) : gatewayProblems(node as FunctionAppFlexConsumption, ctx)),
};
