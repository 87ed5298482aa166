import { deploymentsFor, projectConfig, stackMatrix } from '../../config';
import { accountsFor } from '../../config/backends';
import { REGIONAL_ACTION_GROUP_LOCATIONS } from '../../config/regions';
import { MANDATORY_TAGS, remoteStateFromEnv } from '../../stacks/landing-zone-stack';
import { all, only, refType, synthAll } from '../helpers/matrix';
import { resourceName } from '../../constructs/naming';

const cfg = projectConfig();
const stacks = synthAll();

describe('the whole matrix', () => {
  it('synthesizes one stack per environment and region profile, passing every policy', () => {
    expect(Object.keys(stacks).sort()).toEqual(stackMatrix(cfg).map((t) => t.stackName).sort());
    expect(Object.keys(stacks)).toHaveLength(6);
  });

  describe.each(stackMatrix(cfg))('$stackName', ({ stackName, environment, regionProfile }) => {
    const json = stacks[stackName];
    const profile = cfg.regionProfiles[regionProfile];
    const env = cfg.environments[environment];
    const secondaries = (profile.secondaryAccounts ?? []).map((a) => a.location);
    const accountCount = 1 + secondaries.length;

    it('places every located resource in the profile region', () => {
      const locatedTypes = Object.entries(json.resource).filter(([, byName]) => Object.values(byName).some((r: any) => 'location' in r)).map(([t]) => t);
      expect(locatedTypes).toEqual(expect.arrayContaining(['azurerm_resource_group', 'azurerm_cognitive_account', 'azurerm_log_analytics_workspace', 'azurerm_private_endpoint', 'azurerm_virtual_network']));
      const located = Object.entries(json.resource).flatMap(([type, byName]) => Object.values(byName).map((r: any) => ({ type, location: r.location }))).filter((r) => r.location !== undefined);
      for (const r of located) {
        if (r.type === 'azurerm_monitor_action_group') continue;
        // A secondary account sits in its own allowed location; everything else (its private endpoint too) in the profile's.
        if (r.type === 'azurerm_cognitive_account' && r.location !== profile.location) expect(secondaries).toContain(r.location);
        else expect(r).toEqual({ type: r.type, location: profile.location });
      }
      expect(all(json, 'azurerm_cognitive_account').map((a) => a.location).sort()).toEqual([profile.location, ...secondaries].sort());
      for (const l of secondaries) expect(profile.allowedLocations).toContain(l);
      // Action groups: regional in an allowed region where Azure processes them regionally, global only where none does.
      const groups = all(json, 'azurerm_monitor_action_group').map((g) => g.location);
      const regional = profile.allowedLocations.filter((l) => REGIONAL_ACTION_GROUP_LOCATIONS.includes(l));
      for (const location of groups) {
        if (regional.length) expect(regional).toContain(location);
        else expect(location).toBe('global');
      }
    });

    it('has a private, keyless OpenAI account with the environment deployments', () => {
      const accounts = all(json, 'azurerm_cognitive_account');
      expect(accounts).toHaveLength(accountCount);
      for (const account of accounts) expect(account).toMatchObject({ kind: 'OpenAI', public_network_access_enabled: false, local_auth_enabled: false });
      expect(all(json, 'azurerm_cognitive_deployment').map((d) => d.name).sort()).toEqual(
        accountsFor(env, regionProfile, profile).flatMap((a) => a.deployments.map((d) => d.name)).sort(),
      );
      expect(deploymentsFor(env, regionProfile).map((d) => d.name).every((n) => all(json, 'azurerm_cognitive_deployment').some((d) => d.name === n))).toBe(true);
      // One private endpoint per account, all in this zone's VNet, all in the one privatelink.openai.azure.com zone.
      const pes = all(json, 'azurerm_private_endpoint').filter((p) => p.private_service_connection.subresource_names[0] === 'account');
      expect(pes).toHaveLength(accountCount);
      for (const pe of pes) {
        expect(refType(pe.private_service_connection.private_connection_resource_id)).toBe('azurerm_cognitive_account');
        expect(pe.location).toBe(profile.location);
        expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual(pes[0].private_dns_zone_group.private_dns_zone_ids);
      }
      expect(new Set(pes.map((p) => p.name)).size).toBe(accountCount);
      expect(all(json, 'azurerm_private_dns_zone').filter((z) => z.name === 'privatelink.openai.azure.com')).toHaveLength(1);
    });

    it('grants each persona and the gateway exactly their roles at resource scopes', () => {
      const role = (g: any) => g.role_definition_name ?? `custom:${refType(g.role_definition_id)}`;
      const grants = all(json, 'azurerm_role_assignment').map((g) => `${role(g)}|${refType(g.principal_id) ?? g.principal_id}|${refType(g.scope)}`).sort();
      const { users, modelOwners, auditors } = env.personas;
      // Users call the gateway (app role in Entra ID), never the account: no role assignment for them here.
      for (const p of users) expect(grants.join('\n')).not.toContain(p.principalId);
      const gateway = 'azurerm_function_app_flex_consumption';
      const perAccount = (g: string[]) => Array.from({ length: accountCount }, () => g).flat();
      expect(grants).toEqual(
        [
          ...perAccount([`Cognitive Services OpenAI User|${gateway}|azurerm_cognitive_account`]),
          `Storage Blob Data Owner|${gateway}|azurerm_storage_account`,
          `Storage Queue Data Contributor|${gateway}|azurerm_storage_account`,
          `Storage Table Data Contributor|${gateway}|azurerm_storage_account`,
          `Monitoring Metrics Publisher|${gateway}|azurerm_application_insights`,
          ...perAccount(modelOwners.map((p) => `custom:azurerm_role_definition|${p.principalId}|azurerm_cognitive_account`)),
          ...perAccount(auditors.map((p) => `Reader|${p.principalId}|azurerm_cognitive_account`)),
          ...auditors.flatMap((p) => [`Log Analytics Reader|${p.principalId}|azurerm_log_analytics_workspace`, `Log Analytics Reader|${p.principalId}|azurerm_log_analytics_workspace`]),
        ].sort(),
      );
    });

    it("defines the model owners' role on the resource group with deployment actions only", () => {
      const def = only(json, 'azurerm_role_definition');
      expect(refType(def.scope)).toBe('azurerm_resource_group');
      expect(def.assignable_scopes).toEqual([def.scope]);
      expect(def.permissions).toEqual([
        {
          actions: [
            'Microsoft.CognitiveServices/accounts/read',
            'Microsoft.CognitiveServices/accounts/deployments/read',
            'Microsoft.CognitiveServices/accounts/deployments/write',
            'Microsoft.CognitiveServices/accounts/deployments/delete',
            'Microsoft.CognitiveServices/accounts/models/read',
            'Microsoft.CognitiveServices/accounts/raiPolicies/read',
            'Microsoft.CognitiveServices/accounts/usages/read',
          ],
          not_actions: [],
          data_actions: [],
          not_data_actions: [],
        },
      ]);
      // Custom role names are unique per tenant: each zone's carries its environment and region.
      expect(def.name).toBe(resourceName('roleDefinition', { prefix: cfg.prefix, environment, location: profile.location }, 'openai-deployments'));
    });

    it('tags every taggable resource with the mandatory tags', () => {
      const tagged = Object.values(json.resource).flatMap((byName) => Object.values(byName)).filter((r: any) => r.tags);
      expect(tagged.length).toBeGreaterThanOrEqual(10);
      for (const r of tagged) {
        expect(Object.keys(r.tags)).toEqual(expect.arrayContaining([...MANDATORY_TAGS]));
        expect(r.tags).toMatchObject({ environment, 'region-profile': regionProfile, compliance: profile.compliance.join(', ') });
      }
    });

    it('uses local state when no remote state is configured', () => {
      expect(json.terraform.backend).toEqual({ local: { path: `terraform.${stackName}.tfstate` } });
      expect(json.terraform.required_providers.azurerm.version).toBe('4.55.0');
    });
  });
});

