import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeStacks } from '../../main';
import { deploymentsFor, projectConfig, stackMatrix } from '../../config';
import { backendsFor } from '../../config/backends';
import { pricingTierFor } from '../../config/pricing';
import { loadGatewayConfig } from '../../function/src/config';
import { all, only, refType, type StackJson } from '../helpers/matrix';
import { jsonencoded } from '../helpers/hcl';

const cfg = projectConfig();
const outdir = mkdtempSync(join(tmpdir(), 'lz-gateway-'));
const stacks = synthesizeStacks({ outdir }); // kept until afterAll: the zip assets are checked too
const stack = (name: string): StackJson => stacks[name];
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe.each(stackMatrix(cfg))('$stackName ships the gateway', ({ stackName, environment, regionProfile }) => {
  const json = stack(stackName);
  const env = cfg.environments[environment];
  const profile = cfg.regionProfiles[regionProfile];
  const fn = only(json, 'azurerm_function_app_flex_consumption');
  const deployments = deploymentsFor(env, regionProfile);

  it('runs a private, keyless, VNet-integrated Flex Consumption app on Node.js 22', () => {
    expect(fn).toMatchObject({
      runtime_name: 'node',
      runtime_version: '22',
      https_only: true,
      public_network_access_enabled: false,
      webdeploy_publish_basic_authentication_enabled: false,
      identity: { type: 'SystemAssigned' },
      storage_container_type: 'blobContainer',
      storage_authentication_type: 'SystemAssignedIdentity',
      maximum_instance_count: env.gateway.maximumInstanceCount,
      site_config: { minimum_tls_version: '1.2', scm_minimum_tls_version: '1.2', remote_debugging_enabled: false, vnet_route_all_enabled: true },
    });
    expect(fn.virtual_network_subnet_id).toMatch(/^\$\{azurerm_subnet\.landing-zone_network_integration-subnet_\w+\.id\}$/);
    expect(only(json, 'azurerm_service_plan')).toMatchObject({ sku_name: 'FC1', os_type: 'Linux' });
  });

  it('ships the bundled zip as the stack asset the post-deploy step publishes (no zip_deploy_file on Flex)', () => {
    expect(fn).not.toHaveProperty('zip_deploy_file');
    const path = json.output!.gateway_package_path.value;
    expect(path).toMatch(/^assets\/landing-zone_gateway_package_\w+\/[0-9A-F]+\/function\.zip$/);
    expect(existsSync(join(outdir, 'stacks', stackName, path))).toBe(true);
    expect(json.output!.gateway_function_name.value).toMatch(/^\$\{azurerm_function_app_flex_consumption\.[\w-]+\.name\}$/);
    expect(json.output!.resource_group_name.value).toMatch(/^\$\{azurerm_resource_group\.[\w-]+\.name\}$/);
  });

  it('takes every app setting from config, in a form the gateway accepts', () => {
    const accounts = all(json, 'azurerm_cognitive_account');
    const account = accounts.find((a) => a.location === profile.location)!;
    const byLocation = new Map(accounts.map((a) => [a.location, a]));
    // The backend pool: every deployment's accounts, primary first, each with its endpoint, region and SKU.
    const pool = Object.fromEntries(
      Object.entries(backendsFor(env, regionProfile, profile)).map(([name, list]) => [
        name,
        list.map((b) => ({ account: byLocation.get(b.location)!.name, endpoint: `https://${byLocation.get(b.location)!.custom_subdomain_name}.openai.azure.com/`, region: b.location, sku: b.sku, priority: b.priority, weight: b.weight })),
      ]),
    );
    expect(fn.app_settings).toEqual({
      AZURE_OPENAI_ENDPOINT: `https://${account.custom_subdomain_name}.openai.azure.com/`,
      AZURE_OPENAI_AUTH: 'managed-identity',
      GATEWAY_AUTH: 'entra',
      ENTRA_TENANT_ID: env.gateway.tenantId,
      ENTRA_AUDIENCE: env.gateway.audience,
      GATEWAY_REQUIRED_ROLE: env.gateway.requiredRole,
      GATEWAY_OPERATOR_ROLE: env.gateway.operatorRole,
      GATEWAY_DEPLOYMENTS: deployments.map((d) => `${d.name}=${d.model}@${pricingTierFor(d.sku)}`).join(','),
      REDIS_URL: expect.stringMatching(/^rediss:\/\/\$\{azurerm_managed_redis\.[\w-]+\.hostname\}:10000$/),
      REDIS_AUTH: 'entra',
      BUDGET_DAILY_USD: String(env.budgets.dailyUsd),
      BUDGET_MONTHLY_USD: String(env.budgets.monthlyUsd),
      BUDGET_CALLER_DAILY_USD: String(env.budgets.callerDailyUsd),
      MAX_TOKENS_PER_REQUEST: String(env.budgets.maxTokensPerRequest),
      DLP_PROFILE: profile.dlpProfile,
      DLP_ACTION: profile.dlpAction,
      AzureWebJobsStorage__accountName: expect.stringMatching(/^\$\{azurerm_storage_account\.[\w-]+\.name\}$/),
      AzureWebJobsStorage__credential: 'managedidentity',
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD',
      GATEWAY_BACKENDS: JSON.stringify(pool),
      GATEWAY_ALLOWED_REGIONS: profile.allowedLocations.join(','),
      GATEWAY_ALLOWED_SKUS: profile.allowedDeploymentSkus.join(','),
    });
    // The runtime's own validation accepts exactly these settings in Azure.
    const resolved = { ...fn.app_settings, REDIS_URL: 'rediss://redis.example.redis.azure.net:10000', WEBSITE_SITE_NAME: fn.name };
    const runtime = loadGatewayConfig(resolved);
    expect(runtime).toMatchObject({ auth: { mode: 'entra' }, redis: { auth: 'entra' }, dlp: { profile: profile.dlpProfile, action: profile.dlpAction } });
    expect(Object.keys(runtime.deployments)).toEqual(deployments.map((d) => d.name));
    expect(Object.fromEntries(Object.entries(runtime.backends).map(([n, l]) => [n, l.map((b) => `${b.account}@${b.region}`)]))).toEqual(
      Object.fromEntries(Object.entries(pool).map(([n, l]) => [n, l.map((b) => `${b.account}@${b.region}`)])),
    );
  });

  it('sends telemetry to workspace-based Application Insights in the operations workspace, Entra ingestion only', () => {
    const ai = only(json, 'azurerm_application_insights');
    expect(ai).toMatchObject({ local_authentication_disabled: true, location: profile.location, application_type: 'Node.JS' });
    expect(ai.workspace_id).toMatch(/operations-workspace/);
  });

  it('keeps storage, Redis and the app behind private endpoints with their private DNS zones', () => {
    const pes = all(json, 'azurerm_private_endpoint').map((p) => `${p.private_service_connection.subresource_names[0]}→${refType(p.private_service_connection.private_connection_resource_id)}`);
    const secondaries = (profile.secondaryAccounts ?? []).map(() => 'account→azurerm_cognitive_account');
    expect(pes.sort()).toEqual(
      [...secondaries, 'account→azurerm_cognitive_account', 'blob→azurerm_storage_account', 'queue→azurerm_storage_account', 'redisEnterprise→azurerm_managed_redis', 'sites→azurerm_function_app_flex_consumption', 'table→azurerm_storage_account'].sort(),
    );
    expect(all(json, 'azurerm_private_dns_zone').map((z) => z.name).sort()).toEqual(
      ['privatelink.azurewebsites.net', 'privatelink.blob.core.windows.net', 'privatelink.openai.azure.com', 'privatelink.queue.core.windows.net', 'privatelink.redis.azure.net', 'privatelink.table.core.windows.net'],
    );
    expect(only(json, 'azurerm_storage_account')).toMatchObject({
      public_network_access_enabled: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      https_traffic_only_enabled: true,
    });
  });

  it('gives the governor an Azure Managed Redis with TLS only, Entra ID auth, no access keys and AOF persistence', async () => {
    expect(only(json, 'azurerm_managed_redis')).toMatchObject({
      public_network_access: 'Disabled',
      sku_name: env.gateway.redisSku,
      default_database: { access_keys_authentication_enabled: false, client_protocol: 'Encrypted', eviction_policy: 'NoEviction', persistence_append_only_file_backup_frequency: '1s' },
    });
    const access = only(json, 'azurerm_resource_group_template_deployment');
    const template = await jsonencoded(access.template_content);
    expect(template.resources[0]).toMatchObject({ type: 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments', properties: { accessPolicyName: 'default' } });
    expect(refType((await jsonencoded(access.parameters_content)).objectId.value)).toBe('azurerm_function_app_flex_consumption');
  });

  it('adds a consumption budget with 50/80/100 % notifications and alerts on 429s and DLP blocks', () => {
    const group = only(json, 'azurerm_monitor_action_group');
    expect(group.email_receiver.map((r: any) => r.email_address)).toEqual(env.budgets.alertEmails);
    const budget = only(json, 'azurerm_consumption_budget_resource_group');
    expect(budget).toMatchObject({ amount: env.budgets.monthlyUsd, time_grain: 'Monthly', time_period: { start_date: '2026-12-01T00:00:00Z' }, lifecycle: { ignore_changes: ['time_period'] } });
    expect(refType(budget.resource_group_id)).toBe('azurerm_resource_group');
    expect(budget.notification.map((n: any) => `${n.threshold_type}:${n.threshold}`)).toEqual(['Actual:50', 'Actual:80', 'Actual:100', 'Forecasted:100']);
    for (const n of budget.notification) expect(refType(n.contact_groups[0])).toBe('azurerm_monitor_action_group');
    const alerts = all(json, 'azurerm_monitor_scheduled_query_rules_alert_v2');
    expect(alerts.map((a) => a.criteria[0].query.split('\n').pop()).sort()).toEqual(['| where toint(e.status) == 429', '| where tostring(e.dlp.action) == "block"']);
    for (const a of alerts) expect(a).toMatchObject({ skip_query_validation: true, scopes: [expect.stringMatching(/operations-workspace/)] });
  });
});
