import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import type { Rule } from '../rule';
import { resolveString, resourcesOf } from '../util';
import { withChangeManagement, type DeployabilityContext } from './context';
import { NO_PUBLIC_INBOUND } from './aoai-dep-008';

export const AOAI_DEP_007: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-007',
  title: 'No public IP is attached for inbound traffic',
  severity: 'error',
  label: 'deployability/no-public-inbound-ip',
  why: "A public IP is allowed only as a NAT gateway's outbound address: a NAT gateway answers flows its subnet opened and accepts no inbound connection.",
  frameworks: withChangeManagement(NO_PUBLIC_INBOUND),
  controls: ['network-isolation'],
  appliesTo: (node) => node instanceof PublicIp,
  check: (node) => {
    const ip = node as PublicIp;
    const used = resourcesOf<NatGatewayPublicIpAssociation>(ip, NatGatewayPublicIpAssociation).some((a) => resolveString(ip, a.publicIpAddressIdInput) === resolveString(ip, ip.id));
    return [used ? undefined : 'a public IP must be associated with a NAT gateway (outbound only), never used for inbound traffic'];
  },
};
