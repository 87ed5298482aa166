import { Testing, TerraformStack, type App } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import type { NameParts } from '../../constructs/naming';

export const naming: NameParts = { prefix: 'test', environment: 'dev', location: 'westeurope' };
export const located = { naming, resourceGroupName: 'rg-test', location: 'westeurope' };

export type Synthesized = { resource: Record<string, Record<string, Record<string, any>>>; output?: Record<string, any>; terraform?: any };

/** Synthesizes constructs built by `build` into a fresh stack and returns the parsed JSON. */
export function synthJson(build: (stack: TerraformStack) => void, runValidations = false): Synthesized {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  build(stack);
  return JSON.parse(Testing.synth(stack, runValidations));
}

/** Every resource of a Terraform type, as an array of its synthesized arguments. */
export function resourcesOfType(json: Synthesized, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

export function only(json: Synthesized, type: string): Record<string, any> {
  const all = resourcesOfType(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export type { Construct };
