import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { check } from '../util';
import { roleAccessProblems, type GatewayOnlyContext } from './role-access';
import { endpointNetworkProblems } from './endpoint-network';

export type { GatewayOnlyContext } from './role-access';
export { BUILT_IN_ROLES, BYPASS_OPERATIONS, bypassesOf, covers } from './roles';
export { holderOf, permissionsOf, reachesAccount } from './role-access';

/**
 * No path around the gateway, checked at synth time:
 * - `gateway-only/role-access`: a role at an OpenAI account, its resource group or wider that grants inference
 *   to anyone but the gateway's identity (or a break-glass declared in config), or that grants control-plane
 *   actions reopening a way around it (listing keys, rewriting the account, writing role assignments or definitions)
 *   to anyone — built-in and custom roles alike;
 * - `gateway-only/endpoint-network`: a subnet holding non-gateway private endpoints whose NSG lets anything but
 *   the gateway's integration subnet in (or that has no NSG, or whose network policies are off).
 */
export class GatewayOnlyPolicy implements IAspect {
  constructor(private readonly ctx: GatewayOnlyContext = { breakGlassPrincipalIds: [] }) {}

  visit(node: IConstruct): void {
    if (node instanceof RoleAssignment) check(node, 'gateway-only/role-access', () => roleAccessProblems(node, this.ctx));
    if (node instanceof Subnet) check(node, 'gateway-only/endpoint-network', () => endpointNetworkProblems(node));
  }
}
