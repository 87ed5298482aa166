import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { PrincipalRef } from './types';

/** Built-in roles the landing zone hands out. Owner-class roles are never among them. */
export const ROLES = {
  openAiUser: 'Cognitive Services OpenAI User',
  openAiContributor: 'Cognitive Services OpenAI Contributor',
  reader: 'Reader',
  logAnalyticsReader: 'Log Analytics Reader',
  monitoringMetricsPublisher: 'Monitoring Metrics Publisher',
  storageBlobDataOwner: 'Storage Blob Data Owner',
  storageQueueDataContributor: 'Storage Queue Data Contributor',
  storageTableDataContributor: 'Storage Table Data Contributor',
} as const;

/**
 * One role assignment of `role` to `principal` at `scope` (a resource id).
 * The construct id is derived from role and principal, so granting twice is a synth error
 * rather than a duplicate assignment.
 */
export function grantRole(owner: Construct, scope: string, role: string, principal: PrincipalRef): RoleAssignment {
  const slug = role.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const who = (principal.displayName ?? principal.principalId).replace(/[^A-Za-z0-9_-]/g, '-');
  return new RoleAssignment(owner, `grant-${slug}-${who}`, {
    scope,
    roleDefinitionName: role,
    principalId: principal.principalId,
    principalType: principal.principalType,
    description: `${role} for ${principal.displayName ?? principal.principalId}`,
  });
}
