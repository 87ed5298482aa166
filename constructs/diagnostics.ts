import { Construct } from 'constructs';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { LogAnalyticsWorkspaceTable } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table';
import { LogAnalyticsQueryPack } from '@cdktf/provider-azurerm/lib/log-analytics-query-pack';
import { LogAnalyticsQueryPackQuery } from '@cdktf/provider-azurerm/lib/log-analytics-query-pack-query';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { grantRole, ROLES } from './grants';
import { resourceName } from './naming';
import { AUDIT_QUERIES, type SavedQuery } from './audit-queries';
import type { IDiagnosticsTarget, LocatedProps, PrincipalRef } from './types';

export interface DiagnosticsProps extends LocatedProps {
  /** Days audit logs are kept. @default 365 */
  readonly auditRetentionDays?: number;
  /** Days request/response logs and metrics are kept. @default 90 */
  readonly operationalRetentionDays?: number;
  /** Saved KQL queries. @default AUDIT_QUERIES */
  readonly queries?: readonly SavedQuery[];
}

/**
 * Where every log of a landing zone lives, in the region of its profile.
 *
 * Azure OpenAI writes all its log categories to the one `AzureDiagnostics` table, so one
 * workspace cannot keep audit logs for 365 days and request logs for 90. The audit trail
 * therefore has a workspace of its own; request/response logs, metrics and the gateway's
 * telemetry go to the operations workspace. Retention is set on each workspace and on each
 * table (azurerm 4 removed `retention_policy` from diagnostic settings).
 */
export class Diagnostics extends Construct {
  readonly auditWorkspace: LogAnalyticsWorkspace;
  readonly operationsWorkspace: LogAnalyticsWorkspace;
  readonly queryPack: LogAnalyticsQueryPack;
  readonly auditRetentionDays: number;
  readonly operationalRetentionDays: number;
  private readonly props: DiagnosticsProps;

  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    super(scope, id);
    this.props = props;
    this.auditRetentionDays = props.auditRetentionDays ?? 365;
    this.operationalRetentionDays = props.operationalRetentionDays ?? 90;
    for (const [what, days] of [['auditRetentionDays', this.auditRetentionDays], ['operationalRetentionDays', this.operationalRetentionDays]] as const) {
      if (!Number.isInteger(days) || days < 30 || days > 730) {
        throw new Error(`${this.node.path}: ${what} must be a whole number of days from 30 to 730, got ${days}`);
      }
    }
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };

    const workspace = (wid: string, suffix: string, days: number, tables: string[]) => {
      const ws = new LogAnalyticsWorkspace(this, wid, {
        ...common,
        name: resourceName('logAnalyticsWorkspace', props.naming, suffix),
        sku: 'PerGB2018',
        retentionInDays: days,
        // Entra ID only: no shared workspace keys.
        localAuthenticationEnabled: false,
      });
      for (const table of tables) {
        new LogAnalyticsWorkspaceTable(this, `${wid}-${table}`, {
          workspaceId: ws.id,
          name: table,
          retentionInDays: days,
          totalRetentionInDays: days,
        });
      }
      return ws;
    };
    this.auditWorkspace = workspace('audit-workspace', 'audit', this.auditRetentionDays, ['AzureDiagnostics']);
    this.operationsWorkspace = workspace('operations-workspace', 'ops', this.operationalRetentionDays, [
      'AzureDiagnostics',
      'AzureMetrics',
    ]);

    this.queryPack = new LogAnalyticsQueryPack(this, 'query-pack', {
      ...common,
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

  /**
   * Collect a resource's logs and metrics: audit categories into the audit workspace,
   * everything else and all metrics into the operations workspace.
   */
  addTarget(target: IDiagnosticsTarget): MonitorDiagnosticSetting[] {
    const settings: MonitorDiagnosticSetting[] = [];
    if (target.auditLogCategories.length > 0) {
      settings.push(
        new MonitorDiagnosticSetting(this, `${target.diagnosticsLabel}-audit`, {
          name: resourceName('diagnosticSetting', this.props.naming, `${target.diagnosticsLabel}-audit`),
          targetResourceId: target.resourceId,
          logAnalyticsWorkspaceId: this.auditWorkspace.id,
          enabledLog: target.auditLogCategories.map((category) => ({ category })),
        }),
      );
    }
    settings.push(
      new MonitorDiagnosticSetting(this, `${target.diagnosticsLabel}-operations`, {
        name: resourceName('diagnosticSetting', this.props.naming, `${target.diagnosticsLabel}-ops`),
        targetResourceId: target.resourceId,
        logAnalyticsWorkspaceId: this.operationsWorkspace.id,
        enabledLog: target.operationalLogCategories.map((category) => ({ category })),
        enabledMetric: [{ category: 'AllMetrics' }],
      }),
    );
    return settings;
  }

  /** Read (query) both workspaces: Log Analytics Reader on each, nothing wider. */
  grantRead(principal: PrincipalRef): RoleAssignment[] {
    return [
      grantRole(this, this.auditWorkspace.id, ROLES.logAnalyticsReader, { ...principal, displayName: `${principal.displayName ?? principal.principalId}-audit` }),
      grantRole(this, this.operationsWorkspace.id, ROLES.logAnalyticsReader, { ...principal, displayName: `${principal.displayName ?? principal.principalId}-ops` }),
    ];
  }
}
