import { AzurermProvider, type AzurermProviderFeatures } from '@cdktf/provider-azurerm/lib/provider';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import type { Rule } from '../rule';
import { resourcesOf } from '../util';
import { CHANGE_MANAGEMENT, type DeployabilityContext } from './context';

/** The storage data-plane feature flag of a provider block, or undefined when it is not set. */
function dataPlaneAvailable(provider: AzurermProvider): unknown {
  const features = provider.featuresInput as AzurermProviderFeatures[] | undefined;
  const storage = Array.isArray(features) ? features[0]?.storage : undefined;
  return Array.isArray(storage) ? storage[0]?.dataPlaneAvailable : undefined;
}

export const AOAI_DEP_001: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-001',
  title: 'Private storage: the provider makes no data-plane calls a runner cannot reach',
  severity: 'error',
  label: 'deployability/storage-data-plane',
  why:
    'With public network access off, azurerm 4.55 polls the blob data plane after creating a storage account and reads queue and ' +
    'static-website properties on every refresh (internal/services/storage/storage_account_resource.go:1547, :2327); from a runner ' +
    'without line of sight that is a 403 and a failed plan (hashicorp/terraform-provider-azurerm#25978). features.storage.data_plane_available = false turns these calls off.',
  frameworks: CHANGE_MANAGEMENT,
  controls: [],
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
