import { type IConstruct } from 'constructs';
import { TerraformResource, TerraformStack, Token } from 'cdktf';
// cdktf's own resolver (what synth uses); the public API exposes no stack-level resolve.
import { resolve } from 'cdktf/lib/_tokens';

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

const memos = new WeakMap<TerraformStack, Map<string, unknown>>();

/** A value built once per evaluation of `node`'s stack (the rule engine clears it before each evaluation). */
export function perEvaluation<T>(node: IConstruct, key: string, build: (stack: TerraformStack) => T): T {
  const stack = TerraformStack.of(node);
  let memo = memos.get(stack);
  if (!memo) memos.set(stack, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, build(stack));
  return memo.get(key) as T;
}

export function clearEvaluationMemo(stack: TerraformStack): void {
  memos.delete(stack);
}
