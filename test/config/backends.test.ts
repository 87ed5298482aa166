import { projectConfig } from '../../config';
import { accountsFor, backendsFor } from '../../config/backends';
import { clone, problemsOf } from '../helpers/config';

const CHAT = 'config.environments.dev.deployments[0]';

describe('backends: failover accounts inside the residency boundary', () => {
  it('ships Europe with a swedencentral secondary as spill-over for the chat deployment, and the other profiles with one account', () => {
    const cfg = projectConfig();
    const env = cfg.environments.prod;
    expect(backendsFor(env, 'europe', cfg.regionProfiles.europe)['gpt-5.4']).toEqual([
      { location: 'westeurope', primary: true, sku: 'DataZoneStandard', capacity: 50, priority: 1, weight: 1 },
      { location: 'swedencentral', primary: false, sku: 'DataZoneStandard', capacity: 50, priority: 2, weight: 1 },
    ]);
    expect(accountsFor(env, 'europe', cfg.regionProfiles.europe).map((a) => [a.location, a.deployments.map((d) => d.name)])).toEqual([
      ['westeurope', ['gpt-5.4', 'text-embedding-ada-002']],
      ['swedencentral', ['gpt-5.4']],
    ]);
    for (const p of ['us_healthcare', 'australia'] as const) {
      expect(Object.values(backendsFor(env, p, cfg.regionProfiles[p])).map((l) => l.length)).toEqual(Object.values(backendsFor(env, p, cfg.regionProfiles[p])).map(() => 1));
    }
  });

  it('refuses a backend outside every target profile\'s allowed locations, naming the field', () => {
    const raw = clone();
    raw.environments.dev.deployments[0].backends = [{ location: 'eastus2', priority: 2 }];
    raw.environments.dev.deployments[0].regionProfiles = ['europe'];
    expect(problemsOf(raw)).toContainEqual({
      path: `${CHAT}.backends[0].location`,
      message: 'backend "eastus2" of deployment "gpt-5.4" is outside the residency boundary: region profile "europe" allows westeurope, northeurope, swedencentral',
    });
  });

  it('refuses a backend in an allowed location that the profile declares no account in', () => {
    const raw = clone();
    raw.environments.dev.deployments[0].backends = [{ location: 'northeurope', priority: 2 }];
    expect(problemsOf(raw)).toEqual([
      { path: `${CHAT}.backends[0].location`, message: 'region profile "europe" has no account in "northeurope": declare it in regionProfiles.europe.secondaryAccounts' },
    ]);
  });

  it('refuses a Global SKU on a backend, a SKU the profile does not allow, and a profile that allows Global', () => {
    const raw = clone();
    raw.environments.dev.deployments[0].backends = [{ location: 'swedencentral', priority: 2, sku: 'GlobalStandard' }];
    expect(problemsOf(raw)).toContainEqual({ path: `${CHAT}.backends[0].sku`, message: 'SKU GlobalStandard may process data in any Azure region: a backend never has a Global SKU' });
    const raw2 = clone();
    raw2.regionProfiles.europe.allowedDeploymentSkus.push('GlobalStandard');
    expect(problemsOf(raw2)).toEqual([
      { path: 'config.regionProfiles.europe.allowedDeploymentSkus[4]', message: 'GlobalStandard may process data in any Azure region: no region profile allows a Global SKU' },
    ]);
  });

  it('refuses a secondary account outside the profile, or in its own location', () => {
    const raw = clone();
    raw.regionProfiles.europe.secondaryAccounts = [{ location: 'eastus' }, { location: 'westeurope' }];
    raw.environments.dev.deployments[0].backends = undefined;
    raw.environments.prod.deployments[0].backends = undefined;
    expect(problemsOf(raw)).toEqual([
      { path: 'config.regionProfiles.europe.secondaryAccounts[0].location', message: '"eastus" is outside region profile "europe"\'s allowedLocations (westeurope, northeurope, swedencentral): an account there would leave the residency boundary' },
      { path: 'config.regionProfiles.europe.secondaryAccounts[1].location', message: '"westeurope" is the profile\'s own location, where its primary account already is' },
    ]);
  });

  it('refuses a backend whose account is not offered the model for its SKU (model catalog)', () => {
    const raw = clone();
    raw.environments.dev.deployments[0].backends = [{ location: 'swedencentral', priority: 2, sku: 'Standard' }];
    expect(problemsOf(raw)).toEqual([
      {
        path: `${CHAT}.backends[0].sku`,
        message: 'deployment "gpt-5.4": gpt-5.4 2026-03-05 is not offered as Standard in swedencentral (backend of region profile "europe"); catalogued Standard regions: none',
      },
    ]);
  });
});
