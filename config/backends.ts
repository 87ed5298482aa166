/**
 * The accounts of a region profile and the backend pool of each deployment, resolved from config: the
 * one place the infrastructure (constructs/regional-landing-zone.ts, constructs/gateway-settings.ts) reads
 * which account serves which deployment, with which SKU, priority and weight.
 */
import { deploymentsFor } from './deployability';
import type { DeploymentSku, EnvironmentConfig, ModelDeployment, RegionProfile } from './schema';

export interface PlannedBackend {
  /** The account's location: the profile's `location` (primary) or one of its secondaryAccounts. */
  readonly location: string;
  readonly primary: boolean;
  readonly sku: DeploymentSku;
  readonly capacity: number;
  readonly priority: number;
  readonly weight: number;
}

export interface PlannedAccount {
  readonly location: string;
  readonly primary: boolean;
  /** The deployments on this account (for a secondary: with the backend's SKU and capacity). */
  readonly deployments: readonly ModelDeployment[];
}

/** Each deployment of the profile → its backends, the primary account first. */
export function backendsFor(env: EnvironmentConfig, profileName: string, profile: RegionProfile): Record<string, PlannedBackend[]> {
  const secondaries = new Set((profile.secondaryAccounts ?? []).map((a) => a.location));
  const out: Record<string, PlannedBackend[]> = {};
  for (const d of deploymentsFor(env, profileName)) {
    out[d.name] = [
      { location: profile.location, primary: true, sku: d.sku, capacity: d.capacity, priority: d.priority ?? 1, weight: d.weight ?? 1 },
      ...(d.backends ?? [])
        .filter((b) => secondaries.has(b.location))
        .map((b) => ({ location: b.location, primary: false, sku: b.sku ?? d.sku, capacity: b.capacity ?? d.capacity, priority: b.priority, weight: b.weight ?? 1 })),
    ];
  }
  return out;
}

/** The profile's accounts, primary first, each with the deployments it carries. */
export function accountsFor(env: EnvironmentConfig, profileName: string, profile: RegionProfile): PlannedAccount[] {
  const deployments = deploymentsFor(env, profileName);
  const pools = backendsFor(env, profileName, profile);
  const on = (location: string): ModelDeployment[] =>
    deployments.flatMap((d) => {
      const b = pools[d.name].find((x) => x.location === location);
      if (!b) return [];
      const { backends: _backends, priority: _priority, weight: _weight, ...rest } = d;
      return [{ ...rest, sku: b.sku, capacity: b.capacity }];
    });
  return [
    { location: profile.location, primary: true, deployments },
    ...(profile.secondaryAccounts ?? []).map((a) => ({ location: a.location, primary: false, deployments: on(a.location) })),
  ];
}
