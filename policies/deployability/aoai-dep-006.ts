import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import { RouteTable, type RouteTableRoute } from '@cdktf/provider-azurerm/lib/route-table';
import type { IConstruct } from 'constructs';
import type { Rule } from '../rule';
import { resolveString, resourcesOf } from '../util';
import { withChangeManagement, type DeployabilityContext } from './context';

const same = (node: IConstruct, a: unknown, b: unknown) => resolveString(node, a) === resolveString(node, b);

/** A subnet's explicit ways out: its NAT gateway, or a 0.0.0.0/0 route to a virtual appliance. */
function egressOf(subnet: Subnet): string[] {
  const ways: string[] = [];
  for (const a of resourcesOf<SubnetNatGatewayAssociation>(subnet, SubnetNatGatewayAssociation)) {
    if (!same(subnet, a.subnetIdInput, subnet.id)) continue;
    const nat = resourcesOf<NatGateway>(subnet, NatGateway).find((n) => same(subnet, n.id, a.natGatewayIdInput));
    ways.push(`NAT gateway ${nat?.node.path ?? String(resolveString(subnet, a.natGatewayIdInput))} (outbound only)`);
  }
  for (const a of resourcesOf<SubnetRouteTableAssociation>(subnet, SubnetRouteTableAssociation)) {
    if (!same(subnet, a.subnetIdInput, subnet.id)) continue;
    const table = resourcesOf<RouteTable>(subnet, RouteTable).find((t) => same(subnet, t.id, a.routeTableIdInput));
    const routes = (table?.routeInput ?? []) as RouteTableRoute[];
    for (const r of Array.isArray(routes) ? routes : []) {
      if (r.addressPrefix === '0.0.0.0/0' && r.nextHopType === 'VirtualAppliance' && !!r.nextHopInIpAddress) ways.push(`0.0.0.0/0 → firewall ${r.nextHopInIpAddress} (${table!.node.path})`);
    }
  }
  return ways;
}

/** Only subnets that originate traffic need a way out; a private-endpoint subnet answers inbound flows only. */
function originatesTraffic(subnet: Subnet): boolean {
  const delegations = (subnet.delegationInput ?? []) as unknown;
  return Array.isArray(delegations) && delegations.length > 0;
}

export const AOAI_DEP_006: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-006',
  title: "The gateway's integration subnet has an explicit egress path",
  severity: 'error',
  label: 'deployability/explicit-egress',
  why:
    'A subnet with default outbound access off has no way to the internet unless a NAT gateway or a route to a firewall gives it one: ' +
    "the gateway's integration subnet routes all traffic (vnet_route_all_enabled), so without either it cannot fetch Entra ID's signing keys or send telemetry " +
    '(https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).',
  // Outbound traffic leaves through one managed interface (NIST SC-7).
  frameworks: withChangeManagement({ FedRAMP: ['SC-7'], 'ISO 27001': ['A.8.20'] }),
  controls: ['network-isolation'],
  appliesTo: (node) => node instanceof Subnet && node.defaultOutboundAccessEnabledInput === false,
  check: (node) => {
    const subnet = node as Subnet;
    if (!originatesTraffic(subnet)) return [];
    return [egressOf(subnet).length ? undefined : 'default outbound access is off and the subnet has neither a NAT gateway nor a 0.0.0.0/0 route to a virtual appliance'];
  },
  evidence: (node) => {
    const subnet = node as Subnet;
    if (!originatesTraffic(subnet)) return ['default outbound access off; no delegation, so the subnet originates no traffic'];
    return egressOf(subnet).map((w) => `egress path: ${w}`);
  },
};
