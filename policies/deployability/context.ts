import type { Framework } from '../rule';

/** What the deployability rules know about the stack beyond its resources. */
export interface DeployabilityContext {
  /** The day (YYYY-MM-DD) support, retirement and start dates are checked against. */
  readonly today: string;
  /** The region profile's allowed locations. */
  readonly allowedLocations: readonly string[];
  /** Resource providers the stack's provider block registers. */
  readonly resourceProviders: readonly string[];
}

type Controls = Readonly<Partial<Record<Framework, readonly string[]>>>;

/**
 * A change that Azure or the provider refuses half-way is a failed change: the deployability rules evidence
 * change management (SOC 2 CC8.1; ISO/IEC 27001:2022 A.8.32 Change management; NIST SP 800-53 CM-3
 * configuration change control and CM-4 impact analysis; ISM-0912 change and configuration management plan).
 * HIPAA and GDPR name no change-management control, so the pack cites none for them unless a rule protects
 * something they do name.
 */
export const CHANGE_MANAGEMENT: Controls = { 'SOC 2': ['CC8.1'], 'ISO 27001': ['A.8.32'], FedRAMP: ['CM-3', 'CM-4'], IRAP: ['ISM-0912'] };

/** CHANGE_MANAGEMENT with a rule's own controls added per framework. */
export function withChangeManagement(extra: Controls): Controls {
  const out: Record<string, string[]> = {};
  for (const [f, ids] of [...Object.entries(CHANGE_MANAGEMENT), ...Object.entries(extra)]) out[f] = [...new Set([...(out[f] ?? []), ...(ids ?? [])])];
  return out;
}
