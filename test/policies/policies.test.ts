import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { RequiredTagsPolicy, ResidencyPolicy, SecurityBaselinePolicy } from '../../policies';
import { OpenAiAccount } from '../../constructs/openai-account';
import { PrivateLink } from '../../constructs/private-link';
import { Diagnostics } from '../../constructs/diagnostics';
import { located } from '../helpers/synth';

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
      const msg = synthError(
        (s) =>
          new CognitiveAccount(s, 'bare', {
            name: 'a', kind: 'OpenAI', skuName: 'S0', location: 'westeurope', resourceGroupName: 'rg', tags: goodTags,
            publicNetworkAccessEnabled: false, localAuthEnabled: false,
          }),
      );
      expect(msg).toContain('[fixture/bare] security-baseline: no private endpoint connects to this account');
      expect(msg).toContain("[fixture/bare] security-baseline: no diagnostic setting collects this account's logs");
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
});
