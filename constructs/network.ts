import { Construct } from 'constructs';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import type { Egress } from '../config/schema';
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
  /**
   * The integration subnet's way out (Entra ID signing keys, telemetry): it routes all traffic
   * (vnet_route_all_enabled) and has no default outbound access, so egress must be explicit.
   * @default { type: 'natGateway' } — a Standard NAT gateway with a static public IP, in the zone's region.
   * `{ type: 'firewall', nextHopIp }` routes 0.0.0.0/0 to the hub firewall as a virtual appliance instead.
   */
  readonly egress?: Egress;
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
 * A spoke VNet with three subnets, each with its own NSG, so that the gateway is the only way to the models:
 * - `pe`: private endpoints of the services behind the gateway (OpenAI, Redis, storage); inbound only from
 *   the integration subnet (443, 10000);
 * - `gateway-pe`: the gateway's own private endpoint; callers reach it on 443 from the VNet (peered spokes,
 *   on-premises through the hub);
 * - `integration`: delegated to the Function app's VNet integration; no inbound at all.
 */
export class Network extends Construct {
  readonly vnet: VirtualNetwork;
  /** Private endpoints of the services only the gateway may reach. */
  readonly privateEndpointSubnet: Subnet;
  /** The gateway's private endpoint, which callers reach. */
  readonly gatewayEndpointSubnet: Subnet;
  readonly integrationSubnet: Subnet;
  readonly privateEndpointNsg: NetworkSecurityGroup;
  readonly gatewayEndpointNsg: NetworkSecurityGroup;
  readonly integrationNsg: NetworkSecurityGroup;
  /** The egress path, as the compliance report shows it. */
  readonly egressDescription: string;
  readonly natGateway?: NatGateway;
  readonly routeTable?: RouteTable;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const space = parseCidr(props.addressSpace);
    if (space.prefix > 24) throw new Error(`${this.node.path}: address space ${props.addressSpace} is smaller than a /24`);
    // First quarter: service endpoints; second quarter: the gateway's endpoint; second half: integration
    // (a /24 gives two /26s and a /25).
    const peRange = formatCidr(subnetOf(space, space.prefix + 2, 0));
    const gatewayPeRange = formatCidr(subnetOf(space, space.prefix + 2, 1));
    const integrationRange = formatCidr(subnetOf(space, space.prefix + 1, 1));
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
          // Only the gateway (its integration subnet) reaches the model, its budget store and its storage.
          name: 'allow-gateway-to-services',
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourcePortRange: '*',
          destinationPortRanges: ['443', '10000'],
          sourceAddressPrefix: integrationRange,
          destinationAddressPrefix: peRange,
        },
        deny('deny-all-inbound', 4096, 'Inbound'),
      ],
    });
    this.gatewayEndpointNsg = new NetworkSecurityGroup(this, 'gateway-pe-nsg', {
      ...common,
      name: resourceName('networkSecurityGroup', props.naming, 'gateway-pe'),
      securityRule: [
        {
          name: 'allow-callers-to-gateway',
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourcePortRange: '*',
          destinationPortRange: '443',
          sourceAddressPrefix: 'VirtualNetwork',
          destinationAddressPrefix: gatewayPeRange,
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
    this.gatewayEndpointSubnet = subnet('gateway-pe-subnet', 'gateway-pe', gatewayPeRange, { privateEndpointNetworkPolicies: 'Enabled' });
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
    new SubnetNetworkSecurityGroupAssociation(this, 'gateway-pe-nsg-association', {
      subnetId: this.gatewayEndpointSubnet.id,
      networkSecurityGroupId: this.gatewayEndpointNsg.id,
    });
    new SubnetNetworkSecurityGroupAssociation(this, 'integration-nsg-association', {
      subnetId: this.integrationSubnet.id,
      networkSecurityGroupId: this.integrationNsg.id,
    });

    const egress = props.egress ?? { type: 'natGateway' };
    if (egress.type === 'natGateway') {
      // A NAT gateway's public IP answers only flows the subnet opened: no inbound path from the internet.
      const ip = new PublicIp(this, 'egress-ip', {
        ...common,
        name: resourceName('publicIp', props.naming, 'egress'),
        allocationMethod: 'Static',
        sku: 'Standard',
      });
      this.natGateway = new NatGateway(this, 'nat-gateway', {
        ...common,
        name: resourceName('natGateway', props.naming),
        skuName: 'Standard',
      });
      new NatGatewayPublicIpAssociation(this, 'nat-gateway-ip', { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id });
      new SubnetNatGatewayAssociation(this, 'integration-nat-gateway', { subnetId: this.integrationSubnet.id, natGatewayId: this.natGateway.id });
      this.egressDescription = `NAT gateway ${this.natGateway.friendlyUniqueId} with a static public IP, in ${props.location}`;
    } else {
      this.routeTable = new RouteTable(this, 'egress-routes', {
        ...common,
        name: resourceName('routeTable', props.naming, 'integration'),
        bgpRoutePropagationEnabled: false,
        route: [{ name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopInIpAddress: egress.nextHopIp }],
      });
      new SubnetRouteTableAssociation(this, 'integration-routes', { subnetId: this.integrationSubnet.id, routeTableId: this.routeTable.id });
      this.egressDescription = `0.0.0.0/0 → hub firewall ${egress.nextHopIp} (virtual appliance)`;
    }
  }
}
