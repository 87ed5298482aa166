import { Construct } from 'constructs';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { formatCidr, parseCidr, subnetOf } from '../config/cidr';
import { resourceName } from './naming';
import type { LocatedProps } from './types';

export interface NetworkProps extends LocatedProps {
  /** The VNet's address space, at least a /24. Split into the subnets below. */
  readonly addressSpace: string;
  /** Delegation of the integration subnet. Default `Microsoft.App/environments` (Flex Consumption). */
  readonly integrationDelegation?: string;
  /**
   * Whether subnets get Azure's implicit default outbound internet access.
   * @default false — egress must be explicit (NAT gateway or firewall), as Azure now recommends.
   */
  readonly defaultOutboundAccessEnabled?: boolean;
}

const deny = (name: string, priority: number, direction: 'Inbound' | 'Outbound'): NetworkSecurityGroupSecurityRule => ({
  name,
  priority,
  direction,
  access: 'Deny',
  protocol: '*',
  sourcePortRange: '*',
  destinationPortRange: '*',
  sourceAddressPrefix: '*',
  destinationAddressPrefix: '*',
});

/**
 * A spoke VNet with two subnets: one for private endpoints (HTTPS and Redis TLS from inside the VNet
 * only) and one delegated to the Function app's VNet integration (no inbound at all). Each has its own NSG.
 */
export class Network extends Construct {
  readonly vnet: VirtualNetwork;
  readonly privateEndpointSubnet: Subnet;
  readonly integrationSubnet: Subnet;
  readonly privateEndpointNsg: NetworkSecurityGroup;
  readonly integrationNsg: NetworkSecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const space = parseCidr(props.addressSpace);
    if (space.prefix > 24) throw new Error(`${this.node.path}: address space ${props.addressSpace} is smaller than a /24`);
    // Two equal halves: endpoints first, integration second (a /24 gives two /25s).
    const half = space.prefix + 1;
    const peRange = formatCidr(subnetOf(space, half, 0));
    const integrationRange = formatCidr(subnetOf(space, half, 1));
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    const defaultOutboundAccessEnabled = props.defaultOutboundAccessEnabled ?? false;

    this.vnet = new VirtualNetwork(this, 'vnet', {
      ...common,
      name: resourceName('virtualNetwork', props.naming),
      addressSpace: [props.addressSpace],
    });

    this.privateEndpointNsg = new NetworkSecurityGroup(this, 'pe-nsg', {
      ...common,
      name: resourceName('networkSecurityGroup', props.naming, 'pe'),
      securityRule: [
        {
          name: 'allow-vnet-private-endpoints',
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourcePortRange: '*',
          destinationPortRanges: ['443', '10000', '6380'],
          sourceAddressPrefix: 'VirtualNetwork',
          destinationAddressPrefix: peRange,
        },
        deny('deny-all-inbound', 4096, 'Inbound'),
      ],
    });
    this.integrationNsg = new NetworkSecurityGroup(this, 'integration-nsg', {
      ...common,
      name: resourceName('networkSecurityGroup', props.naming, 'integration'),
      securityRule: [deny('deny-all-inbound', 4096, 'Inbound')],
    });

    const subnet = (sid: string, suffix: string, range: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]>) =>
      new Subnet(this, sid, {
        name: resourceName('subnet', props.naming, suffix),
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [range],
        defaultOutboundAccessEnabled,
        ...extra,
      });

    this.privateEndpointSubnet = subnet('pe-subnet', 'pe', peRange, {
      // NSGs and route tables apply to private endpoints only when network policies are on.
      privateEndpointNetworkPolicies: 'Enabled',
    });
    this.integrationSubnet = subnet('integration-subnet', 'integration', integrationRange, {
      delegation: [
        {
          name: 'function-integration',
          serviceDelegation: {
            name: props.integrationDelegation ?? 'Microsoft.App/environments',
            actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
          },
        },
      ],
    });

    new SubnetNetworkSecurityGroupAssociation(this, 'pe-nsg-association', {
      subnetId: this.privateEndpointSubnet.id,
      networkSecurityGroupId: this.privateEndpointNsg.id,
    });
    new SubnetNetworkSecurityGroupAssociation(this, 'integration-nsg-association', {
      subnetId: this.integrationSubnet.id,
      networkSecurityGroupId: this.integrationNsg.id,
    });
  }
}
