import { Construct } from 'constructs';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { resourceName } from './naming';
import type { IPrivateLinkTarget, LocatedProps } from './types';

/** Private DNS zones per private-link sub-resource (Azure public cloud). */
export const PRIVATE_DNS_ZONES: Readonly<Record<string, readonly string[]>> = {
  account: ['privatelink.openai.azure.com'],
  redisEnterprise: ['privatelink.redis.azure.net'],
  redisCache: ['privatelink.redis.cache.windows.net'],
  blob: ['privatelink.blob.core.windows.net'],
  queue: ['privatelink.queue.core.windows.net'],
  table: ['privatelink.table.core.windows.net'],
  file: ['privatelink.file.core.windows.net'],
  sites: ['privatelink.azurewebsites.net'],
  vault: ['privatelink.vaultcore.azure.net'],
};

export interface PrivateLinkProps extends LocatedProps {
  readonly target: IPrivateLinkTarget;
  readonly subnetId: string;
  /** VNet the private DNS zones are linked to (ignored when `existingZoneIds` is given). */
  readonly virtualNetworkId: string;
  /** Zones to create; defaults to the table above for the target's sub-resource. */
  readonly zoneNames?: readonly string[];
  /**
   * Hub-and-spoke: ids of `privatelink.*` zones owned by a central team. When given, no zone
   * or VNet link is created here; the endpoint's DNS zone group registers in those zones.
   */
  readonly existingZoneIds?: readonly string[];
}

/**
 * Private endpoint + private DNS zone(s) + VNet link + DNS zone group, the same shape for every service.
 */
export class PrivateLink extends Construct {
  readonly endpoint: PrivateEndpoint;
  readonly zones: PrivateDnsZone[] = [];
  readonly zoneIds: string[];

  constructor(scope: Construct, id: string, props: PrivateLinkProps) {
    super(scope, id);
    const { target } = props;
    if (props.existingZoneIds && props.existingZoneIds.length > 0) {
      this.zoneIds = [...props.existingZoneIds];
    } else {
      const zoneNames = props.zoneNames ?? PRIVATE_DNS_ZONES[target.privateLinkSubresource];
      if (!zoneNames || zoneNames.length === 0) {
        throw new Error(
          `${this.node.path}: no private DNS zone is known for sub-resource "${target.privateLinkSubresource}"; pass zoneNames or existingZoneIds`,
        );
      }
      zoneNames.forEach((zoneName, i) => {
        const zone = new PrivateDnsZone(this, `zone-${i}`, {
          name: zoneName,
          resourceGroupName: props.resourceGroupName,
          tags: props.tags,
        });
        new PrivateDnsZoneVirtualNetworkLink(this, `zone-link-${i}`, {
          name: resourceName('privateEndpoint', props.naming, `${target.privateLinkLabel}-link`),
          resourceGroupName: props.resourceGroupName,
          privateDnsZoneName: zone.name,
          virtualNetworkId: props.virtualNetworkId,
          registrationEnabled: false,
          tags: props.tags,
        });
        this.zones.push(zone);
      });
      this.zoneIds = this.zones.map((z) => z.id);
    }

    this.endpoint = new PrivateEndpoint(this, 'endpoint', {
      name: resourceName('privateEndpoint', props.naming, target.privateLinkLabel),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      tags: props.tags,
      privateServiceConnection: {
        name: `${target.privateLinkLabel}-connection`,
        privateConnectionResourceId: target.resourceId,
        subresourceNames: [target.privateLinkSubresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: {
        name: `${target.privateLinkLabel}-dns`,
        privateDnsZoneIds: this.zoneIds,
      },
    });
  }
}
