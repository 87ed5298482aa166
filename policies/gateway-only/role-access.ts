import type { IConstruct } from 'constructs';
import { TerraformResource, TerraformStack } from 'cdktf';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition, type RoleDefinitionPermissions } from '@cdktf/provider-azurerm/lib/role-definition';
import { resolveString, resourcesOf } from '../util';
import { builtInRole, bypassesOf, type RolePermissions } from './roles';

/** A principal config declares as break-glass: direct data-plane access, with the reason (config: personas[].breakGlass). */
export interface BreakGlassPrincipal {
  readonly principalId: string;
  /** How synth messages and the report name it. @default the principal id */
  readonly displayName?: string;
  readonly reason: string;
}

export interface GatewayOnlyContext {
  /** The break-glass principals of the stack's environment. */
  readonly breakGlass: readonly BreakGlassPrincipal[];
}

const ACCOUNT_OR_GROUP_REF = /^\$\{azurerm_(cognitive_account|resource_group)\.[^}]+\.id\}$/;
const WIDE_REF = /^\$\{(data\.)?azurerm_(subscription|subscriptions|management_group)\./;
const GATEWAY_IDENTITY_REF = /^\$\{azurerm_function_app_flex_consumption\.[^}]+\.identity\[0\]\.principal_id\}$/;

/** Whether an assignment at `scope` reaches an OpenAI account: the account itself, its resource group, or wider. */
export function reachesAccount(scope: unknown): boolean {
  if (typeof scope !== 'string') return true;
  if (scope.includes('${')) return ACCOUNT_OR_GROUP_REF.test(scope) || WIDE_REF.test(scope) || /azurerm_cognitive_(account|deployment)\./.test(scope);
  const s = scope.toLowerCase().replace(/\/+$/, '');
  // A resource group, a subscription, a management group or the root: every account inside is reached.
  if (s === '' || /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?$/.test(s) || s.startsWith('/providers/microsoft.management/')) return true;
  return s.includes('/providers/microsoft.cognitiveservices/accounts/');
}

/** The permissions of the role an assignment names: a built-in by name or id, or a custom role of this stack. */
export function permissionsOf(ra: RoleAssignment): { label: string; permissions?: RolePermissions } {
  const name = ra.roleDefinitionNameInput;
  const id = resolveString(ra, ra.roleDefinitionIdInput);
  const builtIn = builtInRole(name ?? (typeof id === 'string' ? id : undefined));
  if (builtIn) return { label: builtIn.name, permissions: builtIn };
  const custom = resourcesOf<RoleDefinition>(ra, RoleDefinition).find((d) => resolveString(ra, d.roleDefinitionResourceId) === id);
  if (custom) {
    const blocks = (custom.permissionsInput ?? []) as RoleDefinitionPermissions[];
    const all = (k: keyof RoleDefinitionPermissions) => (Array.isArray(blocks) ? blocks : []).flatMap((b) => (b[k] as string[] | undefined) ?? []);
    return {
      label: `custom role "${custom.nameInput}"`,
      permissions: { actions: all('actions'), notActions: all('notActions'), dataActions: all('dataActions'), notDataActions: all('notDataActions') },
    };
  }
  return { label: String(name ?? id) };
}

export type Holder = 'gateway' | 'break-glass' | 'other';

/** The declared break-glass principal an assignment grants to, if any. */
export function breakGlassOf(ra: RoleAssignment, ctx: GatewayOnlyContext): BreakGlassPrincipal | undefined {
  const principal = resolveString(ra, ra.principalIdInput);
  return ctx.breakGlass.find((b) => b.principalId === principal);
}

/** The inference operations an assignment grants at an OpenAI account (its resource group or wider), or none. */
export function inferenceGranted(ra: RoleAssignment): { label: string; inference: string[] } {
  if (!reachesAccount(resolveString(ra, ra.scopeInput))) return { label: '', inference: [] };
  const { label, permissions } = permissionsOf(ra);
  return { label, inference: permissions ? bypassesOf(permissions).inference : [] };
}

export function holderOf(ra: RoleAssignment, ctx: GatewayOnlyContext): Holder {
  const principal = resolveString(ra, ra.principalIdInput);
  if (typeof principal === 'string' && GATEWAY_IDENTITY_REF.test(principal)) return 'gateway';
  if (typeof principal === 'string' && breakGlassOf(ra, ctx)) return 'break-glass';
  return 'other';
}

/** Problems of one role assignment: a way around the gateway to anyone but the gateway (or a declared break-glass). */
export function roleAccessProblems(node: IConstruct, ctx: GatewayOnlyContext): string[] {
  const ra = node as RoleAssignment;
  if (!reachesAccount(resolveString(ra, ra.scopeInput))) return [];
  const { label, permissions } = permissionsOf(ra);
  if (!permissions) return [`role ${label} is neither a known built-in role nor a custom role of this stack: its actions cannot be checked at an OpenAI account or its resource group`];
  const { inference, control } = bypassesOf(permissions);
  const holder = holderOf(ra, ctx);
  const problems: string[] = [];
  if (inference.length && holder === 'other') {
    problems.push(`role ${label} grants inference on the OpenAI account (${inference.join(', ')}) to a principal that is not the gateway; declare a break-glass in config if this is intended`);
  }
  if (control.length) {
    problems.push(`role ${label} grants control-plane actions that reopen a way around the gateway (${control.join(', ')})`);
  }
  return problems;
}

/** Who holds inference on an OpenAI account through one assignment (evidence of AOAI-GW-001 and AOAI-GW-003). */
export function roleAccessEvidence(node: IConstruct, ctx: GatewayOnlyContext): string[] {
  const ra = node as RoleAssignment;
  const { label, inference } = inferenceGranted(ra);
  if (inference.length === 0) return [];
  const holder = holderOf(ra, ctx);
  const principal = String(resolveString(ra, ra.principalIdInput));
  const who = holder === 'gateway' ? "the gateway's identity" : holder === 'break-glass' ? `break-glass ${breakGlassOf(ra, ctx)!.displayName ?? principal}` : `principal ${principal}`;
  const scope = resolveString(ra, ra.scopeInput);
  const target = TerraformStack.of(ra).node.findAll().find((c) => TerraformResource.isTerraformResource(c) && resolveString(ra, (c as unknown as { id: string }).id) === scope);
  return [`data-plane access: ${label} grants inference at ${target?.node.path ?? String(scope)} to ${who}`];
}
