import type { IAspect } from 'cdktf';
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { check, hasInput, input } from './util';

/** Fails synth when a taggable resource lacks one of the mandatory tags (or has it empty). */
export class RequiredTagsPolicy implements IAspect {
  constructor(private readonly required: readonly string[]) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || !hasInput(node, 'tags')) return;
    check(node, 'tags', () => {
      const tags = input<Record<string, string>>(node, 'tags') ?? {};
      const missing = this.required.filter((k) => typeof tags[k] !== 'string' || tags[k].trim() === '');
      return missing.length ? [`missing mandatory tag(s): ${missing.join(', ')}`] : [];
    });
  }
}
