import type { IAspect } from 'cdktf';
import { TerraformResource, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { check, hasInput, input } from './util';

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
      if (!this.allowedLocations.includes(normalised)) {
        return [`location "${location}" is outside region profile "${this.profileName}" (allowed: ${this.allowedLocations.join(', ')})`];
      }
      return [];
    });
  }
}
