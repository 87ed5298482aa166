import type { IAspect } from 'cdktf';
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';

/** Applies the stack's tags to every taggable resource; a tag set on the resource itself wins. */
export class ApplyTags implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || !('tagsInput' in node)) return;
    const taggable = node as unknown as { tagsInput?: Record<string, string>; tags: Record<string, string> };
    taggable.tags = { ...this.tags, ...(taggable.tagsInput ?? {}) };
  }
}
