import type { IConstruct } from 'constructs';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PrivateEndpoint, type PrivateEndpointPrivateServiceConnection } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { resolveString, resourcesOf } from '../util';

const same = (node: IConstruct, a: unknown, b: unknown) => resolveString(node, a) === resolveString(node, b);

/** The gateway's integration subnet (the one its Function app joins), if the stack has a gateway. */
export function integrationSubnetOf(node: IConstruct): Subnet | undefined {
  const app = resourcesOf<FunctionAppFlexConsumption>(node, FunctionAppFlexConsumption).find((a) => a.virtualNetworkSubnetIdInput !== undefined);
  return app && resourcesOf<Subnet>(node, Subnet).find((s) => same(node, s.id, app.virtualNetworkSubnetIdInput));
}

/** Private endpoints in `subnet` that do not belong to the gateway (OpenAI, Redis, storage, …). */
export function nonGatewayEndpointsIn(node: IConstruct, subnet: Subnet): PrivateEndpoint[] {
  const apps = resourcesOf<FunctionAppFlexConsumption>(node, FunctionAppFlexConsumption);
  return resourcesOf<PrivateEndpoint>(node, PrivateEndpoint).filter((pe) => {
    if (!same(node, pe.subnetIdInput, subnet.id)) return false;
    const target = (pe.privateServiceConnectionInput as PrivateEndpointPrivateServiceConnection | undefined)?.privateConnectionResourceId;
    return !apps.some((a) => same(node, a.id, target));
  });
}

export function inboundAllows(nsg: NetworkSecurityGroup): NetworkSecurityGroupSecurityRule[] {
  const rules = (nsg.securityRuleInput ?? []) as NetworkSecurityGroupSecurityRule[];
  return (Array.isArray(rules) ? rules : []).filter((r) => r.direction === 'Inbound' && r.access === 'Allow');
}

export const sourcesOf = (r: NetworkSecurityGroupSecurityRule) => [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].filter((s): s is string => typeof s === 'string');

/** The NSG associated with a subnet, if any. */
function nsgOf(subnet: Subnet): NetworkSecurityGroup | undefined {
  const association = resourcesOf<SubnetNetworkSecurityGroupAssociation>(subnet, SubnetNetworkSecurityGroupAssociation).find((a) => same(subnet, a.subnetIdInput, subnet.id));
  return association && resourcesOf<NetworkSecurityGroup>(subnet, NetworkSecurityGroup).find((n) => same(subnet, n.id, association.networkSecurityGroupIdInput));
}

/** Who can open a connection to each private endpoint of a subnet: the inbound allow rules of its NSG (evidence of AOAI-GW-002). */
export function endpointNetworkEvidence(node: IConstruct): string[] {
  const subnet = node as Subnet;
  const endpoints = resourcesOf<PrivateEndpoint>(subnet, PrivateEndpoint).filter((pe) => same(subnet, pe.subnetIdInput, subnet.id));
  if (endpoints.length === 0) return [];
  const names = endpoints.map((e) => `${e.node.path} (${(e.privateServiceConnectionInput as PrivateEndpointPrivateServiceConnection | undefined)?.subresourceNames?.join(',') ?? '?'})`).join(', ');
  const nsg = nsgOf(subnet);
  if (!nsg) return [`${names}: no network security group`];
  const sources = inboundAllows(nsg).flatMap((r) => sourcesOf(r).map((src) => `${src} → ${r.destinationPortRange ?? r.destinationPortRanges?.join('/')}`));
  return [`${names} reachable from: ${sources.join(', ') || 'nothing'} (${nsg.node.path})`];
}

/**
 * Problems of a subnet that holds non-gateway private endpoints: it must have an NSG that network policies
 * enforce, and every inbound allow rule of that NSG must come from the gateway's integration subnet only.
 */
export function endpointNetworkProblems(node: IConstruct): string[] {
  const subnet = node as Subnet;
  const integration = integrationSubnetOf(subnet);
  if (!integration || integration === subnet) return [];
  const endpoints = nonGatewayEndpointsIn(subnet, subnet);
  if (endpoints.length === 0) return [];
  const names = endpoints.map((e) => e.node.path).join(', ');
  const problems: string[] = [];
  if (subnet.privateEndpointNetworkPoliciesInput !== 'Enabled' && subnet.privateEndpointNetworkPoliciesInput !== 'NetworkSecurityGroupEnabled') {
    problems.push(`private_endpoint_network_policies must be "Enabled": otherwise no NSG applies to ${names}`);
  }
  const nsg = nsgOf(subnet);
  if (!nsg) return [...problems, `no network security group: Azure's default rules let the whole VNet reach ${names}`];
  const allowed = new Set((integration.addressPrefixesInput ?? []).map(String));
  for (const rule of inboundAllows(nsg)) {
    const wider = sourcesOf(rule).filter((s) => !allowed.has(s));
    if (wider.length) problems.push(`${nsg.node.path} rule "${rule.name}" lets ${wider.join(', ')} reach ${names}; only the gateway's integration subnet (${[...allowed].join(', ')}) may`);
  }
  return problems;
}
