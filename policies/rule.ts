import type { IConstruct } from 'constructs';

/**
 * Frameworks the region profiles name (config/landing-zones.ts `compliance`), and what a rule's control ids
 * for each mean (checked against these sources, 2026-12):
 * - HIPAA: 45 CFR Part 164 Subpart C (Security Rule) and 164.316, cited by section (164.312(b)).
 * - ISO 27001: ISO/IEC 27001:2022 Annex A controls (A.5.x organizational, A.8.x technological).
 * - GDPR: Regulation (EU) 2016/679, by article and paragraph.
 * - IRAP: the Australian Government ISM control ids (ISM-nnnn) an IRAP assessment tests; statements checked
 *   against the ISM as mirrored at controlstack.au and ismcontrol.xyz (rescinded ids, such as ISM-0859 since
 *   December 2024, are not cited).
 * - SOC 2: AICPA Trust Services Criteria (2017, revised points of focus 2022), CCx.y and C1.x.
 * - FedRAMP: NIST SP 800-53 Rev. 5 control ids (FedRAMP Rev. 5 baselines), enhancements in parentheses.
 */
export const FRAMEWORKS = ['HIPAA', 'ISO 27001', 'GDPR', 'IRAP', 'SOC 2', 'FedRAMP'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** The seven controls of the compliance report's summary (report/controls.ts CONTROLS). */
export type ReportControlId = 'network-isolation' | 'keyless-auth' | 'least-privilege' | 'dlp' | 'data-residency' | 'audit-logging' | 'cost-limits';

/** `error` fails synth; `warning` is printed and listed in the report. */
export type Severity = 'error' | 'warning';

/**
 * One rule of the registry (cdk-nag's model): a stable id, why it matters, the framework controls it
 * evidences, and a check over one construct. `appliesTo` false is "not applicable"; `check` returns the
 * problems of the construct (each names the setting to change); none is a pass.
 */
export interface Rule<C = any> {
  /** Stable id, `AOAI-<area>-<nnn>`; never reused. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Why it matters. */
  readonly why: string;
  /** Control ids this rule evidences, per framework. */
  readonly frameworks: Readonly<Partial<Record<Framework, readonly string[]>>>;
  /** The report's controls whose evidence this rule's result is part of. */
  readonly controls: readonly ReportControlId[];
  /** The name synth messages carry before the message (stable since before the registry). */
  readonly label: string;
  appliesTo(node: IConstruct): boolean;
  check(node: IConstruct, ctx: C): (string | undefined)[];
  /**
   * What the result rests on at this construct, for the compliance report (e.g. the NSG sources that can
   * reach an endpoint, the table retention found): facts, never a second verdict.
   */
  evidence?(node: IConstruct, ctx: C): (string | undefined)[];
}

/** Rules enabled together on a stack, with the context they read. */
export interface Pack<C = any> {
  readonly id: PackId;
  readonly title: string;
  readonly rules: readonly Rule<C>[];
}

export type PackId = 'security-baseline' | 'residency' | 'tagging' | 'audit-trail' | 'gateway-only' | 'deployability';

/** An accepted exception: a rule at a construct path (and below it), with the reason it is accepted. */
export interface Suppression {
  readonly ruleId: string;
  /** A construct path (`stack/landing-zone/openai/account`); the suppression covers the construct and its children. */
  readonly path: string;
  readonly reason: string;
}

export type RuleStatus = 'pass' | 'fail' | 'suppressed' | 'not-applicable';

/** The result of one rule at one construct (or, for `not-applicable`, at the stack). */
export interface RuleResult {
  readonly ruleId: string;
  readonly pack: PackId;
  readonly severity: Severity;
  readonly status: RuleStatus;
  readonly path: string;
  /** The problems found (fail and suppressed). */
  readonly findings: readonly string[];
  /** What the rule saw (its `evidence`), whatever the status. */
  readonly evidence?: readonly string[];
  readonly suppression?: Suppression;
}

/** What one stack's evaluation found: every result and every suppression, used or not. */
export interface StackEvaluation {
  readonly stack: string;
  readonly packs: readonly PackId[];
  readonly results: readonly RuleResult[];
  readonly suppressions: readonly (Suppression & { readonly used: boolean })[];
}
