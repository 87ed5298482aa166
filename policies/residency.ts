import type { IAspect } from 'cdktf';
import { TerraformResource, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { check, hasInput, input } from './util';

/**
 * Resource types that Azure only offers as global resources, and so may say `global`:
 * action groups (alert routing; they hold email addresses, no workload data).
 */
export const GLOBAL_RESOURCE_TYPES: readonly string[] = ['azurerm_monitor_action_group'];

/** Fails synth when a located resource sits outside its region profile's allowed locations. */
export class ResidencyPolicy implements IAspect {
  constructor(
    private readonly profileName: string,
    private readonly allowedLocations: readonly string[],
  ) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || !hasInput(node, 'location')) return;
    check(node, 'residency', () => {
      const location = input<string>(node, 'location');
      if (location === undefined) return [];
      if (Token.isUnresolved(location)) {
        return [`location must be a literal region from region profile "${this.profileName}", not a reference that cannot be checked`];
      }
      const normalised = location.toLowerCase().replace(/\s+/g, '');
      if (normalised === 'global' && GLOBAL_RESOURCE_TYPES.includes(node.terraformResourceType)) return [];
      if (!this.allowedLocations.includes(normalised)) {
        return [`location "${location}" is outside region profile "${this.profileName}" (allowed: ${this.allowedLocations.join(', ')})`];
      }
      return [];
    });
  }
}
