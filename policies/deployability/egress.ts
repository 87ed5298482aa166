import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import { RouteTable, type RouteTableRoute } from '@cdktf/provider-azurerm/lib/route-table';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { resolveString, resourcesOf } from '../util';
import type { DeployabilityRule } from './rule';

const same = (node: Subnet | PublicIp, a: unknown, b: unknown) => resolveString(node, a) === resolveString(node, b);

/** Whether a subnet has an explicit way out: a NAT gateway, or 0.0.0.0/0 to a virtual appliance. */
function egressOf(subnet: Subnet): string | undefined {
  if (resourcesOf<SubnetNatGatewayAssociation>(subnet, SubnetNatGatewayAssociation).some((a) => same(subnet, a.subnetIdInput, subnet.id))) return 'nat';
  for (const a of resourcesOf<SubnetRouteTableAssociation>(subnet, SubnetRouteTableAssociation)) {
    if (!same(subnet, a.subnetIdInput, subnet.id)) continue;
    const table = resourcesOf<RouteTable>(subnet, RouteTable).find((t) => same(subnet, t.id, a.routeTableIdInput));
    const routes = (table?.routeInput ?? []) as RouteTableRoute[];
    if (routes.some((r) => r.addressPrefix === '0.0.0.0/0' && r.nextHopType === 'VirtualAppliance' && !!r.nextHopInIpAddress)) return 'firewall';
  }
  return undefined;
}

export const egressRule: DeployabilityRule = {
  id: 'explicit-egress',
  why:
    'A subnet with default outbound access off has no way to the internet unless a NAT gateway or a route to a firewall gives it one: ' +
    "the gateway's integration subnet routes all traffic (vnet_route_all_enabled), so without either it cannot fetch Entra ID's signing keys or send telemetry " +
    '(https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).',
  appliesTo: (node) => node instanceof Subnet && node.defaultOutboundAccessEnabledInput === false,
  check: (node) => {
    const subnet = node as Subnet;
    const delegations = (subnet.delegationInput ?? []) as { serviceDelegation?: { name?: string } }[];
    // Only subnets that originate traffic need a way out; a private-endpoint subnet answers inbound flows only.
    if (!Array.isArray(delegations) || delegations.length === 0) return [];
    return [egressOf(subnet) ? undefined : 'default outbound access is off and the subnet has neither a NAT gateway nor a 0.0.0.0/0 route to a virtual appliance'];
  },
};

export const publicIpRule: DeployabilityRule = {
  id: 'no-public-inbound-ip',
  why: "A public IP is allowed only as a NAT gateway's outbound address: a NAT gateway answers flows its subnet opened and accepts no inbound connection.",
  appliesTo: (node) => node instanceof PublicIp,
  check: (node) => {
    const ip = node as PublicIp;
    const used = resourcesOf<NatGatewayPublicIpAssociation>(ip, NatGatewayPublicIpAssociation).some((a) => same(ip, a.publicIpAddressIdInput, ip.id));
    return [used ? undefined : 'a public IP must be associated with a NAT gateway (outbound only), never used for inbound traffic'];
  },
};

const PUBLIC_SOURCES = new Set(['*', 'internet', '0.0.0.0/0', 'any']);

export const publicInboundRule: DeployabilityRule = {
  id: 'no-public-inbound-rule',
  why: 'Every data plane is private: no NSG may allow inbound traffic from the internet.',
  appliesTo: (node) => node instanceof NetworkSecurityGroup,
  check: (node) => {
    const rules = ((node as NetworkSecurityGroup).securityRuleInput ?? []) as NetworkSecurityGroupSecurityRule[];
    if (!Array.isArray(rules)) return [];
    return rules
      .filter((r) => r.direction === 'Inbound' && r.access === 'Allow')
      .filter((r) => [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].some((s) => typeof s === 'string' && PUBLIC_SOURCES.has(s.toLowerCase())))
      .map((r) => `security rule "${r.name}" allows inbound traffic from ${r.sourceAddressPrefix ?? r.sourceAddressPrefixes?.join(', ')}`);
  },
};
