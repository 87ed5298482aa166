import type { IAspect } from 'cdktf';
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { check, input, resolveString, resourcesOf } from './util';

/** Roles that can take over a resource or hand out access; never assigned by a landing zone. */
export const FORBIDDEN_ROLES: Readonly<Record<string, string>> = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'user access administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'role based access control administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
};

/** Terraform types whose ids are scopes wider than a resource group. */
const WIDE_SCOPE_TYPES = /\$\{(data\.)?azurerm_(subscription|subscriptions|management_group)\./;
const RESOURCE_GROUP_OR_NARROWER = /^\/subscriptions\/[^/]+\/resource[gG]roups\/[^/]+(\/.*)?$/;

function referencesResource(node: IConstruct, value: unknown, resourceId: string): boolean {
  return resolveString(node, value) === resolveString(node, resourceId);
}

function hasPrivateEndpoint(node: TerraformResource & { id: string }): boolean {
  return resourcesOf<PrivateEndpoint>(node, PrivateEndpoint).some((pe) => referencesResource(node, pe.privateServiceConnectionInput?.privateConnectionResourceId, node.id));
}

const requirePe = (node: TerraformResource & { id: string }) => (hasPrivateEndpoint(node) ? undefined : 'no private endpoint connects to this resource');
const mustBe = (node: TerraformResource, name: string, expected: unknown, argument: string) =>
  input(node, name) === expected ? undefined : `${argument} must be ${JSON.stringify(expected)}`;

/**
 * The security baseline every landing zone meets, checked at synth time:
 * - an Azure OpenAI account has public network access and local (key) auth off, a private
 *   endpoint and a diagnostic setting;
 * - storage, Redis and the Function app are private (public access off, a private endpoint),
 *   keyless (shared keys / access keys / basic publishing off) and TLS 1.2+;
 *   Application Insights accepts Entra ID ingestion only;
 * - no role assignment grants an owner-class role or is scoped wider than a resource group.
 */
export class SecurityBaselinePolicy implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    if (node instanceof CognitiveAccount) this.checkAccount(node);
    if (node instanceof RoleAssignment) this.checkRoleAssignment(node);
    if (node instanceof StorageAccount) {
      check(node, 'security-baseline', () => [
        mustBe(node, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
        mustBe(node, 'sharedAccessKeyEnabled', false, 'shared_access_key_enabled'),
        mustBe(node, 'minTlsVersion', 'TLS1_2', 'min_tls_version'),
        mustBe(node, 'allowNestedItemsToBePublic', false, 'allow_nested_items_to_be_public'),
        requirePe(node),
      ]);
    }
    if (node instanceof ManagedRedis) {
      check(node, 'security-baseline', () => {
        const db = node.defaultDatabaseInput;
        return [
          mustBe(node, 'publicNetworkAccess', 'Disabled', 'public_network_access'),
          db?.accessKeysAuthenticationEnabled === false ? undefined : 'default_database.access_keys_authentication_enabled must be false',
          db?.clientProtocol === 'Encrypted' ? undefined : 'default_database.client_protocol must be "Encrypted" (TLS only)',
          requirePe(node),
        ];
      });
    }
    if (node instanceof RedisCache) {
      check(node, 'security-baseline', () => [
        mustBe(node, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
        mustBe(node, 'accessKeysAuthenticationEnabled', false, 'access_keys_authentication_enabled'),
        mustBe(node, 'nonSslPortEnabled', false, 'non_ssl_port_enabled'),
        mustBe(node, 'minimumTlsVersion', '1.2', 'minimum_tls_version'),
        requirePe(node),
      ]);
    }
    if (node instanceof FunctionAppFlexConsumption) {
      check(node, 'security-baseline', () => {
        const site = node.siteConfigInput;
        return [
          mustBe(node, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
          mustBe(node, 'httpsOnly', true, 'https_only'),
          mustBe(node, 'webdeployPublishBasicAuthenticationEnabled', false, 'webdeploy_publish_basic_authentication_enabled'),
          site?.minimumTlsVersion === '1.2' || site?.minimumTlsVersion === '1.3' ? undefined : 'site_config.minimum_tls_version must be 1.2 or higher',
          site?.remoteDebuggingEnabled === false ? undefined : 'site_config.remote_debugging_enabled must be false',
          node.identityInput?.type?.includes('SystemAssigned') ? undefined : 'a system-assigned identity is required',
          requirePe(node),
        ];
      });
    }
    if (node instanceof ApplicationInsights) {
      check(node, 'security-baseline', () => [mustBe(node, 'localAuthenticationDisabled', true, 'local_authentication_disabled')]);
    }
  }

  private checkAccount(account: CognitiveAccount): void {
    check(account, 'security-baseline', () => [
      input(account, 'publicNetworkAccessEnabled') !== false ? 'public network access must be disabled (public_network_access_enabled = false)' : undefined,
      input(account, 'localAuthEnabled') !== false ? 'local (key) authentication must be disabled (local_auth_enabled = false)' : undefined,
      hasPrivateEndpoint(account) ? undefined : 'no private endpoint connects to this account',
      resourcesOf<MonitorDiagnosticSetting>(account, MonitorDiagnosticSetting).some((d) =>
        referencesResource(account, d.targetResourceIdInput, account.id),
      )
        ? undefined
        : 'no diagnostic setting collects this account\'s logs',
    ]);
  }

  private checkRoleAssignment(ra: RoleAssignment): void {
    check(ra, 'least-privilege', () => {
      const problems: string[] = [];
      const name = ra.roleDefinitionNameInput?.toLowerCase();
      const id = String(resolveString(ra, ra.roleDefinitionIdInput ?? '')).toLowerCase();
      for (const [role, guid] of Object.entries(FORBIDDEN_ROLES)) {
        if (name === role || id.endsWith(guid)) problems.push(`role "${ra.roleDefinitionNameInput ?? ra.roleDefinitionIdInput}" is not allowed (${role} is owner-class)`);
      }
      const scope = resolveString(ra, ra.scopeInput);
      if (typeof scope !== 'string') {
        problems.push('scope must be a resource id');
      } else if (scope.includes('${')) {
        if (WIDE_SCOPE_TYPES.test(scope)) problems.push(`scope ${scope} is wider than a resource group`);
      } else if (!RESOURCE_GROUP_OR_NARROWER.test(scope)) {
        problems.push(`scope "${scope}" is wider than a resource group`);
      }
      return problems;
    });
  }
}
