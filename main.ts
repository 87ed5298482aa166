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

if (require.main === module) {
  buildApp({ remoteState: remoteStateFromEnv() }).synth();
}
