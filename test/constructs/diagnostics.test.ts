import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { Diagnostics } from '../../constructs/diagnostics';
import { located, only, resourcesOfType, synthJson } from '../helpers/synth';

const target = {
  resourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.CognitiveServices/accounts/a',
  diagnosticsLabel: 'openai',
  auditLogCategories: ['Audit'],
  operationalLogCategories: ['RequestResponse', 'Trace'],
};

describe('Diagnostics', () => {
  const json = synthJson((s) => {
    const d = new Diagnostics(s, 'diag', located);
    d.addTarget(target);
    d.grantRead({ principalId: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'auditors', principalType: 'Group' });
  });
  const workspaces = resourcesOfType(json, 'azurerm_log_analytics_workspace');
  const audit = workspaces.find((w) => w.name.endsWith('-audit'))!;
  const ops = workspaces.find((w) => w.name.endsWith('-ops'))!;

  it('keeps audit logs 365 days and operational logs and metrics 90 days, in the region, without shared keys', () => {
    expect(audit).toMatchObject({ location: 'westeurope', retention_in_days: 365, local_authentication_enabled: false, sku: 'PerGB2018' });
    expect(ops).toMatchObject({ location: 'westeurope', retention_in_days: 90, local_authentication_enabled: false });
    expect(audit.tags).toEqual({ 'log-purpose': 'audit' });
    expect(ops.tags).toEqual({ 'log-purpose': 'operations' });
    const tables = resourcesOfType(json, 'azurerm_log_analytics_workspace_table').map((t) => [t.name, t.retention_in_days, t.total_retention_in_days, t.workspace_id.includes('audit-workspace') ? 'audit' : 'operations']);
    const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(tables)).toEqual(sorted([
      ['AzureDiagnostics', 365, 365, 'audit'],
      // Who queried either workspace.
      ['LAQueryLogs', 365, 365, 'audit'],
      ['AzureDiagnostics', 90, 90, 'operations'],
      ['AzureMetrics', 90, 90, 'operations'],
      // The gateway's audit events (Application Insights traces) are kept as audit; its other telemetry 90 days.
      ['AppTraces', 365, 365, 'operations'],
      ['AppRequests', 90, 90, 'operations'],
      ['AppDependencies', 90, 90, 'operations'],
      ['AppExceptions', 90, 90, 'operations'],
      ['AppMetrics', 90, 90, 'operations'],
      ['AppPerformanceCounters', 90, 90, 'operations'],
    ]));
  });

  it('sends Audit to the audit workspace and request logs plus AllMetrics to operations, without retention_policy', () => {
    const settings = resourcesOfType(json, 'azurerm_monitor_diagnostic_setting').filter((d) => d.target_resource_id === target.resourceId);
    expect(settings).toHaveLength(2);
    const [a, o] = settings;
    expect(a).toMatchObject({ target_resource_id: target.resourceId, enabled_log: [{ category: 'Audit' }] });
    expect(a.log_analytics_workspace_id).toContain('audit-workspace');
    expect(a.enabled_metric).toBeUndefined();
    expect(o).toMatchObject({ enabled_log: [{ category: 'RequestResponse' }, { category: 'Trace' }], enabled_metric: [{ category: 'AllMetrics' }] });
    expect(o.log_analytics_workspace_id).toContain('operations-workspace');
    expect(JSON.stringify(settings)).not.toMatch(/retention_policy|"metric"|"log"/);
  });

  it('saves the audit KQL queries in a query pack', () => {
    expect(only(json, 'azurerm_log_analytics_query_pack').location).toBe('westeurope');
    const queries = resourcesOfType(json, 'azurerm_log_analytics_query_pack_query');
    expect(queries.map((q) => q.display_name).sort()).toEqual([
      'Audit trail: who queried the audit workspace',
      'Azure OpenAI: audit events',
      'Azure OpenAI: failed calls',
      'Azure OpenAI: latency percentiles',
      'Azure OpenAI: latest requests',
      'Azure OpenAI: top callers (24 h)',
      'Gateway: blocked prompts by finding type and caller',
      'Gateway: calls by caller and status',
      'Gateway: spend per caller per day',
    ]);
    // The gateway queries read the audit event the gateway writes.
    const { AUDIT_EVENT } = require('../../function/src/core/audit');
    expect(queries.find((q) => q.display_name === 'Gateway: calls by caller and status')!.body).toContain(`{"event":"${AUDIT_EVENT}"`);
    expect(queries.find((q) => q.display_name === 'Azure OpenAI: latest requests')!.body).toMatch(/Category == "RequestResponse"/);
  });

  it('grants auditors Log Analytics Reader on each workspace only', () => {
    const grants = resourcesOfType(json, 'azurerm_role_assignment');
    expect(grants.map((g) => [g.role_definition_name, g.scope])).toEqual([
      ['Log Analytics Reader', expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.diag_audit-workspace_\w+\.id\}$/)],
      ['Log Analytics Reader', expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.diag_operations-workspace_\w+\.id\}$/)],
    ]);
  });

  it('refuses retention outside what Log Analytics supports', () => {
    expect(() => synthJson((s) => new Diagnostics(s, 'diag', { ...located, auditRetention: { interactiveDays: 1000, totalDays: 1095 } }))).toThrow(/auditRetention.interactiveDays must be a whole number of days from 30 to 730, got 1000/);
  });

  it('refuses a total retention the provider rejects or below the interactive one', () => {
    const build = (totalDays: number) => () => synthJson((s) => new Diagnostics(s, 'diag', { ...located, auditRetention: { interactiveDays: 365, totalDays } }));
    expect(build(1000)).toThrow(/auditRetention.totalDays must be .* one of 1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383; got 1000/);
    expect(build(200)).toThrow(/at least the interactive 365 days/);
    expect(build(2191)).not.toThrow();
  });

  it('keeps every audit table, the gateway\'s AppTraces included, for the retention it is given', () => {
    const j = synthJson((s) => {
      const d = new Diagnostics(s, 'diag', { ...located, auditRetention: { interactiveDays: 365, totalDays: 2191 } });
      d.addTarget({ ...target, auditTables: ['AzureDiagnostics', 'LAQueryLogs'] });
    });
    const byName = (name: string, ws: string) => resourcesOfType(j, 'azurerm_log_analytics_workspace_table').find((t) => t.name === name && t.workspace_id.includes(ws));
    expect(byName('AzureDiagnostics', 'audit-workspace')).toMatchObject({ retention_in_days: 365, total_retention_in_days: 2191 });
    expect(byName('LAQueryLogs', 'audit-workspace')).toMatchObject({ retention_in_days: 365, total_retention_in_days: 2191 });
    expect(byName('AppTraces', 'operations-workspace')).toMatchObject({ retention_in_days: 365, total_retention_in_days: 2191 });
    expect(byName('AppRequests', 'operations-workspace')).toMatchObject({ retention_in_days: 90, total_retention_in_days: 90 });
  });

  describe('addTargetsFor', () => {
    const j = synthJson((s) => {
      const d = new Diagnostics(s, 'diag', located);
      const nsg = new NetworkSecurityGroup(s, 'nsg', { name: 'nsg', location: 'westeurope', resourceGroupName: 'rg' });
      new StorageAccount(s, 'st', { name: 'st', location: 'westeurope', resourceGroupName: 'rg', accountTier: 'Standard', accountReplicationType: 'LRS' });
      new ManagedRedis(s, 'redis', { name: 'r', location: 'westeurope', resourceGroupName: 'rg', skuName: 'Balanced_B0', defaultDatabase: {} });
      d.addTarget({ resourceId: nsg.id, diagnosticsLabel: 'explicit-nsg', auditLogCategories: ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'], operationalLogCategories: [], metrics: false });
      d.addTargetsFor(s);
    });
    const settings = resourcesOfType(j, 'azurerm_monitor_diagnostic_setting');
    const to = (ws: string) => settings.filter((d) => d.log_analytics_workspace_id.includes(ws));
    const summary = (list: Record<string, any>[]) =>
      list.map((d) => [d.target_resource_id.replace(/_[0-9A-F]{8}\./, '.'), (d.enabled_log ?? []).map((l: any) => l.category).join(','), d.enabled_metric ? 'AllMetrics' : '']).sort();

    it('sends every audit category of every log-emitting resource to the audit workspace, its table kept as audit', () => {
      expect(summary(to('audit-workspace'))).toEqual([
        ['${azurerm_log_analytics_workspace.diag_audit-workspace.id}', 'Audit', ''],
        ['${azurerm_log_analytics_workspace.diag_operations-workspace.id}', 'Audit', ''],
        ['${azurerm_managed_redis.redis.default_database[0].id}', 'ConnectionEvents', ''],
        ['${azurerm_network_security_group.nsg.id}', 'NetworkSecurityGroupEvent,NetworkSecurityGroupRuleCounter', ''],
        ['${azurerm_storage_account.st.id}/blobServices/default', 'StorageWrite,StorageDelete', ''],
        ['${azurerm_storage_account.st.id}/fileServices/default', 'StorageWrite,StorageDelete', ''],
        ['${azurerm_storage_account.st.id}/queueServices/default', 'StorageWrite,StorageDelete', ''],
        ['${azurerm_storage_account.st.id}/tableServices/default', 'StorageWrite,StorageDelete', ''],
      ]);
      const auditTables = resourcesOfType(j, 'azurerm_log_analytics_workspace_table').filter((t) => t.workspace_id.includes('audit-workspace'));
      expect(auditTables.map((t) => [t.name, t.retention_in_days, t.total_retention_in_days]).sort()).toEqual(
        [
          ['AzureDiagnostics', 365, 365],
          ['LAQueryLogs', 365, 365],
          ['REDConnectionEvents', 365, 365],
          ['StorageBlobLogs', 365, 365],
          ['StorageFileLogs', 365, 365],
          ['StorageQueueLogs', 365, 365],
          ['StorageTableLogs', 365, 365],
        ].sort(),
      );
    });

    it('sends operational categories and metrics to operations, and no metrics where the type has none', () => {
      expect(summary(to('operations-workspace'))).toEqual([
        ['${azurerm_log_analytics_workspace.diag_audit-workspace.id}', 'SummaryLogs', 'AllMetrics'],
        ['${azurerm_log_analytics_workspace.diag_operations-workspace.id}', 'SummaryLogs', 'AllMetrics'],
        ['${azurerm_managed_redis.redis.id}', '', 'AllMetrics'],
        ['${azurerm_storage_account.st.id}', '', 'AllMetrics'],
        ['${azurerm_storage_account.st.id}/blobServices/default', 'StorageRead', 'AllMetrics'],
        ['${azurerm_storage_account.st.id}/fileServices/default', 'StorageRead', 'AllMetrics'],
        ['${azurerm_storage_account.st.id}/queueServices/default', 'StorageRead', 'AllMetrics'],
        ['${azurerm_storage_account.st.id}/tableServices/default', 'StorageRead', 'AllMetrics'],
      ]);
    });

    it('does not add a second setting for a target already added', () => {
      expect(settings.filter((d) => d.target_resource_id.includes('azurerm_network_security_group'))).toHaveLength(1);
    });
  });

  it('audits queries against both workspaces in the audit workspace', () => {
    const toAudit = resourcesOfType(json, 'azurerm_monitor_diagnostic_setting').filter((d) => /azurerm_log_analytics_workspace/.test(d.target_resource_id) && d.log_analytics_workspace_id.includes('audit-workspace'));
    expect(toAudit.map((d) => [d.target_resource_id.match(/diag_(\w+-workspace)/)![1], d.enabled_log])).toEqual([
      ['audit-workspace', [{ category: 'Audit' }]],
      ['operations-workspace', [{ category: 'Audit' }]],
    ]);
  });

  it('saves a query showing who queried the audit trail', () => {
    const q = resourcesOfType(json, 'azurerm_log_analytics_query_pack_query').find((x) => x.display_name === 'Audit trail: who queried the audit workspace')!;
    expect(q.body).toMatch(/^LAQueryLogs\n/);
    for (const column of ['AADEmail', 'AADObjectId', 'RequestClientApp', 'QueryText', 'ResponseRowCount', '_ResourceId']) expect(q.body).toContain(column);
    expect(q.categories).toEqual(['audit', 'security']);
  });
});
