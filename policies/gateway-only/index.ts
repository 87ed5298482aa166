/**
 * No path around the gateway: the helpers of rules AOAI-GW-001 (role access, ../rules/aoai-gw-001.ts) and
 * AOAI-GW-002 (endpoint network, ../rules/aoai-gw-002.ts), also read by the compliance report.
 */
export type { GatewayOnlyContext } from './role-access';
export { BUILT_IN_ROLES, BYPASS_OPERATIONS, bypassesOf, covers } from './roles';
export { holderOf, permissionsOf, reachesAccount } from './role-access';
