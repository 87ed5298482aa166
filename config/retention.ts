import { z } from 'zod';

/**
 * How long the audit trail is kept, per compliance framework, with the source of every figure.
 *
 * Log Analytics keeps a table's rows `retention_in_days` searchable (interactive) and
 * `total_retention_in_days` in all (the rest is long-term retention, reached by search jobs
 * and restore). The azurerm provider v4.55.0 accepts, for `azurerm_log_analytics_workspace_table`
 * (internal/services/loganalytics/log_analytics_workspace_table_resource.go:76-86):
 *   - retention_in_days: 4 … 730
 *   - total_retention_in_days: 4 … 730, or whole years 1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383
 * and for the workspace itself retention_in_days 30 … 730 (log_analytics_workspace_resource.go:139-143).
 * A year is counted as Log Analytics counts it: the whole-year values above (6 years = 2191 days).
 */

/** The interactive retention Log Analytics allows on a workspace (and so on its tables here). */
export const INTERACTIVE_RANGE = { min: 30, max: 730 } as const;
/** Total retention above 730 days: whole years only (provider validator, see above). */
export const TOTAL_RETENTION_YEARS: readonly number[] = [1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383];

/** Days of `years` whole years as Log Analytics counts them (1 → 365, 2 → 730, 3 → 1095 … 12 → 4383). */
export function yearsInDays(years: number): number {
  if (years === 1) return 365;
  if (years === 2) return 730;
  const days = TOTAL_RETENTION_YEARS[years - 3];
  if (!Number.isInteger(years) || days === undefined) throw new Error(`Log Analytics keeps data for 1 to 12 whole years, not ${years}`);
  return days;
}

/** The smallest total retention Log Analytics accepts that keeps at least `days`. */
export function acceptedTotalRetention(days: number): number {
  if (days <= INTERACTIVE_RANGE.max) return days;
  const years = TOTAL_RETENTION_YEARS.find((d) => d >= days);
  if (years === undefined) throw new Error(`${days} days is longer than Log Analytics keeps data (at most ${TOTAL_RETENTION_YEARS.at(-1)} days, 12 years)`);
  return years;
}

/** What one framework asks of the audit trail. */
export interface FrameworkRetention {
  /** The control or article the figure comes from. */
  readonly control: string;
  /** Minimum days searchable (interactive). Absent: the framework sets no figure. */
  readonly interactiveDays?: number;
  /** Minimum days kept in all (interactive + long-term). Absent: the framework sets no figure. */
  readonly totalDays?: number;
  /**
   * The framework leaves the period to a schedule the organisation keeps; a profile that
   * lists it must state its figure (regionProfiles.<name>.auditRetention) with that source.
   */
  readonly figureFromProfile?: boolean;
  /** The framework limits retention to what is needed: nothing is kept beyond the largest minimum. */
  readonly storageLimitation?: boolean;
  readonly source: string;
}

/** Figures per framework name, as region profiles spell them in `compliance`. */
export const FRAMEWORK_RETENTION: Readonly<Record<string, FrameworkRetention>> = {
  HIPAA: {
    control: '45 CFR 164.316(b)(2)(i)',
    totalDays: yearsInDays(6),
    source:
      'HIPAA Security Rule, 45 CFR 164.316(b)(2)(i): retain required documentation for 6 years from its creation or the date it was last in effect, whichever is later (applied here to the audit-control records of 164.312(b)). https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C/section-164.316',
  },
  IRAP: {
    control: 'ISM-1988, ISM-1989',
    interactiveDays: 365,
    figureFromProfile: true,
    source:
      'Australian ISM (Guidelines for system monitoring, event logging): ISM-1988 "event logs are retained in a searchable manner for at least 12 months"; ISM-1989 "event logs are retained as per minimum retention requirements … set out by the National Archives of Australia\'s AFDA Express Version 2" (the former fixed 7-year control ISM-0859 was rescinded in December 2024). https://www.cyber.gov.au/resources-business-and-government/essential-cyber-security/ism',
  },
  FedRAMP: {
    control: 'NIST SP 800-53 AU-11 (FedRAMP parameter: OMB M-21-31)',
    interactiveDays: 365,
    // 12 months active + 18 months cold = 30 months (913 days); Log Analytics rounds up to 3 years.
    totalDays: 913,
    source:
      'FedRAMP Rev. 5 baselines set AU-11 retention "in compliance with M-21-31"; OMB M-21-31: logs kept at least 12 months in active storage and 18 months in cold storage. https://www.whitehouse.gov/wp-content/uploads/2021/08/M-21-31-Improving-the-Federal-Governments-Investigative-and-Remediation-Capabilities-Related-to-Cybersecurity-Incidents.pdf',
  },
  GDPR: {
    control: 'GDPR Art. 5(1)(e)',
    storageLimitation: true,
    source:
      'GDPR Art. 5(1)(e) storage limitation: personal data (caller ids, addresses in the audit trail) kept no longer than necessary for its purpose; no minimum period. Retention stays at the largest minimum the profile\'s other obligations require. https://eur-lex.europa.eu/eli/reg/2016/679/oj',
  },
  'ISO 27001': {
    control: 'ISO/IEC 27001:2022 Annex A 8.15',
    source: 'ISO/IEC 27001:2022 A.8.15 (Logging) requires logs to be produced, stored, protected and analysed; it sets no retention period.',
  },
  'SOC 2': {
    control: 'AICPA TSC CC7.2',
    source: 'AICPA Trust Services Criteria CC7.2 (monitoring of system components) sets no retention period; a Type 2 report covers the audit period the entity chooses.',
  },
};

