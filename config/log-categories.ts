/**
 * Resource-log categories of every resource type a landing zone creates, as Azure Monitor
 * lists them ("Supported logs for <type>", https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/),
 * with the Log Analytics table each lands in and where the landing zone sends it:
 * `audit` categories to the audit workspace (kept the profile's audit retention), the others to
 * the operations workspace. Category names are free strings in azurerm v4.55.0
 * (internal/services/monitor/monitor_diagnostic_setting_resource.go:119-128: StringIsNotEmpty),
 * so this table is what keeps them right.
 *
 * Keyed by Terraform type: the constructs (constructs/log-sources.ts), the audit-trail rule and
 * the compliance report all read it.
 */
export interface LogCategory {
  readonly category: string;
  /** The Log Analytics table the category writes to. */
  readonly table: string;
  readonly audit: boolean;
}

export interface ResourceLogs {
  /** Azure resource type of the diagnostic setting's target. */
  readonly azureType: string;
  /** Short label for construct ids and setting names, e.g. `blob`. */
  readonly label: string;
  /** The target, relative to the Terraform resource: an attribute and an optional id suffix. */
  readonly attribute: string;
  readonly suffix?: string;
  readonly categories: readonly LogCategory[];
  /** Whether the target publishes platform metrics (`AllMetrics`, sent to operations). */
  readonly metrics: boolean;
  /** Microsoft Learn's supported-logs table for the type. */
  readonly source: string;
}

const learn = (page: string) => `https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/${page}-logs`;

/** A target with platform metrics and no resource-log categories. */
const metricsOnly = (azureType: string, label: string, metricsPage: string): ResourceLogs => ({
  azureType,
  label,
  attribute: 'id',
  categories: [],
  metrics: true,
  source: `https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/${metricsPage}-metrics`,
});

const storageService = (service: 'blob' | 'queue' | 'table' | 'file', table: string): ResourceLogs => ({
  azureType: `Microsoft.Storage/storageAccounts/${service}Services`,
  label: service,
  attribute: 'id',
  suffix: `/${service}Services/default`,
  // Writes and deletes change the gateway's code package and host state: audit. Reads (the
  // Functions host polls its leases all day) are operational.
  categories: [
    { category: 'StorageWrite', table, audit: true },
    { category: 'StorageDelete', table, audit: true },
    { category: 'StorageRead', table, audit: false },
  ],
  metrics: true,
  source: learn(`microsoft-storage-storageaccounts-${service}services`),
});

