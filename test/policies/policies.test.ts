import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { AuditTrailPolicy, RequiredTagsPolicy, ResidencyPolicy, SecurityBaselinePolicy } from '../../policies';
import { OpenAiAccount } from '../../constructs/openai-account';
import { PrivateLink } from '../../constructs/private-link';
import { Diagnostics } from '../../constructs/diagnostics';
import { located } from '../helpers/synth';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { PrivateLink as PrivateLinkConstruct } from '../../constructs/private-link';

const TAGS = ['environment', 'owner'];
const goodTags = { environment: 'dev', owner: 'platform' };

/** A stack with all policies applied; `build` adds the fixture. Returns the synth error message, or '' if synth passed. */
function synthError(build: (stack: TerraformStack) => void): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  build(stack);
  Aspects.of(stack).add(new ResidencyPolicy('europe', ['westeurope', 'northeurope']));
  Aspects.of(stack).add(new SecurityBaselinePolicy());
  Aspects.of(stack).add(new RequiredTagsPolicy(TAGS));
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The audit trail pack alone over `build`; the synth error, or ''. */
function auditTrailError(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), 'fixture');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  build(stack);
  Aspects.of(stack).add(new AuditTrailPolicy('europe', { interactiveDays: 90, totalDays: 90 }));
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** A compliant account: private endpoint and diagnostics attached. */
function compliantAccount(stack: TerraformStack, overrides: Partial<ConstructorParameters<typeof OpenAiAccount>[2]> = {}) {
  const props = { ...located, tags: goodTags };
  const account = new OpenAiAccount(stack, 'openai', { ...props, deployments: [], ...overrides });
  new PrivateLink(stack, 'pl', { ...props, target: account, subnetId: 'subnet', virtualNetworkId: 'vnet' });
  new Diagnostics(stack, 'diag', props).addTarget(account);
  return account;
}

