import { synthesizeStacks, type StackJson } from '../../main';
import { resourcesOfType, only } from './synth';

export type { StackJson };
/** Synthesizes the whole matrix (in a temporary directory) and returns each stack's JSON. */
export const synthAll = synthesizeStacks;
export const all = resourcesOfType;
export { only };
/** The Terraform address a `${type.name.attr}` reference points at, e.g. `azurerm_storage_account`. */
export const refType = (value: string) => /^\$\{(?:data\.)?([a-z_]+)\./.exec(value)?.[1];
