import type { IAspect } from 'cdktf';
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
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

/**
 * The security baseline every landing zone meets, checked at synth time:
 * - an Azure OpenAI account has public network access and local (key) auth off, a private
 *   endpoint and a diagnostic setting;
 * - no role assignment grants an owner-class role or is scoped wider than a resource group.
 */
export class SecurityBaselinePolicy implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    if (node instanceof CognitiveAccount) this.checkAccount(node);
    if (node instanceof RoleAssignment) this.checkRoleAssignment(node);
  }

  private checkAccount(account: CognitiveAccount): void {
    check(account, 'security-baseline', () => [
      input(account, 'publicNetworkAccessEnabled') !== false ? 'public network access must be disabled (public_network_access_enabled = false)' : undefined,
      input(account, 'localAuthEnabled') !== false ? 'local (key) authentication must be disabled (local_auth_enabled = false)' : undefined,
      resourcesOf<PrivateEndpoint>(account, PrivateEndpoint).some((pe) =>
        referencesResource(account, pe.privateServiceConnectionInput?.privateConnectionResourceId, account.id),
      )
        ? undefined
        : 'no private endpoint connects to this account',
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
