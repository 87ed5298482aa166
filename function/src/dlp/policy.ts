import { redact, Scanner, summarize, type DlpProfile } from './engine';
import type { Finding, FindingType } from './types';

export type DlpAction = 'block' | 'redact' | 'allow';

export interface DlpPolicyConfig {
  readonly profile: DlpProfile;
  /** Action for every type not listed in `actions`. */
  readonly defaultAction: Exclude<DlpAction, 'allow'> | 'allow';
  readonly actions?: Partial<Record<FindingType, DlpAction>>;
  /** Findings below this score are reported but never acted on. @default 0.5 */
  readonly actionThreshold?: number;
  readonly keepCardLastFour?: boolean;
  readonly maxInputLength?: number;
}

export interface DlpVerdict {
  readonly action: DlpAction;
  /** Every finding at or above the reporting threshold. */
  readonly findings: readonly Finding[];
  /** The findings the action applies to. */
  readonly actionable: readonly Finding[];
  /** Types and counts of the actionable findings (safe to log). */
  readonly summary: Record<string, number>;
  /** The text with the redact-action findings replaced, when action is `redact`. */
  readonly text?: string;
}

/** Secrets are always blocked unless a policy says otherwise: a redacted key is still a leaked key. */
const SECRET_DEFAULT: DlpAction = 'block';

export class DlpPolicy {
  private readonly scanner: Scanner;
  readonly threshold: number;

  constructor(readonly config: DlpPolicyConfig) {
    this.scanner = new Scanner({ profile: config.profile, maxInputLength: config.maxInputLength });
    this.threshold = config.actionThreshold ?? 0.5;
  }

  actionFor(type: FindingType): DlpAction {
    return this.config.actions?.[type] ?? (type === 'SECRET' ? SECRET_DEFAULT : this.config.defaultAction);
  }

  /** Scans one text and decides: block if any actionable finding blocks, else redact, else allow. */
  evaluate(text: string): DlpVerdict {
    const findings = this.scanner.scan(text);
    const actionable = findings.filter((f) => f.score >= this.threshold && this.actionFor(f.type) !== 'allow');
    const summary = summarize(actionable);
    if (actionable.some((f) => this.actionFor(f.type) === 'block')) return { action: 'block', findings, actionable, summary };
    if (actionable.length > 0) {
      return { action: 'redact', findings, actionable, summary, text: redact(text, actionable, { keepCardLastFour: this.config.keepCardLastFour }) };
    }
    return { action: 'allow', findings, actionable, summary };
  }
}
