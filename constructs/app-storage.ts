import { Construct } from 'constructs';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { grantRole, ROLES } from './grants';
import { resourceName } from './naming';
import type { IPrivateLinkTarget, LocatedProps, PrincipalRef } from './types';

export interface AppStorageProps extends LocatedProps {
  /** Blob container that holds the Function app's deployment package. @default 'app-package' */
  readonly deploymentContainerName?: string;
  /** @default 'ZRS' */
  readonly replication?: 'LRS' | 'ZRS' | 'GRS' | 'GZRS';
}

/**
 * The Function app's storage: identity-only (shared keys off, OAuth by default), private
 * (public network access off, reached through private endpoints), TLS 1.2, no public blobs.
 */
export class AppStorage extends Construct {
  readonly account: StorageAccount;
  readonly deploymentContainer: StorageContainer;
  /** One private-link target per sub-resource the Functions host uses. */
  readonly blob: IPrivateLinkTarget;
  readonly queue: IPrivateLinkTarget;
  readonly table: IPrivateLinkTarget;

  constructor(scope: Construct, id: string, props: AppStorageProps) {
    super(scope, id);
    this.account = new StorageAccount(this, 'account', {
      name: resourceName('storageAccount', props.naming, 'func'),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: props.replication ?? 'ZRS',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      publicNetworkAccessEnabled: false,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      localUserEnabled: false,
      networkRules: { defaultAction: 'Deny', bypass: ['None'] },
    });
    this.deploymentContainer = new StorageContainer(this, 'deployment-container', {
      name: props.deploymentContainerName ?? 'app-package',
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
    const target = (sub: string): IPrivateLinkTarget => ({ resourceId: this.account.id, privateLinkSubresource: sub, privateLinkLabel: `st-${sub}` });
    this.blob = target('blob');
    this.queue = target('queue');
    this.table = target('table');
  }

  /** What the Functions host needs with identity-based storage: blob owner, queue and table contributor, on this account only. */
  grantFunctionsHost(principal: PrincipalRef): RoleAssignment[] {
    return [ROLES.storageBlobDataOwner, ROLES.storageQueueDataContributor, ROLES.storageTableDataContributor].map((role) =>
      grantRole(this, this.account.id, role, principal),
    );
  }
}
