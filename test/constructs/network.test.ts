import { Network } from '../../constructs/network';
import { PrivateLink } from '../../constructs/private-link';
import { located, only, resourcesOfType, synthJson } from '../helpers/synth';

describe('Network', () => {
  const json = synthJson((s) => new Network(s, 'network', { ...located, addressSpace: '10.10.0.0/24' }));

  it('splits the address space into service endpoints, the gateway endpoint and a delegated integration subnet', () => {
    const subnets = resourcesOfType(json, 'azurerm_subnet');
    const pe = subnets.find((s) => s.name.endsWith('-weu-pe'))!;
    const gatewayPe = subnets.find((s) => s.name.endsWith('-gateway-pe'))!;
    const integration = subnets.find((s) => s.name.endsWith('-integration'))!;
    expect(only(json, 'azurerm_virtual_network').address_space).toEqual(['10.10.0.0/24']);
    expect(pe).toMatchObject({ address_prefixes: ['10.10.0.0/26'], private_endpoint_network_policies: 'Enabled', default_outbound_access_enabled: false });
    expect(gatewayPe).toMatchObject({ address_prefixes: ['10.10.0.64/26'], private_endpoint_network_policies: 'Enabled', default_outbound_access_enabled: false });
    expect(integration).toMatchObject({
      address_prefixes: ['10.10.0.128/25'],
      default_outbound_access_enabled: false,
      delegation: [{ name: 'function-integration', service_delegation: { name: 'Microsoft.App/environments', actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] } }],
    });
  });

  it('guards each subnet with an NSG: services only from the integration subnet, the gateway on 443 from the VNet, nothing else', () => {
    const nsgs = resourcesOfType(json, 'azurerm_network_security_group');
    expect(nsgs).toHaveLength(3);
    for (const nsg of nsgs) {
      expect(nsg.security_rule).toContainEqual(expect.objectContaining({ name: 'deny-all-inbound', access: 'Deny', direction: 'Inbound', priority: 4096, source_address_prefix: '*' }));
    }
    const allows = (suffix: string) => nsgs.find((n) => n.name.endsWith(suffix))!.security_rule.filter((r: any) => r.access === 'Allow');
    expect(allows('-weu-pe')).toEqual([
      expect.objectContaining({ direction: 'Inbound', source_address_prefix: '10.10.0.128/25', destination_address_prefix: '10.10.0.0/26', destination_port_ranges: ['443', '10000'] }),
    ]);
    expect(allows('-gateway-pe')).toEqual([
      expect.objectContaining({ direction: 'Inbound', source_address_prefix: 'VirtualNetwork', destination_address_prefix: '10.10.0.64/26', destination_port_range: '443' }),
    ]);
    expect(allows('-integration')).toEqual([]);
    expect(resourcesOfType(json, 'azurerm_subnet_network_security_group_association')).toHaveLength(3);
  });

  it('refuses an address space smaller than a /24', () => {
    expect(() => synthJson((s) => new Network(s, 'network', { ...located, addressSpace: '10.10.0.0/25' }))).toThrow(/smaller than a \/24/);
  });
});

describe('PrivateLink', () => {
  const target = { resourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.CognitiveServices/accounts/a', privateLinkSubresource: 'account', privateLinkLabel: 'openai' };
  const base = { ...located, target, subnetId: 'subnet-id', virtualNetworkId: 'vnet-id' };

  it('creates endpoint, privatelink.openai.azure.com zone, VNet link and zone group', () => {
    const json = synthJson((s) => new PrivateLink(s, 'pl', base));
    expect(only(json, 'azurerm_private_dns_zone').name).toBe('privatelink.openai.azure.com');
    expect(only(json, 'azurerm_private_dns_zone_virtual_network_link')).toMatchObject({ virtual_network_id: 'vnet-id', registration_enabled: false });
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe).toMatchObject({
      subnet_id: 'subnet-id',
      location: 'westeurope',
      private_service_connection: { private_connection_resource_id: target.resourceId, subresource_names: ['account'], is_manual_connection: false },
    });
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([expect.stringMatching(/^\$\{azurerm_private_dns_zone\.[\w-]+\.id\}$/)]);
  });

  it('uses centrally owned zones in hub-and-spoke estates without creating its own', () => {
    const json = synthJson((s) => new PrivateLink(s, 'pl', { ...base, existingZoneIds: ['/hub/zone'] }));
    expect(resourcesOfType(json, 'azurerm_private_dns_zone')).toHaveLength(0);
    expect(resourcesOfType(json, 'azurerm_private_dns_zone_virtual_network_link')).toHaveLength(0);
    expect(only(json, 'azurerm_private_endpoint').private_dns_zone_group.private_dns_zone_ids).toEqual(['/hub/zone']);
  });

  it('serves other services with their own zones, and fails clearly for an unknown sub-resource', () => {
    const json = synthJson((s) => new PrivateLink(s, 'pl', { ...base, target: { ...target, privateLinkSubresource: 'blob', privateLinkLabel: 'blob' } }));
    expect(only(json, 'azurerm_private_dns_zone').name).toBe('privatelink.blob.core.windows.net');
    expect(() => synthJson((s) => new PrivateLink(s, 'pl', { ...base, target: { ...target, privateLinkSubresource: 'nope' } }))).toThrow(
      /no private DNS zone is known for sub-resource "nope"/,
    );
  });
});
