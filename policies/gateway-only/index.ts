/**
 * No path around the gateway: the helpers of rules AOAI-GW-001 (role access, ../rules/aoai-gw-001.ts),
 * AOAI-GW-002 (endpoint network, ../rules/aoai-gw-002.ts) and AOAI-GW-003 (break-glass, ../rules/aoai-gw-003.ts).
 * The compliance report reads their results and evidence from the evaluation, not these helpers.
 */
export type { BreakGlassPrincipal, GatewayOnlyContext } from './role-access';
export { BUILT_IN_ROLES, BYPASS_OPERATIONS, bypassesOf, covers } from './roles';
export { holderOf, permissionsOf, reachesAccount } from './role-access';
