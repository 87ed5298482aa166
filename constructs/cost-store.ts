import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { resourceName } from './naming';
import type { IPrivateLinkTarget, LocatedProps, PrincipalRef } from './types';

export interface CostStoreProps extends LocatedProps {
  /** Azure Managed Redis SKU. @default 'Balanced_B0' */
  readonly skuName?: string;
  /** @default true — zone-redundant replicas */
  readonly highAvailability?: boolean;
}

/** Azure Managed Redis data-plane role names for Entra ID access policy assignments. */
const ACCESS_POLICY = 'default';

/**
 * Redis for the cost governor: Azure Managed Redis, private (public network access disabled,
 * reached through its private endpoint), TLS only, Entra ID authentication with access keys
 * off, and append-only persistence every second so settled spend survives a restart.
 */
export class CostStore extends Construct implements IPrivateLinkTarget {
  readonly redis: ManagedRedis;
  readonly resourceId: string;
  readonly privateLinkSubresource = 'redisEnterprise';
  readonly privateLinkLabel = 'redis';
  /** `rediss://<host>:10000` — the gateway's REDIS_URL. */
  readonly url: string;
  private readonly props: CostStoreProps;

  constructor(scope: Construct, id: string, props: CostStoreProps) {
    super(scope, id);
    this.props = props;
    this.redis = new ManagedRedis(this, 'redis', {
      name: resourceName('redis', props.naming),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      skuName: props.skuName ?? 'Balanced_B0',
      highAvailabilityEnabled: props.highAvailability ?? true,
      publicNetworkAccess: 'Disabled',
      defaultDatabase: {
        accessKeysAuthenticationEnabled: false,
        clientProtocol: 'Encrypted',
        // Keys of one budget share a hash tag; Enterprise clustering keeps multi-key scripts simple.
        clusteringPolicy: 'EnterpriseCluster',
        evictionPolicy: 'NoEviction',
        persistenceAppendOnlyFileBackupFrequency: '1s',
      },
    });
    this.resourceId = this.redis.id;
    this.url = `rediss://${this.redis.hostname}:10000`;
  }

  /**
   * Data access for one identity through an Entra ID access policy assignment on the default
   * database. azurerm 4.55 has no resource for it, so a one-resource ARM template declares it.
   *
   * Both JSON arguments are Terraform's own `jsonencode(...)`: the parameters hold references
   * (the cluster name, the principal id), and a `JSON.stringify` around such tokens renders as
   * broken HCL in `cdktf synth --hcl`. The provider normalizes both arguments as JSON
   * (StateFunc utils.NormalizeJson, internal/services/resource/resource_group_template_deployment_resource.go:75
   * and :99 at v4.55.0), so key order in the encoded text does not cause a diff.
   */
  grantDataAccess(principal: PrincipalRef): ResourceGroupTemplateDeployment {
    const who = (principal.displayName ?? 'principal').replace(/[^A-Za-z0-9-]/g, '-');
    return new ResourceGroupTemplateDeployment(this, `access-${who}`, {
      name: resourceName('redis', this.props.naming, `access-${who}`).slice(0, 64),
      resourceGroupName: this.props.resourceGroupName,
      deploymentMode: 'Incremental',
      tags: this.props.tags,
      templateContent: Fn.jsonencode({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { cluster: { type: 'string' }, objectId: { type: 'string' } },
        resources: [
          {
            type: 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments',
            apiVersion: '2025-04-01',
            name: "[format('{0}/default/{1}', parameters('cluster'), uniqueString(parameters('objectId')))]",
            properties: { accessPolicyName: ACCESS_POLICY, user: { objectId: "[parameters('objectId')]" } },
          },
        ],
      }),
      parametersContent: Fn.jsonencode({ cluster: { value: this.redis.name }, objectId: { value: principal.principalId } }),
    });
  }
}
