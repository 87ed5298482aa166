import { TerraformResource } from 'cdktf';
import type { Rule } from '../rule';
import { hasInput, input } from '../util';

export interface TaggingContext {
  readonly required: readonly string[];
}

export const AOAI_TAG_001: Rule<TaggingContext> = {
  id: 'AOAI-TAG-001',
  title: 'Every taggable resource carries the mandatory tags',
  severity: 'error',
  label: 'tags',
  why: 'Tags name the environment, region profile, frameworks, owner and cost center of every resource: cost is charged back by them, an auditor finds a landing zone\'s assets by them, and an incident reaches its owner through them.',
  // Asset inventory: A.5.9, CM-8, ISM-0336 (IT equipment register). HIPAA 164.310(d)(1) (media) and GDPR Art. 30 were not about tags.
  frameworks: { 'ISO 27001': ['A.5.9'], 'SOC 2': ['CC6.1'], FedRAMP: ['CM-8'], IRAP: ['ISM-0336'] },
  controls: ['cost-limits'],
  appliesTo: (node) => TerraformResource.isTerraformResource(node) && hasInput(node, 'tags'),
  check: (node, ctx) => {
    const tags = input<Record<string, string>>(node as TerraformResource, 'tags') ?? {};
    const missing = ctx.required.filter((k) => typeof tags[k] !== 'string' || tags[k].trim() === '');
    return missing.length ? [`missing mandatory tag(s): ${missing.join(', ')}`] : [];
  },
};