/** The project's defaults when no framework asks for more. */
export const DEFAULT_AUDIT_RETENTION = {
  interactiveDays: 365,
  totalDays: 365,
  source: 'project default: one year searchable, the period most audits look back over',
} as const;
export const OPERATIONS_RETENTION_DAYS = 90;

/** A profile's own figure (regionProfiles.<name>.auditRetention). It may raise what frameworks ask, never lower it. */
export const auditRetentionOverrideSchema = z
  .object({
    interactiveDays: z.number().int().min(INTERACTIVE_RANGE.min).max(INTERACTIVE_RANGE.max).optional(),
    totalDays: z.number().int().min(INTERACTIVE_RANGE.min).max(TOTAL_RETENTION_YEARS.at(-1)!).optional(),
    /** Where the figure comes from (records schedule, contract, regulation). */
    source: z.string().trim().min(1, 'source must say where the figure comes from'),
  })
  .strict();
export type AuditRetentionOverride = z.output<typeof auditRetentionOverrideSchema>;

/** The retention the audit tables of one profile must have, and why. */
export interface AuditRetention {
  readonly interactiveDays: number;
  /** As Log Analytics accepts it (whole years above 730). */
  readonly totalDays: number;
  /** One line per figure that decided it. */
  readonly basis: readonly string[];
}

/** Problems with a profile's retention, each with the config path relative to the profile. */
export function auditRetentionProblems(frameworks: readonly string[], override?: AuditRetentionOverride): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const known = frameworks.filter((f) => FRAMEWORK_RETENTION[f]);
  for (const f of known) {
    const req = FRAMEWORK_RETENTION[f];
    if (req.figureFromProfile && override?.totalDays === undefined) {
      problems.push({ path: ['auditRetention', 'totalDays'], message: `${f} (${req.control}) leaves the retention period to your records schedule: state it here, with its source` });
    }
    if (override?.interactiveDays !== undefined && req.interactiveDays !== undefined && override.interactiveDays < req.interactiveDays) {
      problems.push({ path: ['auditRetention', 'interactiveDays'], message: `${override.interactiveDays} days is less than ${f} requires searchable (${req.interactiveDays} days, ${req.control})` });
    }
    if (override?.totalDays !== undefined && req.totalDays !== undefined && override.totalDays < req.totalDays) {
      problems.push({ path: ['auditRetention', 'totalDays'], message: `${override.totalDays} days is less than ${f} requires kept (${req.totalDays} days, ${req.control})` });
    }
  }
  if (override?.totalDays !== undefined) {
    if (override.totalDays > INTERACTIVE_RANGE.max && !TOTAL_RETENTION_YEARS.includes(override.totalDays)) {
      problems.push({ path: ['auditRetention', 'totalDays'], message: `above ${INTERACTIVE_RANGE.max} days Log Analytics keeps whole years only: one of ${TOTAL_RETENTION_YEARS.join(', ')}` });
    }
    const interactive = override.interactiveDays ?? Math.max(DEFAULT_AUDIT_RETENTION.interactiveDays, ...known.map((f) => FRAMEWORK_RETENTION[f].interactiveDays ?? 0));
    if (override.totalDays < interactive) {
      problems.push({ path: ['auditRetention', 'totalDays'], message: `total retention (${override.totalDays} days) must be at least the interactive retention (${interactive} days)` });
    }
  }
  return problems;
}

/**
 * The audit retention of a profile: the largest minimum of its frameworks (or the project
 * default), raised by the profile's own figure. Throws, naming the problem, when the figures
 * cannot be met; config validation reports the same problems with their paths first.
 */
export function auditRetentionFor(frameworks: readonly string[], override?: AuditRetentionOverride): AuditRetention {
  const problems = auditRetentionProblems(frameworks, override);
  if (problems.length) throw new Error(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '));
  const basis: string[] = [];
  let interactive: number = DEFAULT_AUDIT_RETENTION.interactiveDays;
  let total: number = DEFAULT_AUDIT_RETENTION.totalDays;
  let decidedBy = `${DEFAULT_AUDIT_RETENTION.source} (${interactive} days)`;
  for (const f of frameworks) {
    const req = FRAMEWORK_RETENTION[f];
    if (!req) {
      basis.push(`${f}: no retention figure on record in config/retention.ts`);
      continue;
    }
    const figures = [req.interactiveDays && `${req.interactiveDays} days searchable`, req.totalDays && `${req.totalDays} days kept`].filter(Boolean);
    basis.push(`${f} (${req.control}): ${figures.length ? figures.join(', ') : req.storageLimitation ? 'no longer than needed (no archive beyond the largest minimum)' : req.figureFromProfile ? 'period from the profile\'s records schedule' : 'no period set'}`);
    interactive = Math.max(interactive, req.interactiveDays ?? 0);
    if ((req.totalDays ?? 0) > total) {
      total = req.totalDays!;
      decidedBy = `${f} (${req.control})`;
    }
  }
  if (override) {
    interactive = override.interactiveDays ?? interactive;
    if (override.totalDays !== undefined) total = override.totalDays;
    basis.push(`profile figure: ${[override.interactiveDays && `${override.interactiveDays} days searchable`, override.totalDays && `${override.totalDays} days kept`].filter(Boolean).join(', ')} — ${override.source}`);
    decidedBy = 'profile figure';
  }
  const totalDays = acceptedTotalRetention(Math.max(total, interactive));
  if (totalDays !== Math.max(total, interactive)) basis.push(`total ${Math.max(total, interactive)} days rounded up to ${totalDays} (Log Analytics keeps whole years above 730 days)`);
  basis.push(`decided by: ${decidedBy}`);
  return { interactiveDays: interactive, totalDays, basis };
}
