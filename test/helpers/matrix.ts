import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../main';

export type StackJson = { resource: Record<string, Record<string, any>>; terraform: any; output: Record<string, any> };

/** Synthesizes the whole matrix into a temporary directory and returns each stack's JSON. */
export function synthAll(options: Parameters<typeof buildApp>[0] = {}): Record<string, StackJson> {
  const outdir = mkdtempSync(join(tmpdir(), 'lz-synth-'));
  try {
    buildApp({ ...options, outdir }).synth();
    const stacks = readdirSync(join(outdir, 'stacks'));
    return Object.fromEntries(stacks.map((s) => [s, JSON.parse(readFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const all = (json: StackJson, type: string) => Object.values(json.resource[type] ?? {}) as Record<string, any>[];
export const only = (json: StackJson, type: string) => {
  const xs = all(json, type);
  if (xs.length !== 1) throw new Error(`expected one ${type}, found ${xs.length}`);
  return xs[0];
};
/** The Terraform address a `${type.name.attr}` reference points at, e.g. `azurerm_storage_account`. */
export const refType = (value: string) => /^\$\{(?:data\.)?([a-z_]+)\./.exec(value)?.[1];
