import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

export const AOAI_DEP_004: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-004',
  title: 'Flex Consumption host storage is identity-based, with no empty-key connection string',
  severity: 'error',
  label: 'deployability/flex-host-storage',
  why:
    'With identity-based storage, azurerm 4.55 still writes AzureWebJobsStorage as a connection string with an empty key ' +
    '(function_app_flex_consumption_resource.go:448, helpers/function_app_schema.go:2077; hashicorp/terraform-provider-azurerm#29693). ' +
    'An AzureWebJobsStorage override is moved into storage_access_key on read (function_app_flex_consumption_resource.go:1081): a diff on every plan. ' +
    'The host must find AzureWebJobsStorage__accountName with a managed identity, and the post-deploy step removes the broken value.',
  // The host reaches its storage with its identity, not a shared key.
  frameworks: withChangeManagement({ 'ISO 27001': ['A.8.5'], 'SOC 2': ['CC6.1'], FedRAMP: ['IA-5'], HIPAA: ['164.312(d)'] }),
  controls: ['keyless-auth'],
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
