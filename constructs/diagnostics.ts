import { Construct, type IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
// cdktf's own resolver (what synth uses), to compare two references to the same attribute.
import { resolve } from 'cdktf/lib/_tokens';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { LogAnalyticsWorkspaceTable } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table';
import { LogAnalyticsQueryPack } from '@cdktf/provider-azurerm/lib/log-analytics-query-pack';
import { LogAnalyticsQueryPackQuery } from '@cdktf/provider-azurerm/lib/log-analytics-query-pack-query';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { LOG_PURPOSE_TAG } from '../config/log-categories';
import { DEFAULT_AUDIT_RETENTION, INTERACTIVE_RANGE, OPERATIONS_RETENTION_DAYS, TOTAL_RETENTION_YEARS } from '../config/retention';
import { GATEWAY_AUDIT_TABLE } from '../config/telemetry';
import { grantRole, ROLES } from './grants';
import { resourceName } from './naming';
import { AUDIT_QUERIES, type SavedQuery } from './audit-queries';
import { logSourcesOf } from './log-sources';
import type { IDiagnosticsTarget, LocatedProps, PrincipalRef } from './types';

/** Interactive (searchable) and total (interactive + long-term) retention of a table, in days. */
export interface TableRetention {
  readonly interactiveDays: number;
  readonly totalDays: number;
}

export interface DiagnosticsProps extends LocatedProps {
  /**
   * Retention of every audit table: the profile's, from config/retention.ts (auditRetentionFor).
   * @default 365 days searchable, 365 kept
   */
  readonly auditRetention?: TableRetention;
  /** Days request/response logs, telemetry and metrics are kept. @default 90 */
  readonly operationalRetentionDays?: number;
  /** Saved KQL queries. @default AUDIT_QUERIES */
  readonly queries?: readonly SavedQuery[];
}

/**
 * Application Insights tables in the operations workspace: the gateway's audit events (AppTraces)
 * are kept as audit, request and dependency telemetry for the operations retention.
 */
const OPERATIONAL_APP_TABLES = ['AppRequests', 'AppDependencies', 'AppExceptions', 'AppMetrics', 'AppPerformanceCounters'] as const;

/**
 * Where every log of a landing zone lives, in the region of its profile.
 *
 * Azure OpenAI (and NSGs) write all their categories to the one `AzureDiagnostics` table, so one
 * workspace cannot keep audit logs for years and request logs for 90 days: the audit trail has a
 * workspace of its own, whose tables keep the profile's audit retention. Request/response logs,
 * metrics and the gateway's telemetry go to the operations workspace. The gateway's own audit
 * events reach it through Application Insights (one workspace per component), so its AppTraces
 * table keeps the audit retention while the other App* tables keep 90 days. Retention is set on
 * each workspace and table: azurerm 4 removed `retention_policy` from diagnostic settings.
 * Both workspaces send their query audit (`Audit` → LAQueryLogs) to the audit workspace.
 */
export class Diagnostics extends Construct {
  readonly auditWorkspace: LogAnalyticsWorkspace;
  readonly operationsWorkspace: LogAnalyticsWorkspace;
  readonly queryPack: LogAnalyticsQueryPack;
  readonly auditRetention: TableRetention;
  readonly operationalRetentionDays: number;
  /** Table retention resources by `<workspace id>/<table>`. */
  private readonly tables = new Map<string, LogAnalyticsWorkspaceTable>();
  private readonly targets: IDiagnosticsTarget[] = [];
  private readonly props: DiagnosticsProps;

  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    super(scope, id);
    this.props = props;
    this.auditRetention = props.auditRetention ?? DEFAULT_AUDIT_RETENTION;
    this.operationalRetentionDays = props.operationalRetentionDays ?? OPERATIONS_RETENTION_DAYS;
    const { interactiveDays, totalDays } = this.auditRetention;
    for (const [what, days] of [['auditRetention.interactiveDays', interactiveDays], ['operationalRetentionDays', this.operationalRetentionDays]] as const) {
      if (!Number.isInteger(days) || days < INTERACTIVE_RANGE.min || days > INTERACTIVE_RANGE.max) {
        throw new Error(`${this.node.path}: ${what} must be a whole number of days from ${INTERACTIVE_RANGE.min} to ${INTERACTIVE_RANGE.max}, got ${days}`);
      }
    }
    // log_analytics_workspace_table_resource.go:82-86 (v4.55.0): up to 730, then whole years only.
    if (!Number.isInteger(totalDays) || totalDays < interactiveDays || (totalDays > INTERACTIVE_RANGE.max && !TOTAL_RETENTION_YEARS.includes(totalDays))) {
      throw new Error(
        `${this.node.path}: auditRetention.totalDays must be at least the interactive ${interactiveDays} days and, above ${INTERACTIVE_RANGE.max}, one of ${TOTAL_RETENTION_YEARS.join(', ')}; got ${totalDays}`,
      );
    }
    const common = { location: props.location, resourceGroupName: props.resourceGroupName };

    const workspace = (wid: string, suffix: string, purpose: 'audit' | 'operations', days: number) =>
      new LogAnalyticsWorkspace(this, wid, {
        ...common,
        tags: { ...props.tags, [LOG_PURPOSE_TAG]: purpose },
        name: resourceName('logAnalyticsWorkspace', props.naming, suffix),
        sku: 'PerGB2018',
        retentionInDays: days,
        // Entra ID only: no shared workspace keys.
        localAuthenticationEnabled: false,
      });
    this.auditWorkspace = workspace('audit-workspace', 'audit', 'audit', interactiveDays);
    this.operationsWorkspace = workspace('operations-workspace', 'ops', 'operations', this.operationalRetentionDays);

    const ops = { interactiveDays: this.operationalRetentionDays, totalDays: this.operationalRetentionDays };
    this.table(this.auditWorkspace, 'audit-workspace', 'AzureDiagnostics', this.auditRetention);
    this.table(this.operationsWorkspace, 'operations-workspace', 'AzureDiagnostics', ops);
    this.table(this.operationsWorkspace, 'operations-workspace', 'AzureMetrics', ops);
    this.table(this.operationsWorkspace, 'operations-workspace', GATEWAY_AUDIT_TABLE, this.auditRetention);
    for (const t of OPERATIONAL_APP_TABLES) this.table(this.operationsWorkspace, 'operations-workspace', t, ops);
    // Who queried either workspace (Audit → LAQueryLogs) is itself part of the audit trail.
    for (const ws of [this.auditWorkspace, this.operationsWorkspace]) logSourcesOf(ws).forEach((source) => this.addTarget(source));

    this.queryPack = new LogAnalyticsQueryPack(this, 'query-pack', {
      ...common,
      tags: props.tags,
      name: resourceName('queryPack', props.naming),
    });
    for (const q of props.queries ?? AUDIT_QUERIES) {
      new LogAnalyticsQueryPackQuery(this, `query-${q.id}`, {
        queryPackId: this.queryPack.id,
        displayName: q.displayName,
        description: q.description,
        body: q.body,
        categories: [...q.categories],
        tags: props.tags,
      });
    }
  }

  /** The retention resource of `table` in `ws`, created once. */
  private table(ws: LogAnalyticsWorkspace, wid: string, table: string, retention: TableRetention): LogAnalyticsWorkspaceTable {
    const key = `${wid}/${table}`;
    let t = this.tables.get(key);
    if (!t) {
      t = new LogAnalyticsWorkspaceTable(this, `${wid}-${table}`, {
        workspaceId: ws.id,
        name: table,
        retentionInDays: retention.interactiveDays,
        totalRetentionInDays: retention.totalDays,
      });
      this.tables.set(key, t);
    }
    return t;
  }

  /**
   * Collect a resource's logs and metrics: audit categories into the audit workspace (their
   * tables kept the audit retention), everything else and all metrics into operations.
   */
  addTarget(target: IDiagnosticsTarget): MonitorDiagnosticSetting[] {
    this.targets.push(target);
    const settings: MonitorDiagnosticSetting[] = [];
    if (target.auditLogCategories.length > 0) {
      for (const table of target.auditTables ?? ['AzureDiagnostics']) this.table(this.auditWorkspace, 'audit-workspace', table, this.auditRetention);
      settings.push(
        new MonitorDiagnosticSetting(this, `${target.diagnosticsLabel}-audit`, {
          name: resourceName('diagnosticSetting', this.props.naming, `${target.diagnosticsLabel}-audit`),
          targetResourceId: target.resourceId,
          logAnalyticsWorkspaceId: this.auditWorkspace.id,
          enabledLog: target.auditLogCategories.map((category) => ({ category })),
        }),
      );
    }
    const metrics = target.metrics ?? true;
    if (target.operationalLogCategories.length > 0 || metrics) {
      settings.push(
        new MonitorDiagnosticSetting(this, `${target.diagnosticsLabel}-operations`, {
          name: resourceName('diagnosticSetting', this.props.naming, `${target.diagnosticsLabel}-ops`),
          targetResourceId: target.resourceId,
          logAnalyticsWorkspaceId: this.operationsWorkspace.id,
          enabledLog: target.operationalLogCategories.length ? target.operationalLogCategories.map((category) => ({ category })) : undefined,
          enabledMetric: metrics ? [{ category: 'AllMetrics' }] : undefined,
        }),
      );
    }
    return settings;
  }

  /**
   * Collect the logs of every log-emitting resource under `scope` (config/log-categories.ts),
   * the two workspaces included, skipping targets already added. Call it once everything is built.
   */
  addTargetsFor(scope: IConstruct): MonitorDiagnosticSetting[] {
    const stack = TerraformStack.of(this);
    const seen = new Set(this.targets.map((t) => JSON.stringify(resolve(stack, t.resourceId))));
    return scope.node
      .findAll()
      .flatMap(logSourcesOf)
      .filter((source) => !seen.has(JSON.stringify(resolve(stack, source.resourceId))))
      .flatMap((source) => this.addTarget(source));
  }

  /** Read (query) both workspaces: Log Analytics Reader on each, nothing wider. */
  grantRead(principal: PrincipalRef): RoleAssignment[] {
    return [
      grantRole(this, this.auditWorkspace.id, ROLES.logAnalyticsReader, { ...principal, displayName: `${principal.displayName ?? principal.principalId}-audit` }),
      grantRole(this, this.operationsWorkspace.id, ROLES.logAnalyticsReader, { ...principal, displayName: `${principal.displayName ?? principal.principalId}-ops` }),
    ];
  }
}