/** Every diagnostics target per Terraform resource type (logs, or metrics only where `categories` is empty). */
export const RESOURCE_LOGS: Readonly<Record<string, readonly ResourceLogs[]>> = {
  azurerm_cognitive_account: [
    {
      azureType: 'Microsoft.CognitiveServices/accounts',
      label: 'openai',
      attribute: 'id',
      // Every category of Cognitive Services lands in AzureDiagnostics.
      categories: [
        { category: 'Audit', table: 'AzureDiagnostics', audit: true },
        { category: 'RequestResponse', table: 'AzureDiagnostics', audit: false },
        { category: 'Trace', table: 'AzureDiagnostics', audit: false },
        { category: 'AzureOpenAIRequestUsage', table: 'AzureDiagnostics', audit: false },
      ],
      metrics: true,
      source: learn('microsoft-cognitiveservices-accounts'),
    },
  ],
  // The account itself has metrics only; its services have the logs.
  azurerm_storage_account: [
    metricsOnly('Microsoft.Storage/storageAccounts', 'st', 'microsoft-storage-storageaccounts'),
    storageService('blob', 'StorageBlobLogs'),
    storageService('queue', 'StorageQueueLogs'),
    storageService('table', 'StorageTableLogs'),
    storageService('file', 'StorageFileLogs'),
  ],
  // Azure Managed Redis: logs on the database, metrics on the cluster (azurerm_managed_redis holds both;
  // default_database.id is the database id, internal/services/managedredis/managed_redis_resource.go:139).
  azurerm_managed_redis: [
    {
      azureType: 'Microsoft.Cache/redisEnterprise/databases',
      label: 'redis-db',
      attribute: 'default_database[0].id',
      categories: [{ category: 'ConnectionEvents', table: 'REDConnectionEvents', audit: true }],
      metrics: false,
      source: learn('microsoft-cache-redisenterprise-databases'),
    },
    metricsOnly('Microsoft.Cache/redisEnterprise', 'redis', 'microsoft-cache-redisenterprise'),
  ],
  // Flex Consumption apps are Microsoft.Web/sites. FunctionAppLogs carries each invocation and what the
  // code logged (the gateway's audit events included): audit. The App Service categories for Easy Auth,
  // IP restrictions, console, HTTP and platform logs are left out (see README, Audit trail).
  azurerm_function_app_flex_consumption: [
    {
      azureType: 'Microsoft.Web/sites',
      label: 'func',
      attribute: 'id',
      categories: [{ category: 'FunctionAppLogs', table: 'FunctionAppLogs', audit: true }],
      metrics: true,
      source: learn('microsoft-web-sites'),
    },
  ],
  // NSGs write to AzureDiagnostics only and publish no platform metrics. Both categories show which
  // rule applied and how often the deny rules hit: audit. (Flow logs are Network Watcher, not a setting.)
  azurerm_network_security_group: [
    {
      azureType: 'Microsoft.Network/networkSecurityGroups',
      label: 'nsg',
      attribute: 'id',
      categories: [
        { category: 'NetworkSecurityGroupEvent', table: 'AzureDiagnostics', audit: true },
        { category: 'NetworkSecurityGroupRuleCounter', table: 'AzureDiagnostics', audit: true },
      ],
      metrics: false,
      source: learn('microsoft-network-networksecuritygroups'),
    },
  ],
  // DDoS protection alerts for the VNet's public addresses (none today; kept so one added later is covered).
  azurerm_virtual_network: [
    {
      azureType: 'Microsoft.Network/virtualNetworks',
      label: 'vnet',
      attribute: 'id',
      categories: [{ category: 'VMProtectionAlerts', table: 'AzureDiagnostics', audit: true }],
      metrics: true,
      source: learn('microsoft-network-virtualnetworks'),
    },
  ],
  // Audit → LAQueryLogs: every query against the workspace, so reading the audit trail is itself audited.
  azurerm_log_analytics_workspace: [
    {
      azureType: 'Microsoft.OperationalInsights/workspaces',
      label: 'log',
      attribute: 'id',
      categories: [
        { category: 'Audit', table: 'LAQueryLogs', audit: true },
        { category: 'SummaryLogs', table: 'LASummaryLogs', audit: false },
      ],
      metrics: true,
      source: learn('microsoft-operationalinsights-workspaces'),
    },
  ],
};

/**
 * Types the stacks create that emit no resource logs, or whose logs reach the workspaces another
 * way; the audit-trail rule and the report name them so a new type is a decision, not an omission.
 */
export const NO_RESOURCE_LOGS: Readonly<Record<string, string>> = {
  azurerm_application_insights: 'its telemetry is written to the linked workspace (AppRequests, AppTraces …), retention set there',
  azurerm_service_plan: 'Flex Consumption plan: the app\'s own setting (FunctionAppLogs) collects the workload logs',
  azurerm_private_endpoint: 'metrics only, no resource-log categories',
  azurerm_private_dns_zone: 'metrics only, no resource-log categories',
  azurerm_log_analytics_query_pack: 'no resource-log categories; changes are in the Activity log',
  azurerm_monitor_action_group: 'global resource without resource-log categories',
  azurerm_monitor_scheduled_query_rules_alert_v2: 'alert evaluations are in the Activity log and Azure Monitor alerts, not resource logs',
};

/** The Log Analytics tables the audit categories of all known types land in. */
export const AUDIT_TABLES: readonly string[] = [
  ...new Set(Object.values(RESOURCE_LOGS).flatMap((specs) => specs.flatMap((s) => s.categories.filter((c) => c.audit).map((c) => c.table)))),
];

/** Tag on each Log Analytics workspace saying what it holds: `audit` or `operations`. */
export const LOG_PURPOSE_TAG = 'log-purpose';
