import { TerraformResource, Token } from 'cdktf';
import type { Rule } from '../rule';
import { hasInput, input } from '../util';

/**
 * Resource types that Azure only offers as global resources, and so may say `global`:
 * action groups (alert routing; they hold email addresses, no workload data).
 */
export const GLOBAL_RESOURCE_TYPES: readonly string[] = ['azurerm_monitor_action_group'];

export interface ResidencyContext {
  readonly profileName: string;
  readonly allowedLocations: readonly string[];
}

/** Whether a location literal is allowed for a resource type: one of the profile's, or `global` for a global-only type. */
export function locationAllowed(location: string, resourceType: string, allowed: readonly string[]): boolean {
  const normalised = location.toLowerCase().replace(/\s+/g, '');
  return allowed.includes(normalised) || (normalised === 'global' && GLOBAL_RESOURCE_TYPES.includes(resourceType));
}

export const AOAI_RES_001: Rule<ResidencyContext> = {
  id: 'AOAI-RES-001',
  title: "Every located resource sits in one of its region profile's allowed locations",
  severity: 'error',
  label: 'residency',
  why: 'Where a resource lives is where its data is stored and processed; the region profile lists the locations its regulations and contracts allow (GDPR transfers to third countries, the regions an IRAP-assessed system documents). A reference cannot be checked at synth time, so a location must be a literal.',
  // ISM-1572: the regions data is processed and stored in are fixed (ISM-1452 is supply-chain risk assessment). HIPAA sets no location requirement, so none is cited.
  frameworks: { GDPR: ['Art. 44', 'Art. 46'], IRAP: ['ISM-1572'], 'ISO 27001': ['A.5.31', 'A.5.34'], 'SOC 2': ['C1.1'], FedRAMP: ['SA-9(5)'] },
  controls: ['data-residency'],
  appliesTo: (node) => TerraformResource.isTerraformResource(node) && hasInput(node, 'location'),
  check: (node, ctx) => {
    const r = node as TerraformResource;
    const location = input<string>(r, 'location');
    if (location === undefined) return [];
    if (Token.isUnresolved(location)) return [`location must be a literal region from region profile "${ctx.profileName}", not a reference that cannot be checked`];
    return locationAllowed(location, r.terraformResourceType, ctx.allowedLocations)
      ? []
      : [`location "${location}" is outside region profile "${ctx.profileName}" (allowed: ${ctx.allowedLocations.join(', ')})`];
  },
};
