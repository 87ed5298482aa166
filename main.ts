import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { projectConfig, stackMatrix, type LandingZoneConfig } from './config';
import { LandingZoneStack, remoteStateFromEnv, type RemoteStateSettings } from './stacks/landing-zone-stack';
import { buildFunction } from './function/build';

export interface BuildOptions {
  readonly config?: LandingZoneConfig;
  readonly outdir?: string;
  readonly remoteState?: RemoteStateSettings;
  /** A prebuilt gateway zip; built (once per process) when omitted. */
  readonly functionPackagePath?: string;
}

let builtPackage: string | undefined;
/** Bundles the gateway so every stack deploys the code of this commit. */
function functionPackage(): string {
  builtPackage ??= buildFunction().zipPath;
  return builtPackage;
}

/** One LandingZoneStack per (environment × region profile) in config/. */
export function buildApp(options: BuildOptions = {}): App {
  const config = options.config ?? projectConfig();
  const functionPackagePath = options.functionPackagePath ?? functionPackage();
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const target of stackMatrix(config)) {
    new LandingZoneStack(app, target.stackName, {
      config,
      environment: target.environment,
      regionProfile: target.regionProfile,
      remoteState: options.remoteState,
      functionPackagePath,
    });
  }
  return app;
}

/** A synthesized stack's Terraform JSON. */
export type StackJson = { resource: Record<string, Record<string, Record<string, any>>>; terraform?: any; output?: Record<string, any> };

/**
 * Synthesizes the whole matrix and returns each stack's Terraform JSON by stack name. With
 * `outdir`, the output stays there (assets included); otherwise a temporary directory is used
 * and removed.
 */
export function synthesizeStacks(options: BuildOptions = {}): Record<string, StackJson> {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'lz-synth-'));
  try {
    buildApp({ ...options, outdir }).synth();
    const config = options.config ?? projectConfig();
    return Object.fromEntries(
      stackMatrix(config).map(({ stackName }) => [stackName, JSON.parse(readFileSync(join(outdir, 'stacks', stackName, 'cdk.tf.json'), 'utf8'))]),
    );
  } finally {
    if (!options.outdir) rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildApp({ remoteState: remoteStateFromEnv() }).synth();
}
