import { Construct } from 'constructs';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
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
  /**
   * The landing zone's resource group id: the scope (and only assignable scope) of the deployment-manager
   * custom role that `grantManage` assigns. Custom roles cannot be assignable at a single resource, so the
   * role is defined on the resource group and assigned at this account. Required for `grantManage`.
   */
  readonly resourceGroupId?: string;
  /**
   * Label of the account in construct ids and resource names (private endpoint, diagnostic settings).
   * A zone's secondary accounts take `openai-<region short name>`, so every name stays unique. @default 'openai'
   */
  readonly label?: string;
  /**
   * Another account of the zone whose deployment-manager role `grantManage` assigns here too: one custom role
   * per zone, however many accounts. @default this account defines it
   */
  readonly deploymentManagerFrom?: OpenAiAccount;
}

/**
 * What model owners may do: see the account and manage its deployments, nothing else. No data actions
 * (inference goes through the gateway), no `listKeys`, no `accounts/write` (which could turn public access
 * or local auth back on), no role assignments.
 * https://learn.microsoft.com/azure/role-based-access-control/permissions/ai-machine-learning#microsoftcognitiveservices
 */
export const DEPLOYMENT_MANAGER_ACTIONS = [
  'Microsoft.CognitiveServices/accounts/read',
  'Microsoft.CognitiveServices/accounts/deployments/read',
  'Microsoft.CognitiveServices/accounts/deployments/write',
  'Microsoft.CognitiveServices/accounts/deployments/delete',
  'Microsoft.CognitiveServices/accounts/models/read',
  'Microsoft.CognitiveServices/accounts/raiPolicies/read',
  'Microsoft.CognitiveServices/accounts/usages/read',
] as const;

/** The regional Azure OpenAI account, private and keyless by default, with its model deployments. */
export class OpenAiAccount extends Construct implements IPrivateLinkTarget, IDiagnosticsTarget {
  readonly account: CognitiveAccount;
  readonly deployments: Record<string, CognitiveDeployment> = {};
  readonly resourceId: string;
  readonly endpoint: string;
  readonly privateLinkSubresource = 'account';
  readonly privateLinkLabel: string;
  readonly diagnosticsLabel: string;
  readonly location: string;
  /** The account's name (the gateway's audit events and operator endpoint name it). */
  readonly name: string;
  readonly auditLogCategories = ['Audit'] as const;
  readonly operationalLogCategories = ['RequestResponse', 'Trace'] as const;
  private readonly props: OpenAiAccountProps;
  private deploymentManager?: RoleDefinition;

  constructor(scope: Construct, id: string, props: OpenAiAccountProps) {
    super(scope, id);
    this.props = props;
    this.privateLinkLabel = this.diagnosticsLabel = props.label ?? 'openai';
    this.location = props.location;
    this.name = resourceName('cognitiveAccount', props.naming);
    const cmk = props.customerManagedKey;
    const subdomain = props.customSubdomainName ?? resourceName('customSubdomain', props.naming);

    this.account = new CognitiveAccount(this, 'account', {
      name: this.name,
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

  /**
   * Call the models (inference only): Cognitive Services OpenAI User on this account. The gateway's identity
   * is the one holder; anyone else is a break-glass, which needs a reason, shows in the role assignment's
   * description and the compliance report, and is a synth warning (rule AOAI-GW-003, policies/).
   */
  grantUse(principal: PrincipalRef, options: { breakGlassReason?: string } = {}): RoleAssignment {
    const reason = options.breakGlassReason?.trim();
    const ra = grantRole(this, this.resourceId, ROLES.openAiUser, principal, reason ? `break-glass (${reason})` : undefined);
    return ra;
  }

  /**
   * Manage the account's deployments and nothing else: a custom role with DEPLOYMENT_MANAGER_ACTIONS,
   * defined on the resource group and assigned at this account. Not "Cognitive Services OpenAI Contributor"
   * (every inference data action) nor "Cognitive Services Contributor" (list keys, rewrite the account).
   */
  grantManage(principal: PrincipalRef): RoleAssignment {
    const role = this.props.deploymentManagerFrom?.deploymentManagerRole() ?? this.deploymentManagerRole();
    return grantRole(this, this.resourceId, { name: role.name, roleDefinitionResourceId: role.roleDefinitionResourceId }, principal);
  }

  /** The deployment-manager custom role (DEPLOYMENT_MANAGER_ACTIONS), defined once on the resource group. */
  deploymentManagerRole(): RoleDefinition {
    if (!this.props.resourceGroupId) throw new Error(`${this.node.path}: grantManage needs resourceGroupId (the custom role's scope)`);
    this.deploymentManager ??= new RoleDefinition(this, 'deployment-manager-role', {
      name: resourceName('roleDefinition', this.props.naming, 'openai-deployments'),
      scope: this.props.resourceGroupId,
      assignableScopes: [this.props.resourceGroupId],
      description: 'Manage Azure OpenAI model deployments only: no inference, no keys, no account changes, no access grants',
      permissions: [{ actions: [...DEPLOYMENT_MANAGER_ACTIONS], notActions: [], dataActions: [], notDataActions: [] }],
    });
    return this.deploymentManager;
  }

  /** See the account and its settings, no data plane access: Reader on this account. */
  grantRead(principal: PrincipalRef): RoleAssignment {
    return grantRole(this, this.resourceId, ROLES.reader, principal);
  }
}