describe('remote state', () => {
  it('uses an azurerm backend with Entra ID auth and a key per stack', () => {
    const remote = remoteStateFromEnv({ LZ_STATE_STORAGE_ACCOUNT: 'sttfstate', LZ_STATE_CONTAINER: 'tfstate', LZ_STATE_RESOURCE_GROUP: 'rg-state', ARM_USE_OIDC: 'true' });
    const json = synthAll({ remoteState: remote });
    expect(json['prod-europe'].terraform.backend).toEqual({
      azurerm: { storage_account_name: 'sttfstate', container_name: 'tfstate', resource_group_name: 'rg-state', key: 'prod-europe.tfstate', use_azuread_auth: true, use_oidc: true },
    });
    expect(json['dev-australia'].terraform.backend.azurerm.key).toBe('dev-australia.tfstate');
    expect(JSON.stringify(json)).not.toMatch(/"(access_key|sas_token|client_secret)"/);
  });

  it('is off without settings and refuses half a configuration', () => {
    expect(remoteStateFromEnv({})).toBeUndefined();
    expect(() => remoteStateFromEnv({ LZ_STATE_STORAGE_ACCOUNT: 'x' })).toThrow('Remote state needs both LZ_STATE_STORAGE_ACCOUNT and LZ_STATE_CONTAINER');
  });
});
