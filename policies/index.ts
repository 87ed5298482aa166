export type { Framework, Pack, PackId, ReportControlId, Rule, RuleResult, RuleStatus, Severity, StackEvaluation, Suppression } from './rule';
export { FRAMEWORKS } from './rule';
export { RuleEngine, PackAspect, suppress, evaluationOf, messageOf } from './engine';
export {
  PACKS, PACK_IDS, RULES, ruleById, packOf,
  SECURITY_BASELINE, RESIDENCY, TAGGING, AUDIT_TRAIL, GATEWAY_ONLY, DEPLOYABILITY,
  SecurityBaselinePolicy, ResidencyPolicy, RequiredTagsPolicy, AuditTrailPolicy, GatewayOnlyPolicy, DeployabilityPolicy,
} from './packs';
export { FORBIDDEN_ROLES, forbiddenRoleOf, wideScopeOf } from './rules/aoai-iam-003';
export { GLOBAL_RESOURCE_TYPES, locationAllowed } from './rules/aoai-res-001';
export { hasSystemIdentity } from './rules/support';
export { type RequiredRetention, type AuditTrailContext } from './audit-trail';
export { DEPLOYABILITY_RULES } from './deployability';
