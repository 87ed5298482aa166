import { PackAspect } from './engine';
import type { Pack, PackId, Rule } from './rule';
import type { AuditTrailContext, RequiredRetention } from './audit-trail';
import type { GatewayOnlyContext } from './gateway-only/role-access';
import { DEPLOYABILITY_RULES, type DeployabilityContext } from './deployability';
import { AOAI_NET_001 } from './rules/aoai-net-001';
import { AOAI_NET_002 } from './rules/aoai-net-002';
import { AOAI_NET_003 } from './rules/aoai-net-003';
import { AOAI_NET_004 } from './rules/aoai-net-004';
import { AOAI_NET_005 } from './rules/aoai-net-005';
import { AOAI_IAM_001 } from './rules/aoai-iam-001';
import { AOAI_IAM_002 } from './rules/aoai-iam-002';
import { AOAI_IAM_003 } from './rules/aoai-iam-003';
import { AOAI_LOG_001 } from './rules/aoai-log-001';
import { AOAI_RES_001, type ResidencyContext } from './rules/aoai-res-001';
import { AOAI_RES_002 } from './rules/aoai-res-002';
import { AOAI_TAG_001, type TaggingContext } from './rules/aoai-tag-001';
import { AOAI_GW_001 } from './rules/aoai-gw-001';
import { AOAI_GW_002 } from './rules/aoai-gw-002';
import { AOAI_GW_003 } from './rules/aoai-gw-003';

export const SECURITY_BASELINE: Pack<void> = {
  id: 'security-baseline',
  title: 'Security baseline: private, keyless, least privilege',
  rules: [AOAI_NET_001, AOAI_IAM_001, AOAI_NET_002, AOAI_NET_003, AOAI_NET_004, AOAI_NET_005, AOAI_IAM_002, AOAI_IAM_003],
};
export const RESIDENCY: Pack<ResidencyContext> = { id: 'residency', title: 'Residency: resources stay in the region profile', rules: [AOAI_RES_001, AOAI_RES_002] };
export const TAGGING: Pack<TaggingContext> = { id: 'tagging', title: 'Tagging: mandatory tags', rules: [AOAI_TAG_001] };
export const AUDIT_TRAIL: Pack<AuditTrailContext> = { id: 'audit-trail', title: 'Audit trail: complete, with the profile\'s retention', rules: [AOAI_LOG_001] };
export const GATEWAY_ONLY: Pack<GatewayOnlyContext> = { id: 'gateway-only', title: 'Gateway only: no path around the gateway', rules: [AOAI_GW_001, AOAI_GW_002, AOAI_GW_003] };
export const DEPLOYABILITY: Pack<DeployabilityContext> = {
  id: 'deployability',
  title: 'Deployability: what azurerm 4.55 or Azure refuses on a first plan or apply',
  rules: DEPLOYABILITY_RULES,
};

/** Every pack, in the order stacks enable them. */
export const PACKS: readonly Pack[] = [SECURITY_BASELINE, RESIDENCY, TAGGING, AUDIT_TRAIL, GATEWAY_ONLY, DEPLOYABILITY];
export const PACK_IDS: readonly PackId[] = PACKS.map((p) => p.id);

/** Every rule of the registry, by pack. */
export const RULES: readonly Rule[] = PACKS.flatMap((p) => p.rules);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export function packOf(ruleId: string): Pack | undefined {
  return PACKS.find((p) => p.rules.some((r) => r.id === ruleId));
}

/** The security baseline pack as an aspect. */
export class SecurityBaselinePolicy extends PackAspect<void> {
  constructor() {
    super(SECURITY_BASELINE, undefined);
  }
}

/** The residency pack as an aspect: located resources stay in the profile's allowed locations. */
export class ResidencyPolicy extends PackAspect<ResidencyContext> {
  constructor(profileName: string, allowedLocations: readonly string[]) {
    super(RESIDENCY, { profileName, allowedLocations });
  }
}

/** The tagging pack as an aspect. */
export class RequiredTagsPolicy extends PackAspect<TaggingContext> {
  constructor(required: readonly string[]) {
    super(TAGGING, { required });
  }
}

/** The audit-trail pack as an aspect. */
export class AuditTrailPolicy extends PackAspect<AuditTrailContext> {
  constructor(profileName: string, required: RequiredRetention) {
    super(AUDIT_TRAIL, { profileName, required });
  }
}

/** The gateway-only pack as an aspect. */
export class GatewayOnlyPolicy extends PackAspect<GatewayOnlyContext> {
  constructor(ctx: GatewayOnlyContext = { breakGlass: [] }) {
    super(GATEWAY_ONLY, ctx);
  }
}

/** The deployability pack as an aspect; `rules` narrows it (tests). */
export class DeployabilityPolicy extends PackAspect<DeployabilityContext> {
  constructor(ctx: DeployabilityContext, rules?: readonly Rule<DeployabilityContext>[]) {
    super(rules ? { ...DEPLOYABILITY, rules } : DEPLOYABILITY, ctx);
  }
}
