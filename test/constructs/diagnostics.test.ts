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
    const tables = resourcesOfType(json, 'azurerm_log_analytics_workspace_table').map((t) => [t.name, t.retention_in_days, t.total_retention_in_days, t.workspace_id]);
    expect(tables).toEqual([
      ['AzureDiagnostics', 365, 365, expect.stringContaining('audit-workspace')],
      ['AzureDiagnostics', 90, 90, expect.stringContaining('operations-workspace')],
      ['AzureMetrics', 90, 90, expect.stringContaining('operations-workspace')],
    ]);
  });

  it('sends Audit to the audit workspace and request logs plus AllMetrics to operations, without retention_policy', () => {
    const settings = resourcesOfType(json, 'azurerm_monitor_diagnostic_setting');
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
    expect(() => synthJson((s) => new Diagnostics(s, 'diag', { ...located, auditRetentionDays: 1000 }))).toThrow(/auditRetentionDays must be a whole number of days from 30 to 730, got 1000/);
  });
});
