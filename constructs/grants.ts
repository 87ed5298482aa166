import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { PrincipalRef } from './types';

/** Built-in roles the landing zone hands out. Owner-class roles are never among them. */
export const ROLES = {
  openAiUser: 'Cognitive Services OpenAI User',
  reader: 'Reader',
  logAnalyticsReader: 'Log Analytics Reader',
  monitoringMetricsPublisher: 'Monitoring Metrics Publisher',
  storageBlobDataOwner: 'Storage Blob Data Owner',
  storageQueueDataContributor: 'Storage Queue Data Contributor',
  storageTableDataContributor: 'Storage Table Data Contributor',
} as const;

/** A custom role of the stack: its name (for ids and descriptions) and its role definition resource id. */
export interface CustomRoleRef {
  readonly name: string;
  readonly roleDefinitionResourceId: string;
}

/**
 * One role assignment of `role` (a built-in role's name, or a custom role) to `principal` at `scope` (a resource id).
 * The construct id is derived from role and principal, so granting twice is a synth error
 * rather than a duplicate assignment.
 */
export function grantRole(owner: Construct, scope: string, role: string | CustomRoleRef, principal: PrincipalRef, note?: string): RoleAssignment {
  const roleName = typeof role === 'string' ? role : role.name;
  const slug = roleName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const who = (principal.displayName ?? principal.principalId).replace(/[^A-Za-z0-9_-]/g, '-');
  return new RoleAssignment(owner, `grant-${slug}-${who}`, {
    scope,
    ...(typeof role === 'string' ? { roleDefinitionName: role } : { roleDefinitionId: role.roleDefinitionResourceId }),
    principalId: principal.principalId,
    principalType: principal.principalType,
    description: `${note ? `${note}: ` : ''}${roleName} for ${principal.displayName ?? principal.principalId}`,
  });
}
