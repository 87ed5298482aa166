import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AzurermProvider, type AzurermProviderConfig } from '@cdktf/provider-azurerm/lib/provider';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { DeployabilityPolicy, DEPLOYABILITY_RULES } from '../../policies';
import { Network } from '../../constructs/network';
import { BudgetAlerts } from '../../constructs/budget-alerts';
import { RESOURCE_PROVIDERS } from '../../stacks/landing-zone-stack';
import { located } from '../helpers/synth';

const base = { location: 'westeurope', resourceGroupName: 'rg' };
const ctx = { today: '2026-12-02', allowedLocations: ['westeurope', 'northeurope'], resourceProviders: [...RESOURCE_PROVIDERS] };

/** Synthesizes `build` with only the deployability pack; returns the synth error, or '' when synth passed. */
function synthError(build: (stack: TerraformStack) => void, context: Partial<typeof ctx> = {}, features: AzurermProviderConfig['features'] = [{ storage: [{ dataPlaneAvailable: false }] }]): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  new AzurermProvider(stack, 'azurerm', { features });
  build(stack);
  Aspects.of(stack).add(new DeployabilityPolicy({ ...ctx, ...context }));
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const flexApp = (s: TerraformStack, overrides: Partial<ConstructorParameters<typeof FunctionAppFlexConsumption>[2]> = {}) =>
  new FunctionAppFlexConsumption(s, 'fn', {
    ...base, name: 'f', servicePlanId: 'plan', runtimeName: 'node', runtimeVersion: '22', storageContainerType: 'blobContainer',
    storageContainerEndpoint: 'https://st.blob.core.windows.net/c', storageAuthenticationType: 'SystemAssignedIdentity', maximumInstanceCount: 40,
    appSettings: { AzureWebJobsStorage__accountName: 'st', AzureWebJobsStorage__credential: 'managedidentity' },
    siteConfig: {},
    ...overrides,
  });

