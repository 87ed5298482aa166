import { Testing } from 'cdktf';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { OpenAiAccount } from '../../constructs/openai-account';
import { PrivateLink } from '../../constructs/private-link';
import { Diagnostics } from '../../constructs/diagnostics';
import { Network } from '../../constructs/network';
import { AppStorage } from '../../constructs/app-storage';
import { CostStore } from '../../constructs/cost-store';
import { BudgetAlerts } from '../../constructs/budget-alerts';
import { located } from '../helpers/synth';

/** The same security settings, asserted with cdktf's own jest matchers (Testing.setupJest). */
describe('secure defaults (cdktf matchers)', () => {
  it('OpenAiAccount: private, keyless, deny-by-default', () => {
    const out = Testing.synthScope((s) => new OpenAiAccount(s, 'openai', { ...located, deployments: [] }));
    expect(out).toHaveResourceWithProperties(CognitiveAccount, {
      kind: 'OpenAI',
      public_network_access_enabled: false,
      local_auth_enabled: false,
      outbound_network_access_restricted: true,
      network_acls: { default_action: 'Deny', bypass: 'None', ip_rules: [] },
      identity: { type: 'SystemAssigned' },
    });
  });

  it('PrivateLink: endpoint, zone and zone group', () => {
    const target = { resourceId: 'account-id', privateLinkSubresource: 'account', privateLinkLabel: 'openai' };
    const out = Testing.synthScope((s) => new PrivateLink(s, 'pl', { ...located, target, subnetId: 'subnet', virtualNetworkId: 'vnet' }));
    expect(out).toHaveResourceWithProperties(PrivateDnsZone, { name: 'privatelink.openai.azure.com' });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      subnet_id: 'subnet',
      private_service_connection: { name: 'openai-connection', private_connection_resource_id: 'account-id', subresource_names: ['account'], is_manual_connection: false },
    });
  });

  it('Diagnostics: audit 365 days, operations 90, no workspace keys, no retention_policy', () => {
    const out = Testing.synthScope((s) => {
      new Diagnostics(s, 'diag', located).addTarget({ resourceId: 'r', diagnosticsLabel: 'x', auditLogCategories: ['Audit'], operationalLogCategories: ['RequestResponse'] });
    });
    expect(out).toHaveResourceWithProperties(LogAnalyticsWorkspace, { retention_in_days: 365, local_authentication_enabled: false });
    expect(out).toHaveResourceWithProperties(LogAnalyticsWorkspace, { retention_in_days: 90, local_authentication_enabled: false });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, { enabled_log: [{ category: 'Audit' }] });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, { enabled_metric: [{ category: 'AllMetrics' }] });
    expect(out).not.toMatch(/retention_policy/);
  });

  it('Network: no implicit outbound internet, policies on for private endpoints', () => {
    const out = Testing.synthScope((s) => new Network(s, 'net', { ...located, addressSpace: '10.0.0.0/24' }));
    expect(out).toHaveResourceWithProperties(Subnet, { default_outbound_access_enabled: false, private_endpoint_network_policies: 'Enabled' });
  });

  it('AppStorage, CostStore, BudgetAlerts', () => {
    const out = Testing.synthScope((s) => {
      new AppStorage(s, 'st', located);
      new CostStore(s, 'redis', located);
      new BudgetAlerts(s, 'alerts', { ...located, resourceGroupId: 'rg-id', monthlyAmount: 500, startDate: '2026-12-01', emails: ['a@example.com'], workspaceId: 'ws' });
    });
    expect(out).toHaveResourceWithProperties(StorageAccount, { shared_access_key_enabled: false, public_network_access_enabled: false, min_tls_version: 'TLS1_2' });
    expect(out).toHaveResourceWithProperties(ManagedRedis, {
      public_network_access: 'Disabled',
      default_database: {
        access_keys_authentication_enabled: false,
        client_protocol: 'Encrypted',
        clustering_policy: 'EnterpriseCluster',
        eviction_policy: 'NoEviction',
        persistence_append_only_file_backup_frequency: '1s',
      },
    });
    expect(out).toHaveResourceWithProperties(ConsumptionBudgetResourceGroup, { amount: 500, time_grain: 'Monthly', resource_group_id: 'rg-id' });
  });
});
