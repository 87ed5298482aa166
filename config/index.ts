import { landingZoneConfigSchema, type EnvironmentConfig, type LandingZoneConfig, type RegionProfile } from './schema';
import { landingZones } from './landing-zones';
import { deployabilityFindings, evaluationDate } from './deployability';

export * from './schema';
export { regionShortName, isKnownRegion, AZURE_REGIONS } from './regions';
export { deployabilityFindings, deploymentsFor, evaluationDate, firstOfMonth, type DeployabilityFinding } from './deployability';

/** A configuration that failed validation. `problems` lists every offending path. */
export class ConfigError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`Invalid landing zone configuration:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), 'config');
}

export interface LoadOptions {
  /** The day model lifecycle and budget dates are checked against (YYYY-MM-DD). @default evaluationDate() */
  readonly today?: string;
}

/**
 * Validates raw configuration; throws a ConfigError naming every offending path. Date-dependent
 * checks (model retirement and deprecation, region availability, budget start) run on `today`;
 * their warnings are shown by synth on the stacks they concern.
 */
export function loadConfig(raw: unknown, options: LoadOptions = {}): LandingZoneConfig {
  const result = landingZoneConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  }
  const errors = deployabilityFindings(result.data, options.today ?? evaluationDate()).filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new ConfigError(errors.map(({ path, message }) => ({ path, message })));
  return result.data;
}

/** `record[name]`, or an error naming what is known (own keys only: "constructor" is no profile). */
function named<T>(what: string, record: Record<string, T>, name: string): T {
  if (!Object.prototype.hasOwnProperty.call(record, name)) {
    throw new Error(`Unknown ${what} "${name}"; known ${what}s: ${Object.keys(record).join(', ')}`);
  }
  return record[name];
}

export function getRegionProfile(cfg: LandingZoneConfig, name: string): RegionProfile {
  return named('region profile', cfg.regionProfiles, name);
}

export function getEnvironment(cfg: LandingZoneConfig, name: string): EnvironmentConfig {
  return named('environment', cfg.environments, name);
}

export interface StackTarget {
  readonly environment: string;
  readonly regionProfile: string;
  /** `<environment>-<profile with "_" as "-">`, e.g. `prod-us-healthcare`. */
  readonly stackName: string;
}

/** Every (environment × region profile) pair the configuration asks for, in a stable order. */
export function stackMatrix(cfg: LandingZoneConfig): StackTarget[] {
  return Object.entries(cfg.environments).flatMap(([environment, env]) =>
    env.regionProfiles.map((regionProfile) => ({
      environment,
      regionProfile,
      stackName: `${environment}-${regionProfile.replace(/_/g, '-')}`,
    })),
  );
}

let cached: LandingZoneConfig | undefined;
/** The project's configuration (config/landing-zones.ts), validated once. */
export function projectConfig(): LandingZoneConfig {
  cached ??= loadConfig(landingZones);
  return cached;
}
