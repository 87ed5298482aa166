import type { IConstruct } from 'constructs';

/** What the deployability rules know about the stack beyond its resources. */
export interface DeployabilityContext {
  /** The day (YYYY-MM-DD) support and start dates are checked against. */
  readonly today: string;
  /** The region profile's allowed locations. */
  readonly allowedLocations: readonly string[];
  /** Resource providers the stack's provider block registers. */
  readonly resourceProviders: readonly string[];
}

/**
 * One deployability rule: a mistake that synthesizes and may even pass `terraform validate`, but that
 * azurerm 4.55 or Azure refuses on the first plan or apply (or that breaks the app once applied).
 * `check` returns the problems of one construct; each names the argument to change.
 */
export interface DeployabilityRule {
  readonly id: string;
  /** Why it matters, with the provider source or documentation that shows it. */
  readonly why: string;
  appliesTo(node: IConstruct): boolean;
  check(node: IConstruct, ctx: DeployabilityContext): (string | undefined)[];
}
