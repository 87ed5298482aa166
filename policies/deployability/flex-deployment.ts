import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { DeployabilityRule } from './rule';

export const flexZipDeployRule: DeployabilityRule = {
  id: 'flex-zip-deploy',
  why:
    "azurerm 4.55's zip_deploy_file posts to /api/zipdeploy (internal/services/appservice/helpers/publish_app.go:116), which Flex Consumption " +
    'does not support (hashicorp/terraform-provider-azurerm#29630, https://learn.microsoft.com/azure/azure-functions/deployment-zip-push); ' +
    'the package is published with OneDeploy after cdktf deploy (stacks/deploy-gateway.ts).',
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => [
    (node as FunctionAppFlexConsumption).zipDeployFileInput === undefined
      ? undefined
      : 'zip_deploy_file must not be set: Flex Consumption has no /api/zipdeploy; publish the package with stacks/deploy-gateway.ts',
  ],
};

/** azurerm 4.55: maximum_instance_count is IntBetween(40, 1000) (function_app_flex_consumption_resource.go:191). */
export const FLEX_INSTANCE_RANGE = [40, 1000] as const;

export const flexInstanceCountRule: DeployabilityRule = {
  id: 'flex-instance-count',
  why: 'azurerm 4.55 validates maximum_instance_count with IntBetween(40, 1000) (internal/services/appservice/function_app_flex_consumption_resource.go:191): terraform validate fails outside it.',
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => {
    const n = (node as FunctionAppFlexConsumption).maximumInstanceCountInput;
    if (n === undefined || typeof n !== 'number') return [];
    const [min, max] = FLEX_INSTANCE_RANGE;
    return [n >= min && n <= max ? undefined : `maximum_instance_count must be from ${min} to ${max}, got ${n}`];
  },
};

export const flexHostStorageRule: DeployabilityRule = {
  id: 'flex-host-storage',
  why:
    'With identity-based storage, azurerm 4.55 still writes AzureWebJobsStorage as a connection string with an empty key ' +
    '(function_app_flex_consumption_resource.go:448, helpers/function_app_schema.go:2077; hashicorp/terraform-provider-azurerm#29693). ' +
    'An AzureWebJobsStorage override is moved into storage_access_key on read (function_app_flex_consumption_resource.go:1081): a diff on every plan. ' +
    'The host must find AzureWebJobsStorage__accountName with a managed identity, and the post-deploy step removes the broken value.',
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => {
    const app = node as FunctionAppFlexConsumption;
    if (app.storageAuthenticationTypeInput === 'StorageAccountConnectionString') return [];
    const settings = (app.appSettingsInput ?? {}) as Record<string, string>;
    const keys = Object.keys(settings);
    const has = (name: string) => keys.some((k) => k.toLowerCase() === name.toLowerCase());
    return [
      has('AzureWebJobsStorage')
        ? 'app_settings must not set AzureWebJobsStorage: the provider reads it back into storage_access_key, so every plan shows a diff'
        : undefined,
      has('AzureWebJobsStorage__accountName') || has('AzureWebJobsStorage__blobServiceUri')
        ? undefined
        : 'app_settings must set AzureWebJobsStorage__accountName (identity-based host storage)',
      has('AzureWebJobsStorage__credential') && String(settings[keys.find((k) => k.toLowerCase() === 'azurewebjobsstorage__credential')!]).toLowerCase() === 'managedidentity'
        ? undefined
        : 'app_settings must set AzureWebJobsStorage__credential = managedidentity',
    ];
  },
};

/**
 * Language versions Azure Functions supports, with the day support ends
 * (https://learn.microsoft.com/azure/azure-functions/functions-versions#languages). A version not
 * listed is refused: add it here when Azure adds it.
 */
export const FUNCTIONS_RUNTIME_SUPPORT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  node: { '18': '2025-04-30', '20': '2026-04-30', '22': '2027-04-30' },
};

export const functionsRuntimeRule: DeployabilityRule = {
  id: 'functions-runtime',
  why: 'Azure Functions stops supporting a language version on a fixed day (Node.js 20: 2026-04-30); a new app on it is refused or unsupported.',
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node, ctx) => {
    const app = node as FunctionAppFlexConsumption;
    const name = app.runtimeNameInput ?? '';
    const version = app.runtimeVersionInput ?? '';
    const table = FUNCTIONS_RUNTIME_SUPPORT[name];
    if (!table) return [];
    const end = table[version];
    if (end === undefined) return [`runtime_version ${version} of ${name} is not a supported Azure Functions version (known: ${Object.keys(table).join(', ')})`];
    return [end <= ctx.today ? `runtime_version ${name} ${version} reached end of support on Azure Functions on ${end}` : undefined];
  },
};
