export { ResidencyPolicy } from './residency';
export { RequiredTagsPolicy } from './tags';
export { SecurityBaselinePolicy, FORBIDDEN_ROLES } from './security-baseline';
export { AuditTrailPolicy, type RequiredRetention } from './audit-trail';
export { DeployabilityPolicy, DEPLOYABILITY_RULES } from './deployability';
export { GatewayOnlyPolicy } from './gateway-only';
