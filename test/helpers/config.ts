import { ConfigError, loadConfig } from '../../config';
import { landingZones } from '../../config/landing-zones';

/** A mutable copy of the shipped configuration. */
export const clone = () => structuredClone(landingZones) as any;

/** The problems loadConfig reports for `raw` (fails the test when it is accepted). */
export function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    loadConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('configuration was accepted');
}