describe('synth-time policies', () => {
  it('accept a compliant fixture', () => {
    expect(synthError((s) => compliantAccount(s))).toBe('');
  });

  describe('residency', () => {
    it('fails a resource outside the profile, naming its path', () => {
      const msg = synthError((s) => new ResourceGroup(s, 'rogue-rg', { name: 'rg', location: 'eastus', tags: goodTags }));
      expect(msg).toContain('[fixture/rogue-rg] residency: location "eastus" is outside region profile "europe" (allowed: westeurope, northeurope)');
    });

    it('fails a location that cannot be checked at synth time', () => {
      const msg = synthError((s) => {
        const rg = new ResourceGroup(s, 'rg', { name: 'rg', location: 'westeurope', tags: goodTags });
        compliantAccount(s, { location: rg.location });
      });
      expect(msg).toContain('[fixture/openai/account] residency: location must be a literal region');
    });

    it('checks every located resource of the composed constructs', () => {
      const msg = synthError((s) => compliantAccount(s, { location: 'australiaeast' }));
      expect(msg).toContain('[fixture/openai/account] residency: location "australiaeast"');
    });
  });

  describe('security baseline', () => {
    it('fails an account with public network access on', () => {
      expect(synthError((s) => compliantAccount(s, { publicNetworkAccessEnabled: true }))).toContain(
        '[fixture/openai/account] security-baseline: public network access must be disabled',
      );
    });

    it('fails an account with local (key) auth on', () => {
      expect(synthError((s) => compliantAccount(s, { localAuthEnabled: true }))).toContain(
        '[fixture/openai/account] security-baseline: local (key) authentication must be disabled',
      );
    });

    it('fails an account without a private endpoint or diagnostic setting', () => {
      const bare = (s: TerraformStack) =>
        new CognitiveAccount(s, 'bare', {
          name: 'a', kind: 'OpenAI', skuName: 'S0', location: 'westeurope', resourceGroupName: 'rg', tags: goodTags,
          publicNetworkAccessEnabled: false, localAuthEnabled: false,
        });
      const msg = synthError(bare);
      expect(msg).toContain('[fixture/bare] security-baseline: no private endpoint connects to this account');
      // An account without a diagnostic setting is the audit trail rule's (AOAI-LOG-001) to fail.
      expect(msg).not.toContain('no diagnostic setting collects');
      expect(auditTrailError(bare)).toContain('[fixture/bare] audit-trail: no diagnostic setting sends its audit logs (Audit');
    });

    it('does not count an endpoint that targets another account', () => {
      const msg = synthError((s) => {
        compliantAccount(s);
        new CognitiveAccount(s, 'second', {
          name: 'b', kind: 'OpenAI', skuName: 'S0', location: 'westeurope', resourceGroupName: 'rg', tags: goodTags,
          publicNetworkAccessEnabled: false, localAuthEnabled: false,
        });
      });
      expect(msg).toContain('[fixture/second] security-baseline: no private endpoint connects to this account');
      expect(msg).not.toContain('[fixture/openai/account] security-baseline');
    });
  });

  describe('least privilege', () => {
    const assign = (s: TerraformStack, id: string, props: Partial<ConstructorParameters<typeof RoleAssignment>[2]>) =>
      new RoleAssignment(s, id, { principalId: 'p', scope: '/subscriptions/s/resourceGroups/rg', roleDefinitionName: 'Reader', ...props });

    it.each([
      ['Owner', { roleDefinitionName: 'Owner' }],
      ['Contributor', { roleDefinitionName: 'contributor' }],
      ['User Access Administrator', { roleDefinitionName: 'User Access Administrator' }],
      ['Contributor by id', { roleDefinitionName: undefined, roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c' }],
    ])('fails an owner-class role (%s)', (_name, props) => {
      expect(synthError((s) => assign(s, 'too-strong', props))).toMatch(/\[fixture\/too-strong\] least-privilege: role ".*" is not allowed/);
    });

    it('fails a subscription scope, literal or referenced', () => {
      const msg = synthError((s) => {
        assign(s, 'literal-sub', { scope: '/subscriptions/00000000-0000-0000-0000-000000000000' });
        const sub = new DataAzurermSubscription(s, 'current');
        assign(s, 'ref-sub', { scope: sub.id });
        assign(s, 'mg', { scope: '/providers/Microsoft.Management/managementGroups/root' });
      });
      expect(msg).toContain('[fixture/literal-sub] least-privilege: scope "/subscriptions/00000000-0000-0000-0000-000000000000" is wider than a resource group');
      expect(msg).toContain('[fixture/ref-sub] least-privilege: scope ${data.azurerm_subscription.current.id} is wider than a resource group');
      expect(msg).toContain('[fixture/mg] least-privilege: scope "/providers/Microsoft.Management/managementGroups/root" is wider');
    });

    it('accepts resource-group and resource scopes', () => {
      expect(synthError((s) => {
        assign(s, 'rg-scope', {});
        const a = compliantAccount(s);
        a.grantUse({ principalId: 'p', displayName: 'users' });
      })).toBe('');
    });
  });

  describe('tags', () => {
    it('fails a taggable resource missing a mandatory tag', () => {
      const msg = synthError((s) => new ResourceGroup(s, 'untagged', { name: 'rg', location: 'westeurope', tags: { environment: 'dev', owner: ' ' } }));
      expect(msg).toContain('[fixture/untagged] tags: missing mandatory tag(s): owner');
    });
  });

  describe('gateway resources', () => {
    const base = { location: 'westeurope', resourceGroupName: 'rg', tags: goodTags };

    it('fails storage with shared keys, public access, old TLS, public blobs or no private endpoint', () => {
      const msg = synthError(
        (s) => new StorageAccount(s, 'st', { ...base, name: 'st', accountTier: 'Standard', accountReplicationType: 'LRS', sharedAccessKeyEnabled: true, publicNetworkAccessEnabled: true, minTlsVersion: 'TLS1_0', allowNestedItemsToBePublic: true }),
      );
      for (const m of ['public_network_access_enabled must be false', 'shared_access_key_enabled must be false', 'min_tls_version must be "TLS1_2"', 'allow_nested_items_to_be_public must be false', 'no private endpoint connects to this resource']) {
        expect(msg).toContain(`[fixture/st] security-baseline: ${m}`);
      }
    });

    it('fails Redis reachable publicly, with access keys or without TLS', () => {
      const msg = synthError(
        (s) => new ManagedRedis(s, 'redis', { ...base, name: 'r', skuName: 'Balanced_B0', publicNetworkAccess: 'Enabled', defaultDatabase: { accessKeysAuthenticationEnabled: true, clientProtocol: 'Plaintext' } }),
      );
      expect(msg).toContain('[fixture/redis] security-baseline: public_network_access must be "Disabled"');
      expect(msg).toContain('[fixture/redis] security-baseline: default_database.access_keys_authentication_enabled must be false');
      expect(msg).toContain('[fixture/redis] security-baseline: default_database.client_protocol must be "Encrypted" (TLS only)');
    });

    it('fails a Function app that is public, allows basic publishing, old TLS or remote debugging', () => {
      const msg = synthError(
        (s) =>
          new FunctionAppFlexConsumption(s, 'fn', {
            ...base, name: 'f', servicePlanId: 'plan', runtimeName: 'node', runtimeVersion: '20', storageContainerType: 'blobContainer',
            storageContainerEndpoint: 'https://st.blob.core.windows.net/c', storageAuthenticationType: 'SystemAssignedIdentity',
            publicNetworkAccessEnabled: true, httpsOnly: false, webdeployPublishBasicAuthenticationEnabled: true,
            siteConfig: { minimumTlsVersion: '1.0', remoteDebuggingEnabled: true },
          }),
      );
      for (const m of ['public_network_access_enabled must be false', 'https_only must be true', 'webdeploy_publish_basic_authentication_enabled must be false', 'site_config.minimum_tls_version must be 1.2 or higher', 'site_config.remote_debugging_enabled must be false', 'a system-assigned identity is required', 'no private endpoint connects to this resource']) {
        expect(msg).toContain(`[fixture/fn] security-baseline: ${m}`);
      }
    });

    it('counts a private endpoint to the storage account as private', () => {
      const msg = synthError((s) => {
        const st = new StorageAccount(s, 'st', { ...base, name: 'st', accountTier: 'Standard', accountReplicationType: 'LRS', sharedAccessKeyEnabled: false, publicNetworkAccessEnabled: false, minTlsVersion: 'TLS1_2', allowNestedItemsToBePublic: false });
        new PrivateLinkConstruct(s, 'pl', { ...located, tags: goodTags, target: { resourceId: st.id, privateLinkSubresource: 'blob', privateLinkLabel: 'blob' }, subnetId: 's', virtualNetworkId: 'v' });
      });
      expect(msg).toBe('');
    });

    it('fails Application Insights that accepts instrumentation keys', () => {
      expect(synthError((s) => new ApplicationInsights(s, 'ai', { ...base, name: 'ai', applicationType: 'Node.JS' }))).toContain(
        '[fixture/ai] security-baseline: local_authentication_disabled must be true',
      );
    });

    it('lets only global-only resource types say "global"', () => {
      expect(synthError((s) => new MonitorActionGroup(s, 'ag', { name: 'ag', resourceGroupName: 'rg', shortName: 'ag', location: 'global', tags: goodTags }))).toBe('');
      expect(synthError((s) => new ResourceGroup(s, 'rg-global', { name: 'rg', location: 'global', tags: goodTags }))).toContain('[fixture/rg-global] residency: location "global"');
    });
  });
});
