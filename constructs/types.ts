import type { NameParts } from './naming';

/** A principal that can be granted a role: an Entra user, group or service principal. */
export interface PrincipalRef {
  readonly principalId: string;
  readonly principalType?: 'User' | 'Group' | 'ServicePrincipal';
  /** Shown in the construct id of the role assignment; defaults to the principal id. */
  readonly displayName?: string;
}

/** What every located construct is given: where it lives and how it is named. */
export interface LocatedProps {
  readonly naming: NameParts;
  readonly resourceGroupName: string;
  /** Taken from the stack's region profile; the residency policy proves it. */
  readonly location: string;
  readonly tags?: Record<string, string>;
}

/** A service reachable through a private endpoint (the standard private-link shape). */
export interface IPrivateLinkTarget {
  readonly resourceId: string;
  /** The private link sub-resource, e.g. `account`, `redisEnterprise`, `blob`, `sites`. */
  readonly privateLinkSubresource: string;
  /** Short label used in construct ids and resource names, e.g. `openai`. */
  readonly privateLinkLabel: string;
}

/** A resource whose platform logs and metrics the Diagnostics construct collects. */
export interface IDiagnosticsTarget {
  readonly resourceId: string;
  readonly diagnosticsLabel: string;
  /** Log categories kept for the audit retention (365 days by default). */
  readonly auditLogCategories: readonly string[];
  /** Log categories kept for the operational retention (90 days by default). */
  readonly operationalLogCategories: readonly string[];
  /** Log Analytics tables the audit categories land in (their retention is set). @default ['AzureDiagnostics'] */
  readonly auditTables?: readonly string[];
  /** Whether the resource publishes platform metrics (`AllMetrics`, to operations). @default true */
  readonly metrics?: boolean;
}
