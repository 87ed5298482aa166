import { resourceName } from '../../constructs/naming';

const parts = { prefix: 'aoai', environment: 'prod', location: 'westeurope' };

describe('resourceName', () => {
  it('builds <abbreviation>-<prefix>-<env>-<region>[-suffix]', () => {
    expect(resourceName('resourceGroup', parts)).toBe('rg-aoai-prod-weu');
    expect(resourceName('subnet', parts, 'pe')).toBe('snet-aoai-prod-weu-pe');
    expect(resourceName('cognitiveAccount', { ...parts, location: 'australiaeast' })).toBe('oai-aoai-prod-aue');
  });

  it('gives global names a stable hash and respects storage rules', () => {
    const a = resourceName('customSubdomain', parts);
    expect(a).toMatch(/^oai-aoai-prod-weu-[0-9a-f]{6}$/);
    expect(resourceName('customSubdomain', parts)).toBe(a);
    expect(resourceName('customSubdomain', { ...parts, environment: 'dev' })).not.toBe(a.replace('prod', 'dev'));
    const st = resourceName('storageAccount', { ...parts, environment: 'production_long' }, 'function');
    expect(st).toMatch(/^[a-z0-9]{3,24}$/);
  });

  it('rejects an unknown region and over-long names', () => {
    expect(() => resourceName('resourceGroup', { ...parts, location: 'moon' })).toThrow(/Unknown Azure region "moon"/);
    expect(() => resourceName('virtualNetwork', parts, 'x'.repeat(60))).toThrow(/limit is 64/);
  });
});
