import { Construct } from 'constructs';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { ModelDeployment } from '../config/schema';
import { grantRole, ROLES } from './grants';
import { resourceName } from './naming';
import type { IDiagnosticsTarget, IPrivateLinkTarget, LocatedProps, PrincipalRef } from './types';

export interface CustomerManagedKey {
  /** Versionless Key Vault key id. */
  readonly keyVaultKeyId: string;
  /** Client id of the user-assigned identity that may read the key. */
  readonly identityClientId: string;
  /** Resource id of that user-assigned identity. */
  readonly userAssignedIdentityId: string;
}

export interface OpenAiAccountProps extends LocatedProps {
  readonly deployments: readonly ModelDeployment[];
  /** @default derived from the naming function, globally unique */
  readonly customSubdomainName?: string;
  /** @default false — reachable only through its private endpoint */
  readonly publicNetworkAccessEnabled?: boolean;
  /** @default false — Entra ID only, no API keys */
  readonly localAuthEnabled?: boolean;
  /**
   * Hosts the account may reach out to (e.g. a search service for "on your data").
   * Outbound access is always restricted; an empty list means no outbound calls at all.
   * @default []
   */
  readonly allowedFqdns?: readonly string[];
  /** Public IP ranges allowed through the firewall when public access is explicitly on. @default [] */
  readonly allowedIpRanges?: readonly string[];
  /** @default 'None' — trusted Azure services do not bypass the firewall */
  readonly networkAclBypass?: 'None' | 'AzureServices';
  /** Encrypt with a customer-managed key. @default Microsoft-managed keys */
  readonly customerManagedKey?: CustomerManagedKey;
  /** @default 'S0' */
  readonly skuName?: string;
}

/** The regional Azure OpenAI account, private and keyless by default, with its model deployments. */
export class OpenAiAccount extends Construct implements IPrivateLinkTarget, IDiagnosticsTarget {
  readonly account: CognitiveAccount;
  readonly deployments: Record<string, CognitiveDeployment> = {};
  readonly resourceId: string;
  readonly endpoint: string;
  readonly privateLinkSubresource = 'account';
  readonly privateLinkLabel = 'openai';
  readonly diagnosticsLabel = 'openai';
  readonly auditLogCategories = ['Audit'] as const;
  readonly operationalLogCategories = ['RequestResponse', 'Trace'] as const;

  constructor(scope: Construct, id: string, props: OpenAiAccountProps) {
    super(scope, id);
    const cmk = props.customerManagedKey;
    const subdomain = props.customSubdomainName ?? resourceName('customSubdomain', props.naming);

    this.account = new CognitiveAccount(this, 'account', {
      name: resourceName('cognitiveAccount', props.naming),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      kind: 'OpenAI',
      skuName: props.skuName ?? 'S0',
      customSubdomainName: subdomain,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? false,
      localAuthEnabled: props.localAuthEnabled ?? false,
      outboundNetworkAccessRestricted: true,
      fqdns: [...(props.allowedFqdns ?? [])],
      networkAcls: {
        defaultAction: 'Deny',
        bypass: props.networkAclBypass ?? 'None',
        ipRules: [...(props.allowedIpRanges ?? [])],
      },
      identity: cmk
        ? { type: 'SystemAssigned, UserAssigned', identityIds: [cmk.userAssignedIdentityId] }
        : { type: 'SystemAssigned' },
      customerManagedKey: cmk ? { keyVaultKeyId: cmk.keyVaultKeyId, identityClientId: cmk.identityClientId } : undefined,
    });
    this.resourceId = this.account.id;
    this.endpoint = `https://${subdomain}.openai.azure.com/`;

    // Deployments are created one after another: the service rejects parallel deployment writes.
    let previous: CognitiveDeployment | undefined;
    for (const d of props.deployments) {
      const deployment = new CognitiveDeployment(this, `deployment-${d.name}`, {
        name: d.name,
        cognitiveAccountId: this.account.id,
        model: { format: 'OpenAI', name: d.model, version: d.version },
        sku: { name: d.sku, capacity: d.capacity },
        raiPolicyName: d.raiPolicyName,
        versionUpgradeOption: 'NoAutoUpgrade',
        dependsOn: previous ? [previous] : undefined,
      });
      this.deployments[d.name] = deployment;
      previous = deployment;
    }
  }

  /** Call the models (inference only): Cognitive Services OpenAI User on this account. */
  grantUse(principal: PrincipalRef): RoleAssignment {
    return grantRole(this, this.resourceId, ROLES.openAiUser, principal);
  }

  /** Manage deployments and call the models: Cognitive Services OpenAI Contributor on this account. */
  grantManage(principal: PrincipalRef): RoleAssignment {
    return grantRole(this, this.resourceId, ROLES.openAiContributor, principal);
  }

  /** See the account and its settings, no data plane access: Reader on this account. */
  grantRead(principal: PrincipalRef): RoleAssignment {
    return grantRole(this, this.resourceId, ROLES.reader, principal);
  }
}
