/**
 * What a role can do, for the gateway-only rules and the compliance report: built-in roles by name
 * and id, from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (AI + machine
 * learning, General, Privileged), and custom roles from their synthesized `permissions`.
 */
export interface RolePermissions {
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions?: readonly string[];
}

export interface BuiltInRole extends RolePermissions {
  readonly name: string;
  readonly id: string;
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', actions: ['*'], dataActions: [] },
  { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', actions: ['*'], notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'], dataActions: [] },
  { name: 'Reader', id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', actions: ['*/read'], dataActions: [] },
  { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', actions: ['*/read', 'Microsoft.Authorization/*'], dataActions: [] },
  { name: 'Role Based Access Control Administrator', id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read'], dataActions: [] },
  {
    name: 'Cognitive Services OpenAI User', id: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
    actions: ['Microsoft.CognitiveServices/*/read', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'],
    dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*/read', 'Microsoft.CognitiveServices/accounts/OpenAI/engines/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action', 'Microsoft.CognitiveServices/accounts/OpenAI/images/generations/action'],
  },
  {
    name: 'Cognitive Services OpenAI Contributor', id: 'a001fd3d-188f-4b5d-821b-7da978bf7442',
    actions: ['Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/deployments/write', 'Microsoft.CognitiveServices/accounts/deployments/delete', 'Microsoft.CognitiveServices/accounts/raiPolicies/read', 'Microsoft.CognitiveServices/accounts/raiPolicies/write', 'Microsoft.CognitiveServices/accounts/raiPolicies/delete', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'],
    dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*'],
  },
  { name: 'Cognitive Services User', id: 'a97b65f3-24c7-4388-baec-2e87135dc908', actions: ['Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action', 'Microsoft.Insights/alertRules/read', 'Microsoft.Insights/diagnosticSettings/read', 'Microsoft.Insights/logDefinitions/read', 'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read', 'Microsoft.Resources/deployments/operations/read', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'], dataActions: ['Microsoft.CognitiveServices/*'] },
  { name: 'Cognitive Services Contributor', id: '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68', actions: ['Microsoft.Authorization/*/read', 'Microsoft.CognitiveServices/*', 'Microsoft.Features/features/read', 'Microsoft.Features/providers/features/read', 'Microsoft.Features/providers/features/register/action', 'Microsoft.Insights/alertRules/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Insights/logDefinitions/read', 'Microsoft.Insights/metricdefinitions/read', 'Microsoft.Insights/metrics/read', 'Microsoft.ResourceHealth/availabilityStatuses/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'], dataActions: [] },
  { name: 'Log Analytics Reader', id: '73c42c96-874c-492b-b04d-ab87d138a893', actions: ['*/read', 'Microsoft.OperationalInsights/workspaces/analytics/query/action', 'Microsoft.OperationalInsights/workspaces/search/action', 'Microsoft.Support/*'], notActions: ['Microsoft.OperationalInsights/workspaces/sharedKeys/read'], dataActions: [] },
  { name: 'Monitoring Metrics Publisher', id: '3913510d-42f4-4e42-8a64-420c390055eb', actions: ['Microsoft.Insights/Register/Action', 'Microsoft.Support/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'], dataActions: ['Microsoft.Insights/Metrics/Write', 'Microsoft.Insights/Telemetry/Write'] },
  { name: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'] },
  { name: 'Storage Queue Data Contributor', id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', actions: ['Microsoft.Storage/storageAccounts/queueServices/queues/*'], dataActions: ['Microsoft.Storage/storageAccounts/queueServices/queues/messages/*'] },
  { name: 'Storage Table Data Contributor', id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', actions: ['Microsoft.Storage/storageAccounts/tableServices/tables/*'], dataActions: ['Microsoft.Storage/storageAccounts/tableServices/tables/entities/*'] },
];

/** Operations that reach a model without the gateway, or reopen a way to (keys, account rewrite, access grants). */
export const BYPASS_OPERATIONS = {
  inference: [
    'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
    'Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action',
    'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action',
    'Microsoft.CognitiveServices/accounts/OpenAI/responses/write',
  ],
  control: [
    'Microsoft.CognitiveServices/accounts/listKeys/action',
    'Microsoft.CognitiveServices/accounts/regenerateKey/action',
    'Microsoft.CognitiveServices/accounts/write',
    'Microsoft.CognitiveServices/accounts/privateEndpointConnections/write',
    'Microsoft.Authorization/roleAssignments/write',
    'Microsoft.Authorization/roleDefinitions/write',
  ],
} as const;

/** Whether an Azure RBAC operation pattern (`*` wildcards, case-insensitive) covers `operation`. */
export function covers(pattern: string, operation: string): boolean {
  const rx = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return rx.test(operation);
}

const grants = (allow: readonly string[], deny: readonly string[] | undefined, op: string) => allow.some((a) => covers(a, op)) && !(deny ?? []).some((d) => covers(d, op));

/** The operations of BYPASS_OPERATIONS a role grants: data-plane inference and bypass-reopening control-plane ones. */
export function bypassesOf(role: RolePermissions): { inference: string[]; control: string[] } {
  return {
    inference: BYPASS_OPERATIONS.inference.filter((op) => grants(role.dataActions, role.notDataActions, op)),
    control: BYPASS_OPERATIONS.control.filter((op) => grants(role.actions, role.notActions, op)),
  };
}

export function builtInRole(nameOrId: string | undefined): BuiltInRole | undefined {
  if (!nameOrId) return undefined;
  const key = nameOrId.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === key || key.endsWith(r.id));
}
