import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { evaluationOf, type StackEvaluation } from './policies';
import { ConfigError, projectConfig, stackMatrix, type LandingZoneConfig, type StackTarget } from './config';
import { LandingZoneStack, remoteStateFromEnv, type RemoteStateSettings } from './stacks/landing-zone-stack';
import { buildFunction } from './function/build';

export interface BuildOptions {
  readonly config?: LandingZoneConfig;
  readonly outdir?: string;
  readonly remoteState?: RemoteStateSettings;
  /** A prebuilt gateway zip; built (once per process) when omitted. */
  readonly functionPackagePath?: string;
  /** Names of the stacks to build (see stacksFromEnv). @default every stack of the matrix */
  readonly stacks?: readonly string[];
}

/**
 * The stacks `options.stacks` names, in matrix order; every stack when it is unset or empty. An
 * unknown name is a ConfigError listing the known ones.
 */
export function selectStacks(config: LandingZoneConfig, names: readonly string[] = [], source = 'stacks'): StackTarget[] {
  const all = stackMatrix(config);
  if (names.length === 0) return all;
  const unknown = names.filter((n) => !all.some((t) => t.stackName === n));
  if (unknown.length) throw new ConfigError([{ path: source, message: `unknown stack ${unknown.map((n) => `"${n}"`).join(', ')}; known stacks: ${all.map((t) => t.stackName).join(', ')}` }]);
  return all.filter((t) => names.includes(t.stackName));
}

/**
 * LZ_STACKS: comma-separated stack names to synthesize (`LZ_STACKS=dev-europe npx cdktf synth`);
 * the cdktf CLI synthesizes every stack of an app and has no option for one.
 */
export function stacksFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.LZ_STACKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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
  const targets = selectStacks(config, options.stacks, 'env.LZ_STACKS');
  const functionPackagePath = options.functionPackagePath ?? functionPackage();
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const target of targets) {
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
  return synthesizeWithEvaluations(options).json;
}

/**
 * As synthesizeStacks, with each stack's rule evaluation (policies/): the one synth's validations read,
 * so the compliance report and a failed synth speak from the same results.
 */
export function synthesizeWithEvaluations(options: BuildOptions = {}): { json: Record<string, StackJson>; evaluations: Record<string, StackEvaluation> } {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'lz-synth-'));
  try {
    const app = buildApp({ ...options, outdir });
    app.synth();
    const config = options.config ?? projectConfig();
    const stacks = new Map(app.node.findAll().filter(TerraformStack.isStack).map((s) => [s.node.id, s]));
    const names = selectStacks(config, options.stacks).map(({ stackName }) => stackName);
    return {
      json: Object.fromEntries(names.map((n) => [n, JSON.parse(readFileSync(join(outdir, 'stacks', n, 'cdk.tf.json'), 'utf8'))])),
      evaluations: Object.fromEntries(names.map((n) => [n, evaluationOf(stacks.get(n)!)])),
    };
  } finally {
    if (!options.outdir) rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Errors the user fixes in config/ or the environment: the message names what is wrong, so it
 * is printed alone, once, without a stack trace. cdktf reports failed synth-time validations
 * (the policies in policies/) as a plain Error with this prefix (node_modules/cdktf/lib/errors.js,
 * stackValidationFailure).
 */
export function isUsageError(e: unknown): e is Error {
  return e instanceof ConfigError || (e instanceof Error && e.message.startsWith('Validation failed with the following errors'));
}

/**
 * Runs a command-line entry point: a usage error prints its message once to stderr and sets exit
 * code 1; anything else is a defect of the tool and keeps its stack trace.
 */
export function runCommand(command: () => void): void {
  try {
    command();
  } catch (e) {
    if (!isUsageError(e)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  }
}

/** Remote state from LZ_STATE_* (see remoteStateFromEnv), a half-set pair reported as a usage error. */
function remoteStateOrUsageError(): RemoteStateSettings | undefined {
  try {
    return remoteStateFromEnv();
  } catch (e) {
    throw new ConfigError([{ path: 'env', message: (e as Error).message }]);
  }
}

// The app command of cdktf.json.
if (require.main === module) runCommand(() => buildApp({ remoteState: remoteStateOrUsageError(), stacks: stacksFromEnv() }).synth());
