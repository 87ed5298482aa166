import { App } from 'cdktf';
import { projectConfig, stackMatrix, type LandingZoneConfig } from './config';
import { LandingZoneStack, remoteStateFromEnv, type RemoteStateSettings } from './stacks/landing-zone-stack';

export interface BuildOptions {
  readonly config?: LandingZoneConfig;
  readonly outdir?: string;
  readonly remoteState?: RemoteStateSettings;
}

/** One LandingZoneStack per (environment × region profile) in config/. */
export function buildApp(options: BuildOptions = {}): App {
  const config = options.config ?? projectConfig();
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const target of stackMatrix(config)) {
    new LandingZoneStack(app, target.stackName, {
      config,
      environment: target.environment,
      regionProfile: target.regionProfile,
      remoteState: options.remoteState,
    });
  }
  return app;
}

if (require.main === module) {
  buildApp({ remoteState: remoteStateFromEnv() }).synth();
}
