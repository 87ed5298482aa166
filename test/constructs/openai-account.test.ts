import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { OpenAiAccount } from '../../constructs/openai-account';
import { located, only, resourcesOfType, synthJson } from '../helpers/synth';

const deployments = [
  { name: 'gpt-4o', model: 'gpt-4o', version: '2024-11-20', sku: 'Standard' as const, capacity: 10 },
  { name: 'emb', model: 'text-embedding-3-small', version: '1', sku: 'Standard' as const, capacity: 5 },
];

describe('OpenAiAccount', () => {
  it('is private and keyless by default', () => {
    const json = synthJson((s) => new OpenAiAccount(s, 'openai', { ...located, deployments }));
    const account = only(json, CognitiveAccount.tfResourceType);
    expect(account).toMatchObject({
      kind: 'OpenAI',
      sku_name: 'S0',
      location: 'westeurope',
      public_network_access_enabled: false,
      local_auth_enabled: false,
      outbound_network_access_restricted: true,
      fqdns: [],
      identity: { type: 'SystemAssigned' },
      network_acls: { default_action: 'Deny', bypass: 'None', ip_rules: [] },
    });
    expect(account.custom_subdomain_name).toMatch(/^oai-test-dev-weu-[0-9a-f]{6}$/);
    expect(account.customer_managed_key).toBeUndefined();
  });

  it('creates each deployment with a pinned version, one after another', () => {
    const json = synthJson((s) => new OpenAiAccount(s, 'openai', { ...located, deployments }));
    const byName = Object.fromEntries(resourcesOfType(json, 'azurerm_cognitive_deployment').map((d) => [d.name, d]));
    const deps = [byName['gpt-4o'], byName['emb']];
    expect(deps.map((d) => [d.name, d.model, d.sku, d.version_upgrade_option])).toEqual([
      ['gpt-4o', { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }, { name: 'Standard', capacity: 10 }, 'NoAutoUpgrade'],
      ['emb', { format: 'OpenAI', name: 'text-embedding-3-small', version: '1' }, { name: 'Standard', capacity: 5 }, 'NoAutoUpgrade'],
    ]);
    expect(deps[0].depends_on).toBeUndefined();
    expect(deps[1].depends_on).toEqual([expect.stringContaining('azurerm_cognitive_deployment.openai_deployment-gpt-4o_')]);
  });

  it('supports an FQDN allow-list and a customer-managed key', () => {
    const json = synthJson(
      (s) =>
        new OpenAiAccount(s, 'openai', {
          ...located,
          deployments,
          allowedFqdns: ['search.example.search.windows.net'],
          customerManagedKey: {
            keyVaultKeyId: 'https://kv.vault.azure.net/keys/k',
            identityClientId: '11111111-1111-4111-8111-111111111111',
            userAssignedIdentityId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u',
          },
        }),
    );
    const account = only(json, CognitiveAccount.tfResourceType);
    expect(account.fqdns).toEqual(['search.example.search.windows.net']);
    expect(account.outbound_network_access_restricted).toBe(true);
    expect(account.customer_managed_key).toEqual({
      key_vault_key_id: 'https://kv.vault.azure.net/keys/k',
      identity_client_id: '11111111-1111-4111-8111-111111111111',
    });
    expect(account.identity.type).toBe('SystemAssigned, UserAssigned');
  });

  it('grants least-privilege roles at the account scope', () => {
    const json = synthJson((s) => {
      const a = new OpenAiAccount(s, 'openai', { ...located, deployments, resourceGroupId: '/subscriptions/s/resourceGroups/rg-test' });
      a.grantUse({ principalId: 'aaaaaaaa-0000-4000-8000-000000000001', principalType: 'Group', displayName: 'users' });
      a.grantManage({ principalId: 'aaaaaaaa-0000-4000-8000-000000000002', principalType: 'Group', displayName: 'owners' });
      a.grantRead({ principalId: 'aaaaaaaa-0000-4000-8000-000000000003', principalType: 'Group', displayName: 'auditors' });
    });
    const grants = resourcesOfType(json, 'azurerm_role_assignment')
      .map((r) => [r.role_definition_name ?? r.role_definition_id, r.principal_id, r.scope])
      .sort((a, b) => a[1].localeCompare(b[1]));
    const scope = expect.stringMatching(/^\$\{azurerm_cognitive_account\.[\w-]+\.id\}$/);
    expect(grants).toEqual([
      ['Cognitive Services OpenAI User', 'aaaaaaaa-0000-4000-8000-000000000001', scope],
      [expect.stringMatching(/^\$\{azurerm_role_definition\.[\w-]+\.role_definition_resource_id\}$/), 'aaaaaaaa-0000-4000-8000-000000000002', scope],
      ['Reader', 'aaaaaaaa-0000-4000-8000-000000000003', scope],
    ]);
  });
});