describe('deployability pack', () => {
  it('has one stable, explained rule per problem', () => {
    const ids = DEPLOYABILITY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of DEPLOYABILITY_RULES) expect(r.why.length).toBeGreaterThan(60);
  });

  it('accepts a compliant Flex Consumption app', () => {
    expect(synthError((s) => flexApp(s))).toBe('');
  });

  it('fails a provider that polls private storage data planes', () => {
    const msg = synthError((s) => new StorageAccount(s, 'st', { ...base, name: 'st', accountTier: 'Standard', accountReplicationType: 'LRS', publicNetworkAccessEnabled: false }), {}, [{}]);
    expect(msg).toContain('[fixture/azurerm] deployability/storage-data-plane: features.storage.data_plane_available must be false: fixture/st has public network access off');
    expect(synthError((s) => new StorageAccount(s, 'st', { ...base, name: 'st', accountTier: 'Standard', accountReplicationType: 'LRS', publicNetworkAccessEnabled: false }))).toBe('');
  });

  it('fails zip_deploy_file, an instance ceiling outside 40-1000, an AzureWebJobsStorage override and an unsupported Node.js', () => {
    const msg = synthError((s) =>
      flexApp(s, { zipDeployFile: 'app.zip', maximumInstanceCount: 10, runtimeVersion: '20', appSettings: { AzureWebJobsStorage: '', AzureWebJobsStorage__accountName: 'st' } }),
    );
    for (const m of [
      'flex-zip-deploy: zip_deploy_file must not be set',
      'flex-instance-count: maximum_instance_count must be from 40 to 1000, got 10',
      'flex-host-storage: app_settings must not set AzureWebJobsStorage',
      'flex-host-storage: app_settings must set AzureWebJobsStorage__credential = managedidentity',
      'functions-runtime: runtime_version node 20 reached end of support on Azure Functions on 2026-04-30',
    ]) {
      expect(msg).toContain(`[fixture/fn] deployability/${m}`);
    }
    expect(synthError((s) => flexApp(s, { runtimeVersion: '24' }))).toContain('[fixture/fn] deployability/functions-runtime: runtime_version 24 of node is not a supported Azure Functions version');
  });

  it('fails a subnet with default outbound access off and no way out; passes with a NAT gateway or a firewall route', () => {
    const delegated = (s: TerraformStack) =>
      new Subnet(s, 'integration', {
        name: 'snet', resourceGroupName: 'rg', virtualNetworkName: 'vnet', addressPrefixes: ['10.0.0.0/25'], defaultOutboundAccessEnabled: false,
        delegation: [{ name: 'd', serviceDelegation: { name: 'Microsoft.App/environments' } }],
      });
    expect(synthError(delegated)).toContain('[fixture/integration] deployability/explicit-egress: default outbound access is off and the subnet has neither a NAT gateway nor a 0.0.0.0/0 route');
    expect(synthError((s) => new Network(s, 'network', { ...located, addressSpace: '10.0.0.0/24' }))).toBe('');
    expect(synthError((s) => new Network(s, 'network', { ...located, addressSpace: '10.0.0.0/24', egress: { type: 'firewall', nextHopIp: '10.1.0.4' } }))).toBe('');
  });

  it('fails a public IP that is not a NAT gateway address and an NSG that lets the internet in', () => {
    const msg = synthError((s) => {
      new PublicIp(s, 'pip', { ...base, name: 'pip', allocationMethod: 'Static', sku: 'Standard' });
      new NetworkSecurityGroup(s, 'nsg', {
        ...base, name: 'nsg',
        securityRule: [{ name: 'open-https', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*' }],
      });
    });
    expect(msg).toContain('[fixture/pip] deployability/no-public-inbound-ip: a public IP must be associated with a NAT gateway');
    expect(msg).toContain('[fixture/nsg] deployability/no-public-inbound-rule: security rule "open-https" allows inbound traffic from Internet');
  });

  it('fails a log alert on AppTraces that Azure would validate against a table a new workspace lacks', () => {
    const alert = (s: TerraformStack, skipQueryValidation?: boolean) =>
      new MonitorScheduledQueryRulesAlertV2(s, 'alert', {
        ...base, name: 'a', scopes: ['ws'], evaluationFrequency: 'PT5M', windowDuration: 'PT5M', severity: 2, skipQueryValidation,
        criteria: [{ query: 'AppTraces | where Message has "x"', timeAggregationMethod: 'Count', operator: 'GreaterThan', threshold: 1 }],
      });
    expect(synthError((s) => alert(s))).toContain('[fixture/alert] deployability/log-alert-query-validation: skip_query_validation must be true: the query reads AppTraces');
    expect(synthError((s) => alert(s, true))).toBe('');
  });

  it('fails a budget that starts in a past month or whose ForceNew start date is not ignored after creation', () => {
    const msg = synthError(
      (s) => new ConsumptionBudgetResourceGroup(s, 'budget', { name: 'b', resourceGroupId: 'rg', amount: 1, timeGrain: 'Monthly', timePeriod: { startDate: '2026-11-01T00:00:00Z' }, notification: [] }),
    );
    expect(msg).toContain('[fixture/budget] deployability/budget-start-date: time_period.start_date 2026-11-01T00:00:00Z is in a past month');
    expect(msg).toContain('[fixture/budget] deployability/budget-start-date: lifecycle.ignore_changes must include time_period');
  });

  it('fails a global action group where an allowed region processes them regionally, and a region that does not', () => {
    const group = (s: TerraformStack, location: string) => new MonitorActionGroup(s, 'ag', { name: 'ag', resourceGroupName: 'rg', shortName: 'ag', location });
    const eu = { allowedLocations: ['westeurope', 'swedencentral'] };
    expect(synthError((s) => group(s, 'global'), eu)).toContain('[fixture/ag] deployability/regional-action-group: location must be a regional one (swedencentral offer regional processing), not "global"');
    expect(synthError((s) => group(s, 'westeurope'), eu)).toContain('[fixture/ag] deployability/regional-action-group: location "westeurope" offers no regional action groups');
    expect(synthError((s) => group(s, 'swedencentral'), eu)).toBe('');
    expect(synthError((s) => group(s, 'global'), { allowedLocations: ['australiaeast', 'australiasoutheast'] })).toBe('');
  });

  it('the budget alerts construct picks the regional action group and ignores later start dates', () => {
    const build = (allowedLocations: string[]) => (s: TerraformStack) =>
      new BudgetAlerts(s, 'alerts', { ...located, location: allowedLocations[0], resourceGroupId: 'rg', monthlyAmount: 1, startDate: '2026-12-01', emails: ['a@example.com'], workspaceId: 'ws', allowedLocations });
    expect(synthError(build(['westeurope', 'northeurope', 'swedencentral']), { allowedLocations: ['westeurope', 'northeurope', 'swedencentral'] })).toBe('');
    expect(synthError(build(['australiaeast']), { allowedLocations: ['australiaeast'] })).toBe('');
  });

  it('fails a resource whose resource provider is not registered, or is unknown to the pack', () => {
    const msg = synthError(
      (s) => {
        flexApp(s, { virtualNetworkSubnetId: 'subnet' });
        new KeyVault(s, 'kv', { ...base, name: 'kv', tenantId: 't', skuName: 'standard' });
      },
      { resourceProviders: ['Microsoft.Web'] },
    );
    expect(msg).toContain('[fixture/fn] deployability/resource-providers: resource provider Microsoft.App is not registered (resource_providers_to_register) but azurerm_function_app_flex_consumption needs it');
    expect(msg).toContain('[fixture/kv] deployability/resource-providers: resource type azurerm_key_vault has no resource provider in policies/deployability/aoai-dep-012.ts');
  });
});
