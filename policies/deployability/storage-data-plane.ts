import { AzurermProvider, type AzurermProviderFeatures } from '@cdktf/provider-azurerm/lib/provider';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { resourcesOf } from '../util';
import type { DeployabilityRule } from './rule';

/** The storage data-plane feature flag of a provider block, or undefined when it is not set. */
function dataPlaneAvailable(provider: AzurermProvider): unknown {
  const features = provider.featuresInput as AzurermProviderFeatures[] | undefined;
  const storage = Array.isArray(features) ? features[0]?.storage : undefined;
  return Array.isArray(storage) ? storage[0]?.dataPlaneAvailable : undefined;
}

export const storageDataPlaneRule: DeployabilityRule = {
  id: 'storage-data-plane',
  why:
    'With public network access off, azurerm 4.55 polls the blob data plane after creating a storage account and reads queue and ' +
    'static-website properties on every refresh (internal/services/storage/storage_account_resource.go:1547, :2327); from a runner ' +
    'without line of sight that is a 403 and a failed plan (hashicorp/terraform-provider-azurerm#25978). features.storage.data_plane_available = false turns these calls off.',
  appliesTo: (node) => node instanceof AzurermProvider,
  check: (node) => {
    const privateStorage = resourcesOf<StorageAccount>(node, StorageAccount).filter((s) => s.publicNetworkAccessEnabledInput === false);
    if (privateStorage.length === 0) return [];
    return [
      dataPlaneAvailable(node as AzurermProvider) === false
        ? undefined
        : `features.storage.data_plane_available must be false: ${privateStorage.map((s) => s.node.path).join(', ')} ${privateStorage.length > 1 ? 'have' : 'has'} public network access off`,
    ];
  },
};
