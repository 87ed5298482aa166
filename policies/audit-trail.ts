import type { IAspect } from 'cdktf';
import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { LogAnalyticsWorkspaceTable } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { LOG_PURPOSE_TAG } from '../config/log-categories';
import { GATEWAY_AUDIT_TABLE } from '../config/telemetry';
import { logSourcesOf, type LogSource } from '../constructs/log-sources';
import { check, resolveString, resourcesOf } from './util';

/** Retention the profile requires of every audit table (config/retention.ts, auditRetentionFor). */
export interface RequiredRetention {
  readonly interactiveDays: number;
  readonly totalDays: number;
}

/** Category groups that include every audit category of a resource. */
const COVERING_GROUPS = new Set(['audit', 'alllogs']);

const same = (node: IConstruct, a: unknown, b: unknown) => JSON.stringify(resolveString(node, a)) === JSON.stringify(resolveString(node, b));

function isAuditWorkspace(ws: LogAnalyticsWorkspace): boolean {
  return ws.tagsInput?.[LOG_PURPOSE_TAG] === 'audit';
}

/** The workspace a `workspace_id` argument points at, when it is one of the stack's. */
function workspaceOf(node: IConstruct, workspaceId: unknown): LogAnalyticsWorkspace | undefined {
  return resourcesOf<LogAnalyticsWorkspace>(node, LogAnalyticsWorkspace).find((ws) => same(node, ws.id, workspaceId));
}

/**
 * What a table keeps: its own retention, or the workspace's (the provider sends -1, "workspace
 * default", when retention_in_days is unset: log_analytics_workspace_table_resource.go:132-139),
 * with total retention equal to interactive unless set.
 */
function tableRetention(node: IConstruct, ws: LogAnalyticsWorkspace, table: string): RequiredRetention {
  const t = resourcesOf<LogAnalyticsWorkspaceTable>(node, LogAnalyticsWorkspaceTable).find((x) => x.nameInput === table && same(node, x.workspaceIdInput, ws.id));
  const interactiveDays = t?.retentionInDaysInput ?? ws.retentionInDaysInput ?? 30;
  return { interactiveDays, totalDays: t?.totalRetentionInDaysInput ?? interactiveDays };
}

const describe = (r: RequiredRetention) => `${r.interactiveDays} days searchable, ${r.totalDays} in all`;

/**
 * The audit trail is complete and kept as long as the profile requires, checked at synth time:
 * - every resource that emits resource logs (config/log-categories.ts) has a diagnostic setting
 *   sending all its audit categories (or the `audit`/`allLogs` group) to an audit workspace
 *   (a workspace tagged `log-purpose = audit`);
 * - every table those settings write to keeps at least the profile's audit retention;
 * - the table Application Insights stores the gateway's audit events in (AppTraces) does too.
 * Evidences HIPAA 164.312(b) and 164.316(b)(2), ISM-1988/1989, SOC 2 CC7.2, ISO 27001 A.8.15.
 */
export class AuditTrailPolicy implements IAspect {
  constructor(
    private readonly profileName: string,
    private readonly required: RequiredRetention,
  ) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const sources = logSourcesOf(node).filter((s) => s.auditLogCategories.length > 0);
    if (sources.length) check(node, 'audit-trail', () => sources.map((s) => this.checkSource(node, s)));
    if (node instanceof MonitorDiagnosticSetting) check(node, 'audit-trail', () => this.checkTables(node));
    if (node instanceof ApplicationInsights) check(node, 'audit-trail', () => [this.checkGatewayTable(node)]);
  }

  private short(r: RequiredRetention): boolean {
    return r.interactiveDays < this.required.interactiveDays || r.totalDays < this.required.totalDays;
  }

  private settingsToAudit(node: IConstruct, source: LogSource): MonitorDiagnosticSetting[] {
    return resourcesOf<MonitorDiagnosticSetting>(node, MonitorDiagnosticSetting).filter((d) => {
      const ws = workspaceOf(node, d.logAnalyticsWorkspaceIdInput);
      return !!ws && isAuditWorkspace(ws) && same(node, d.targetResourceIdInput, source.resourceId);
    });
  }

  private checkSource(node: IConstruct, source: LogSource): string | undefined {
    const settings = this.settingsToAudit(node, source);
    const where = source.spec.suffix ? `${source.spec.label} service: ` : '';
    if (settings.length === 0) {
      return `${where}no diagnostic setting sends its audit logs (${source.auditLogCategories.join(', ')}) to the audit workspace (a Log Analytics workspace tagged ${LOG_PURPOSE_TAG} = audit)`;
    }
    const logs = settings.flatMap((d) => (Array.isArray(d.enabledLogInput) ? d.enabledLogInput : []));
    if (logs.some((l) => COVERING_GROUPS.has(String(l.categoryGroup ?? '').toLowerCase()))) return undefined;
    const sent = new Set(logs.map((l) => l.category));
    const missing = source.auditLogCategories.filter((c) => !sent.has(c));
    return missing.length ? `${where}the audit workspace does not receive ${missing.join(', ')}` : undefined;
  }

  /** Tables a setting to an audit workspace writes its audit categories to, and what they keep. */
  private checkTables(setting: MonitorDiagnosticSetting): string[] {
    const ws = workspaceOf(setting, setting.logAnalyticsWorkspaceIdInput);
    if (!ws || !isAuditWorkspace(ws)) return [];
    const source = TerraformStack.of(setting)
      .node.findAll()
      .flatMap(logSourcesOf)
      .find((s) => same(setting, s.resourceId, setting.targetResourceIdInput));
    if (!source) return [];
    const enabled = new Set((Array.isArray(setting.enabledLogInput) ? setting.enabledLogInput : []).map((l) => l.category));
    const tables = new Set(source.spec.categories.filter((c) => c.audit && enabled.has(c.category)).map((c) => c.table));
    return [...tables].flatMap((table) => {
      const kept = tableRetention(setting, ws, table);
      return this.short(kept)
        ? [`audit table ${table} keeps ${describe(kept)}; region profile "${this.profileName}" requires ${describe(this.required)}`]
        : [];
    });
  }

  private checkGatewayTable(insights: ApplicationInsights): string | undefined {
    const ws = workspaceOf(insights, insights.workspaceIdInput);
    if (!ws) return insights.workspaceIdInput ? undefined : `no workspace: the gateway's audit events (${GATEWAY_AUDIT_TABLE}) would be kept 90 days by classic Application Insights`;
    const kept = tableRetention(insights, ws, GATEWAY_AUDIT_TABLE);
    return this.short(kept)
      ? `the gateway's audit events (${GATEWAY_AUDIT_TABLE}) are kept ${describe(kept)}; region profile "${this.profileName}" requires ${describe(this.required)}`
      : undefined;
  }
}
