import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Rule } from '../rule';
import { resolveString } from '../util';
import { BUILT_IN_ROLES } from '../gateway-only/roles';

const OWNER_CLASS = ['Owner', 'Contributor', 'User Access Administrator', 'Role Based Access Control Administrator'];

/** Roles that can take over a resource or hand out access; never assigned by a landing zone (name → role GUID). */
export const FORBIDDEN_ROLES: Readonly<Record<string, string>> = Object.fromEntries(
  BUILT_IN_ROLES.filter((r) => OWNER_CLASS.includes(r.name)).map((r) => [r.name.toLowerCase(), r.id]),
);

/** The owner-class role a role name or role definition id names (by name, or by GUID at the end of an id). */
export function forbiddenRoleOf(nameOrId: unknown): string | undefined {
  if (typeof nameOrId !== 'string' || !nameOrId) return undefined;
  const key = nameOrId.toLowerCase();
  return Object.entries(FORBIDDEN_ROLES).find(([role, guid]) => key === role || key.endsWith(guid))?.[0];
}

/** Terraform types whose ids are scopes wider than a resource group. */
const WIDE_SCOPE_TYPES = /\$\{(data\.)?azurerm_(subscription|subscriptions|management_group)\./;
const RESOURCE_GROUP_OR_NARROWER = /^\/subscriptions\/[^/]+\/resource[gG]roups\/[^/]+(\/.*)?$/;

/** Why a role assignment's scope is too wide, or undefined when it is a resource group or narrower. */
export function wideScopeOf(scope: unknown): string | undefined {
  if (typeof scope !== 'string') return 'scope must be a resource id';
  if (scope.includes('${')) return WIDE_SCOPE_TYPES.test(scope) ? `scope ${scope} is wider than a resource group` : undefined;
  return RESOURCE_GROUP_OR_NARROWER.test(scope) ? undefined : `scope "${scope}" is wider than a resource group`;
}

export const AOAI_IAM_003: Rule = {
  id: 'AOAI-IAM-003',
  title: 'No role assignment grants an owner-class role or a scope wider than a resource group',
  severity: 'error',
  label: 'least-privilege',
  why: 'Owner, Contributor and the access administrators can take over a resource or hand out access, and a subscription-wide grant reaches every workload beside the landing zone; least privilege means one narrow role at the narrowest scope.',
  // ISM-1508 limits privileged access to what duties need (ISM-1507 is validating requests, a process); AC-6(5) privileged accounts.
  frameworks: { HIPAA: ['164.308(a)(4)', '164.312(a)(1)'], 'ISO 27001': ['A.5.15', 'A.5.18', 'A.8.2'], 'SOC 2': ['CC6.1', 'CC6.3'], FedRAMP: ['AC-6', 'AC-6(5)'], IRAP: ['ISM-1508'], GDPR: ['Art. 25(2)', 'Art. 32(1)(b)'] },
  controls: ['least-privilege'],
  appliesTo: (node) => node instanceof RoleAssignment,
  check: (node) => {
    const ra = node as RoleAssignment;
    const role = forbiddenRoleOf(ra.roleDefinitionNameInput) ?? forbiddenRoleOf(resolveString(ra, ra.roleDefinitionIdInput ?? ''));
    return [
      role ? `role "${ra.roleDefinitionNameInput ?? ra.roleDefinitionIdInput}" is not allowed (${role} is owner-class)` : undefined,
      wideScopeOf(resolveString(ra, ra.scopeInput)),
    ];
  },
};
