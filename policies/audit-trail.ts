import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { LogAnalyticsWorkspaceTable } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { LOG_PURPOSE_TAG } from '../config/log-categories';
import { GATEWAY_AUDIT_TABLE } from '../config/telemetry';
import { logSourcesOf, type LogSource } from '../constructs/log-sources';
import { perEvaluation, resolveString } from './util';

/** Retention the profile requires of every audit table (config/retention.ts, auditRetentionFor). */
export interface RequiredRetention {
  readonly interactiveDays: number;
  readonly totalDays: number;
}

/** Category groups that include every audit category of a resource. */
const COVERING_GROUPS = new Set(['audit', 'alllogs']);

/** A reference or literal as Terraform will see it, for comparing two arguments. */
const key = (node: IConstruct, value: unknown) => JSON.stringify(resolveString(node, value));

function isAuditWorkspace(ws: LogAnalyticsWorkspace): boolean {
  return ws.tagsInput?.[LOG_PURPOSE_TAG] === 'audit';
}

/** What the rule looks up, built once per stack when validation runs (every construct exists by then). */
class StackIndex {
  readonly sourceByTarget = new Map<string, LogSource>();
  readonly settingsByTarget = new Map<string, MonitorDiagnosticSetting[]>();
  readonly workspaceById = new Map<string, LogAnalyticsWorkspace>();
  private readonly tables = new Map<string, LogAnalyticsWorkspaceTable>();

  constructor(stack: TerraformStack) {
    for (const c of stack.node.findAll()) {
      for (const source of logSourcesOf(c)) this.sourceByTarget.set(key(c, source.resourceId), source);
      if (c instanceof MonitorDiagnosticSetting) {
        const target = key(c, c.targetResourceIdInput);
        this.settingsByTarget.set(target, [...(this.settingsByTarget.get(target) ?? []), c]);
      }
      if (c instanceof LogAnalyticsWorkspace) this.workspaceById.set(key(c, c.id), c);
      if (c instanceof LogAnalyticsWorkspaceTable) this.tables.set(`${key(c, c.workspaceIdInput)}/${c.nameInput}`, c);
    }
  }

  /** The stack's workspace a `workspace_id` argument points at. */
  workspace(node: IConstruct, workspaceId: unknown): LogAnalyticsWorkspace | undefined {
    return this.workspaceById.get(key(node, workspaceId));
  }

  /**
   * What a table keeps: its own retention, or the workspace's (the provider sends -1, "workspace
   * default", when retention_in_days is unset: log_analytics_workspace_table_resource.go:132-139),
   * with total retention equal to interactive unless set.
   */
  retention(ws: LogAnalyticsWorkspace, table: string): RequiredRetention {
    const t = this.tables.get(`${key(ws, ws.id)}/${table}`);
    const interactiveDays = t?.retentionInDaysInput ?? ws.retentionInDaysInput ?? 30;
    return { interactiveDays, totalDays: t?.totalRetentionInDaysInput ?? interactiveDays };
  }
}

const describe = (r: RequiredRetention) => `${r.interactiveDays} days searchable, ${r.totalDays} in all`;

/**
 * The audit trail is complete and kept as long as the profile requires, checked at synth time:
 * - every resource that emits resource logs (config/log-categories.ts) has a diagnostic setting
 *   sending all its audit categories (or the `audit`/`allLogs` group) to an audit workspace
 *   (a workspace tagged `log-purpose = audit`);
 * - every table those settings write to keeps at least the profile's audit retention;
 * - the table Application Insights stores the gateway's audit events in (AppTraces) does too.
 * Evidences HIPAA 164.312(b) and 164.316(b)(2)(i), ISM-1988/1989, SOC 2 CC7.2, ISO 27001 A.8.15 and A.5.33 (rule AOAI-LOG-001).
 */
export interface AuditTrailContext {
  readonly profileName: string;
  readonly required: RequiredRetention;
}

/** Whether a construct is one the audit trail rule reads: a log-emitting resource, a diagnostic setting, Application Insights. */
export function auditTrailAppliesTo(node: IConstruct): boolean {
  if (!TerraformResource.isTerraformResource(node)) return false;
  return logSourcesOf(node).some((s) => s.auditLogCategories.length > 0) || node instanceof MonitorDiagnosticSetting || node instanceof ApplicationInsights;
}

/** The audit trail problems of one construct. */
export function auditTrailProblems(node: IConstruct, ctx: AuditTrailContext): (string | undefined)[] {
  return new AuditTrailCheck(ctx.profileName, ctx.required).problems(node);
}

/** What the audit trail rule found at one construct: where its audit logs go, and what each audit table keeps. */
export function auditTrailEvidence(node: IConstruct, ctx: AuditTrailContext): string[] {
  return new AuditTrailCheck(ctx.profileName, ctx.required).evidence(node);
}

