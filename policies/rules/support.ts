import type { IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { input, resolveString, resourcesOf } from '../util';

export function referencesResource(node: IConstruct, value: unknown, resourceId: string): boolean {
  return resolveString(node, value) === resolveString(node, resourceId);
}

export function hasPrivateEndpoint(node: TerraformResource & { id: string }): boolean {
  return resourcesOf<PrivateEndpoint>(node, PrivateEndpoint).some((pe) => referencesResource(node, pe.privateServiceConnectionInput?.privateConnectionResourceId, node.id));
}

export const requirePe = (node: TerraformResource & { id: string }) => (hasPrivateEndpoint(node) ? undefined : 'no private endpoint connects to this resource');

export const mustBe = (node: TerraformResource, name: string, expected: unknown, argument: string) =>
  input(node, name) === expected ? undefined : `${argument} must be ${JSON.stringify(expected)}`;

/** Whether a managed identity type includes the system-assigned identity (`SystemAssigned` or `SystemAssigned, UserAssigned`). */
export const hasSystemIdentity = (type: unknown) => typeof type === 'string' && type.split(',').some((t) => t.trim() === 'SystemAssigned');
