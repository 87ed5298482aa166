import { getRegionProfile, projectConfig, stackMatrix } from '../../config';
import { parseCidr, cidrsOverlap, subnetOf, formatCidr } from '../../config/cidr';
import { clone, problemsOf } from '../helpers/config';

describe('configuration', () => {
  it('loads the project configuration with the three region profiles of the reference estate', () => {
    const cfg = projectConfig();
    expect(cfg.regionProfiles.europe).toMatchObject({ location: 'westeurope', compliance: ['GDPR', 'ISO 27001'] });
    expect(cfg.regionProfiles.us_healthcare).toMatchObject({ location: 'eastus', compliance: ['HIPAA', 'SOC 2', 'FedRAMP'] });
    expect(cfg.regionProfiles.australia).toMatchObject({ location: 'australiaeast', compliance: ['IRAP', 'ISO 27001'] });
    expect(stackMatrix(cfg).map((t) => t.stackName)).toEqual([
      'dev-europe',
      'dev-us-healthcare',
      'dev-australia',
      'prod-europe',
      'prod-us-healthcare',
      'prod-australia',
    ]);
  });

  it('rejects an unknown Azure region, naming its path', () => {
    const raw = clone();
    raw.regionProfiles.europe.location = 'westeurop';
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining([{ path: 'config.regionProfiles.europe.location', message: 'unknown Azure region "westeurop"' }]),
    );
  });

  it('rejects a profile whose location is not among its allowed locations', () => {
    const raw = clone();
    raw.regionProfiles.australia.location = 'westeurope';
    expect(problemsOf(raw)).toEqual([
      { path: 'config.regionProfiles.australia.location', message: '"westeurope" is not in allowedLocations' },
    ]);
  });

  it('rejects an environment that names an unknown region profile', () => {
    const raw = clone();
    raw.environments.dev.regionProfiles.push('mars');
    const problems = problemsOf(raw);
    expect(problems[0].path).toBe('config.environments.dev.regionProfiles[3]');
    expect(problems[0].message).toMatch(/unknown region profile "mars"/);
  });

  it('rejects overlapping address spaces, naming both', () => {
    const raw = clone();
    raw.environments.prod.addressSpaces.australia = '10.40.2.0/24';
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.prod.addressSpaces.australia', message: '10.40.2.0/24 overlaps environments.dev.addressSpaces.europe' },
    ]);
  });

  it('rejects a missing or malformed principal id', () => {
    const raw = clone();
    delete raw.environments.prod.personas.auditors[0].principalId;
    raw.environments.dev.personas.users[0].principalId = 'not-a-guid';
    const paths = problemsOf(raw).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['config.environments.prod.personas.auditors[0].principalId', 'config.environments.dev.personas.users[0].principalId']),
    );
  });

  it('rejects a deployment SKU that the region profile does not allow (data residency)', () => {
    const raw = clone();
    const j = raw.environments.prod.deployments.findIndex((d: any) => d.model === 'text-embedding-3-small'); // for us_healthcare and australia
    raw.environments.prod.deployments[j].sku = 'GlobalStandard';
    const problems = problemsOf(raw);
    expect(problems.map((p) => p.path)).toEqual([`config.environments.prod.deployments[${j}].sku`, `config.environments.prod.deployments[${j}].sku`]);
    expect(problems[0].message).toMatch(/GlobalStandard is not allowed in region profile "us_healthcare"/);
    expect(problems[1].message).toMatch(/GlobalStandard is not allowed in region profile "australia"/);
  });

  it('rejects unknown keys rather than ignoring them', () => {
    const raw = clone();
    raw.environments.dev.budget = { dailyUsd: 1 };
    expect(problemsOf(raw)[0]).toMatchObject({ path: 'config.environments.dev' });
  });

  it('gives a clear error for an unknown region profile name', () => {
    expect(() => getRegionProfile(projectConfig(), 'mars')).toThrow(
      'Unknown region profile "mars"; known region profiles: europe, us_healthcare, australia',
    );
  });
});

describe('cidr', () => {
  it('parses, detects overlap and carves subnets', () => {
    const a = parseCidr('10.0.0.0/22');
    expect(formatCidr(subnetOf(a, 23, 1))).toBe('10.0.2.0/23');
    expect(cidrsOverlap(a, parseCidr('10.0.3.0/24'))).toBe(true);
    expect(cidrsOverlap(a, parseCidr('10.0.4.0/24'))).toBe(false);
    expect(() => parseCidr('10.0.0.1/22')).toThrow(/host bits set; did you mean 10.0.0.0\/22/);
    expect(() => parseCidr('300.0.0.0/8')).toThrow(/not a valid/);
    expect(() => subnetOf(a, 24, 4)).toThrow(/holds only 4 blocks/);
  });
});
