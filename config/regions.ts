/**
 * Azure regions the project knows, with the short codes used in resource names.
 * A location outside this table is rejected when the configuration loads, so a
 * typo such as "westeurop" can never reach a deployment.
 */
export const AZURE_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  australiacentral: 'auc',
  australiaeast: 'aue',
  australiasoutheast: 'ause',
  canadacentral: 'cac',
  eastus: 'eus',
  eastus2: 'eus2',
  francecentral: 'frc',
  germanywestcentral: 'gwc',
  italynorth: 'itn',
  japaneast: 'jpe',
  northcentralus: 'ncus',
  northeurope: 'neu',
  norwayeast: 'noe',
  polandcentral: 'plc',
  southcentralus: 'scus',
  spaincentral: 'spc',
  swedencentral: 'sdc',
  switzerlandnorth: 'szn',
  uksouth: 'uks',
  westeurope: 'weu',
  westus: 'wus',
  westus3: 'wus3',
});

export function isKnownRegion(location: string): boolean {
  return Object.prototype.hasOwnProperty.call(AZURE_REGIONS, location);
}

export function regionShortName(location: string): string {
  if (!isKnownRegion(location)) {
    throw new Error(`Unknown Azure region "${location}"; known regions: ${Object.keys(AZURE_REGIONS).join(', ')}`);
  }
  return AZURE_REGIONS[location];
}

/**
 * Regions where Azure Monitor offers regional processing for action groups; elsewhere an action
 * group can only be global. https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups
 * ("Region": regional processing in these regions). azurerm 4.55 accepts a region or "global"
 * (monitor_action_group_resource.go:66-79).
 */
export const REGIONAL_ACTION_GROUP_LOCATIONS: readonly string[] = [
  'eastus',
  'eastus2',
  'westus',
  'westus2',
  'southcentralus',
  'northcentralus',
  'swedencentral',
  'germanywestcentral',
  'centralindia',
  'southindia',
];
