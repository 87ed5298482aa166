import { type IConstruct } from 'constructs';
import { TerraformResource, TerraformStack, Token } from 'cdktf';
// cdktf's own resolver (what synth uses); the public API exposes no stack-level resolve.
import { resolve } from 'cdktf/lib/_tokens';

/** Adds a synth-time check to `node`; cdktf prefixes each message with the construct path. */
export function check(node: IConstruct, rule: string, validate: () => (string | undefined)[]): void {
  node.node.addValidation({ validate: () => validate().filter((m): m is string => !!m).map((m) => `${rule}: ${m}`) });
}

/** Reads a resource's configured argument through the generated `<name>Input` getter. */
export function input<T = unknown>(resource: TerraformResource, name: string): T | undefined {
  return (resource as unknown as Record<string, T | undefined>)[`${name}Input`];
}

export function hasInput(resource: TerraformResource, name: string): boolean {
  return `${name}Input` in resource;
}

/** Resolves tokens to their Terraform expression (`${azurerm_x.y.id}`) or literal value. */
export function resolveString(node: IConstruct, value: unknown): unknown {
  return Token.isUnresolved(value) || typeof value === 'object' ? resolve(TerraformStack.of(node), value) : value;
}

export function resourcesOf<T extends TerraformResource>(node: IConstruct, type: { tfResourceType: string }): T[] {
  return TerraformStack.of(node)
    .node.findAll()
    .filter((c): c is T => TerraformResource.isTerraformResource(c) && c.terraformResourceType === type.tfResourceType);
}