const nameOf = (ws: LogAnalyticsWorkspace) => String(ws.nameInput ?? ws.node.path);

class AuditTrailCheck {
  constructor(
    private readonly profileName: string,
    private readonly required: RequiredRetention,
  ) {}

  problems(node: IConstruct): (string | undefined)[] {
    const sources = logSourcesOf(node).filter((s) => s.auditLogCategories.length > 0);
    return [
      ...sources.map((s) => this.checkSource(node, s)),
      ...(node instanceof MonitorDiagnosticSetting ? this.checkTables(node) : []),
      ...(node instanceof ApplicationInsights ? [this.checkGatewayTable(node)] : []),
    ];
  }

  evidence(node: IConstruct): string[] {
    const index = this.index(node);
    const lines: string[] = [];
    for (const source of logSourcesOf(node).filter((s) => s.auditLogCategories.length > 0)) {
      const settings = this.settingsToAudit(node, source);
      if (settings.length === 0) continue;
      const where = source.spec.suffix ? `${source.spec.label} service: ` : '';
      const to = [...new Set(settings.map((d) => nameOf(index.workspace(d, d.logAnalyticsWorkspaceIdInput)!)))];
      lines.push(`${where}audit logs ${source.auditLogCategories.join(', ')} → ${to.join(', ')}`);
    }
    if (node instanceof MonitorDiagnosticSetting) {
      const ws = index.workspace(node, node.logAnalyticsWorkspaceIdInput);
      if (ws && isAuditWorkspace(ws)) for (const table of this.auditTablesOf(node)) lines.push(this.kept(ws, table));
    }
    if (node instanceof ApplicationInsights) {
      const ws = index.workspace(node, node.workspaceIdInput);
      if (ws) lines.push(this.kept(ws, GATEWAY_AUDIT_TABLE));
    }
    return lines;
  }

  private kept(ws: LogAnalyticsWorkspace, table: string): string {
    const kept = this.index(ws).retention(ws, table);
    return `audit table ${nameOf(ws)}/${table}: ${kept.interactiveDays} days searchable, ${kept.totalDays} in all (≥ ${this.required.interactiveDays} searchable / ${this.required.totalDays} in all required)`;
  }

  /** The tables an audit-workspace setting writes its audit categories to. */
  private auditTablesOf(setting: MonitorDiagnosticSetting): string[] {
    const source = this.index(setting).sourceByTarget.get(key(setting, setting.targetResourceIdInput));
    if (!source) return [];
    const logs = Array.isArray(setting.enabledLogInput) ? setting.enabledLogInput : [];
    const all = logs.some((l) => COVERING_GROUPS.has(String(l.categoryGroup ?? '').toLowerCase()));
    const enabled = new Set(logs.map((l) => l.category));
    return [...new Set(source.spec.categories.filter((c) => c.audit && (all || enabled.has(c.category))).map((c) => c.table))];
  }

  private index(node: IConstruct): StackIndex {
    return perEvaluation(node, 'audit-trail/index', (stack) => new StackIndex(stack));
  }

  private short(r: RequiredRetention): boolean {
    return r.interactiveDays < this.required.interactiveDays || r.totalDays < this.required.totalDays;
  }

  private settingsToAudit(node: IConstruct, source: LogSource): MonitorDiagnosticSetting[] {
    const index = this.index(node);
    return (index.settingsByTarget.get(key(node, source.resourceId)) ?? []).filter((d) => {
      const ws = index.workspace(d, d.logAnalyticsWorkspaceIdInput);
      return !!ws && isAuditWorkspace(ws);
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
    const index = this.index(setting);
    const ws = index.workspace(setting, setting.logAnalyticsWorkspaceIdInput);
    if (!ws || !isAuditWorkspace(ws)) return [];
    return this.auditTablesOf(setting).flatMap((table) => {
      const kept = index.retention(ws, table);
      return this.short(kept)
        ? [`audit table ${table} keeps ${describe(kept)}; region profile "${this.profileName}" requires ${describe(this.required)}`]
        : [];
    });
  }

  private checkGatewayTable(insights: ApplicationInsights): string | undefined {
    const index = this.index(insights);
    const ws = index.workspace(insights, insights.workspaceIdInput);
    if (!ws) return insights.workspaceIdInput ? undefined : `no workspace_id: without a Log Analytics workspace the gateway's audit events (${GATEWAY_AUDIT_TABLE}) get no audit retention`;
    const kept = index.retention(ws, GATEWAY_AUDIT_TABLE);
    return this.short(kept)
      ? `the gateway's audit events (${GATEWAY_AUDIT_TABLE}) are kept ${describe(kept)}; region profile "${this.profileName}" requires ${describe(this.required)}`
      : undefined;
  }
}
