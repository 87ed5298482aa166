import { ConfigError, deployabilityFindings, evaluationDate, loadConfig, projectConfig } from '../../config';
import { landingZones } from '../../config/landing-zones';
import { MODEL_CATALOG } from '../../config/model-catalog';
import { PRICE_TABLE, pricingTierFor } from '../../config/pricing';

const clone = () => structuredClone(landingZones) as any;
const TODAY = '2026-12-02';

function problemsOf(raw: unknown, today = TODAY): { path: string; message: string }[] {
  try {
    loadConfig(raw, { today });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('configuration was accepted');
}

/** A config whose dev environment has exactly `deployment` (plus the shipped ones for the other profiles). */
function withDeployment(deployment: Record<string, unknown>) {
  const raw = clone();
  raw.environments.dev.deployments = [{ name: 'chat', capacity: 10, ...deployment }, ...raw.environments.dev.deployments.slice(1)];
  return raw;
}

describe('model catalog checks (config validation)', () => {
  it('accepts the shipped configuration on the day it was checked, with no errors', () => {
    expect(deployabilityFindings(loadConfig(landingZones, { today: TODAY }), TODAY).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('refuses a retired model, naming the deployment, the date and the replacement', () => {
    const raw = withDeployment({ model: 'gpt-4o', version: '2024-11-20', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'], subscriptionAlreadyUses: true });
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.dev.deployments[0].version', message: 'deployment "chat": gpt-4o 2024-11-20 (DataZoneStandard) retired on 2026-10-01; replacement: gpt-5.1' },
    ]);
  });

  it('uses the per-SKU retirement date: gpt-4o-mini Standard retired on 2026-03-31, the data zone on 2026-10-01', () => {
    const standard = withDeployment({ model: 'gpt-4o-mini', version: '2024-07-18', sku: 'Standard', regionProfiles: ['us_healthcare'], subscriptionAlreadyUses: true });
    expect(problemsOf(standard, '2026-05-01')[0].message).toBe('deployment "chat": gpt-4o-mini 2024-07-18 (Standard) retired on 2026-03-31; replacement: gpt-4.1-mini');
    const dataZone = withDeployment({ model: 'gpt-4o-mini', version: '2024-07-18', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'], subscriptionAlreadyUses: true });
    const findings = deployabilityFindings(loadConfig(dataZone, { today: '2026-05-01' }), '2026-05-01');
    expect(findings.filter((f) => f.path.startsWith('config.environments.dev.deployments[0]'))).toEqual([]);
  });

  it('refuses a new deployment within 90 days of retirement and warns for one the subscription already runs', () => {
    const base = { model: 'gpt-5-mini', version: '2025-08-07', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'] };
    const problems = problemsOf(withDeployment(base));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'config.environments.dev.deployments[0].version', message: expect.stringContaining('retires on 2027-02-06, in 66 days') }),
        expect.objectContaining({ path: 'config.environments.dev.deployments[0].subscriptionAlreadyUses', message: expect.stringContaining('deprecated since 2026-08-07 (no new customers)') }),
      ]),
    );
    const existing = loadConfig(withDeployment({ ...base, subscriptionAlreadyUses: true }), { today: TODAY });
    const findings = deployabilityFindings(existing, TODAY).filter((f) => f.path.startsWith('config.environments.dev.deployments[0]'));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'config.environments.dev.deployments[0].version', message: expect.stringContaining('gpt-5-mini 2025-08-07 (DataZoneStandard) retires on 2027-02-06, in 66 days') }),
    ]);
  });

  it('fails from the retirement day itself and not the day before', () => {
    const raw = withDeployment({ model: 'gpt-5-mini', version: '2025-08-07', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'], subscriptionAlreadyUses: true });
    expect(() => loadConfig(raw, { today: '2027-02-05' })).not.toThrow();
    expect(problemsOf(raw, '2027-02-06')[0].message).toMatch(/retired on 2027-02-06/);
  });

  it('refuses a model its region does not offer for the SKU, naming the profile and the regions that do', () => {
    // The EU data zone table has no gpt-5.4-mini row; the US one offers it in eastus.
    const raw = withDeployment({ model: 'gpt-5.4-mini', version: '2026-03-17', sku: 'DataZoneStandard', regionProfiles: ['europe', 'us_healthcare'] });
    expect(problemsOf(raw)).toEqual([
      {
        path: 'config.environments.dev.deployments[0].sku',
        message: 'deployment "chat": gpt-5.4-mini 2026-03-17 is not offered as DataZoneStandard in westeurope (region profile "europe"); catalogued DataZoneStandard regions: eastus, eastus2',
      },
    ]);
    // gpt-5.5 is offered as Data Zone Standard in eastus2 but not in eastus, where US healthcare stays.
    const us = withDeployment({ model: 'gpt-5.5', version: '2026-04-24', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'] });
    expect(problemsOf(us)).toEqual([
      {
        path: 'config.environments.dev.deployments[0].sku',
        message: 'deployment "chat": gpt-5.5 2026-04-24 is not offered as DataZoneStandard in eastus (region profile "us_healthcare"); catalogued DataZoneStandard regions: eastus2, swedencentral',
      },
    ]);
  });

  it('refuses a retired preview model by name (gpt-5.3-chat retired on 2026-06-29)', () => {
    // It has no price either (config refuses that first); the catalog check alone, on a validated config:
    const cfg = structuredClone(projectConfig()) as any;
    cfg.environments.dev.deployments[0] = { ...cfg.environments.dev.deployments[0], name: 'chat', model: 'gpt-5.3-chat', version: '2026-03-03' };
    expect(deployabilityFindings(cfg, TODAY).filter((f) => f.severity === 'error')).toEqual([
      {
        severity: 'error',
        environment: 'dev',
        regionProfile: undefined,
        path: 'config.environments.dev.deployments[0].version',
        message: 'deployment "chat": gpt-5.3-chat 2026-03-03 (DataZoneStandard) retired on 2026-06-29; replacement: gpt-chat-latest',
      },
    ]);
  });

  it('ships gpt-5.4 as Data Zone Standard to Europe (westeurope) and US healthcare (eastus), and refuses it from 90 days before its retirement', () => {
    const cfg = projectConfig();
    expect([cfg.regionProfiles.europe.location, cfg.regionProfiles.us_healthcare.location]).toEqual(['westeurope', 'eastus']);
    for (const env of Object.values(cfg.environments)) {
      const chat = env.deployments.filter((d) => MODEL_CATALOG.find((e) => e.model === d.model && e.version === d.version)?.kind === 'chat');
      expect(chat.map((d) => [d.model, d.version, d.sku, d.regionProfiles])).toEqual([['gpt-5.4', '2026-03-05', 'DataZoneStandard', ['europe', 'us_healthcare']]]);
    }
    expect(() => loadConfig(landingZones, { today: '2027-06-03' })).not.toThrow();
    const problems = problemsOf(landingZones, '2027-06-04');
    expect(problems.map((p) => p.message)).toEqual([
      'deployment "gpt-5.4": gpt-5.4 2026-03-05 (DataZoneStandard) retires on 2027-09-02, in 90 days (a new deployment is refused within 90 days of retirement; set subscriptionAlreadyUses if this subscription already runs it)',
      'deployment "gpt-5.4": gpt-5.4 2026-03-05 (DataZoneStandard) retires on 2027-09-02, in 90 days (a new deployment is refused within 90 days of retirement; set subscriptionAlreadyUses if this subscription already runs it)',
    ]);
    expect(problems.map((p) => p.path)).toEqual(['config.environments.dev.deployments[0].version', 'config.environments.prod.deployments[0].version']);
  });

  it('refuses a model version the catalog does not know', () => {
    const raw = withDeployment({ model: 'gpt-5.2', version: '2099-01-01', sku: 'DataZoneStandard', regionProfiles: ['us_healthcare'] });
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.dev.deployments[0].version', message: 'deployment "chat": gpt-5.2 version 2099-01-01 is not in the model catalog (config/model-catalog.ts); catalogued versions: 2025-12-11' },
    ]);
  });

  it('says why a profile ships without a chat model', () => {
    const warnings = deployabilityFindings(projectConfig(), TODAY).filter((f) => f.severity === 'warning');
    expect(warnings.map((w) => [w.environment, w.regionProfile, w.path, w.message])).toEqual(
      ['dev', 'prod'].map((env) => [
        env,
        'australia',
        `config.environments.${env}.deployments`,
        'region profile "australia" ships no chat model: the model catalog offers none in australiaeast for Standard that is open to new customers and not retiring within 90 days; it offers gpt-5.4 2026-03-05 (ProvisionedManaged), but provisioned throughput is billed per PTU-hour and the gateway prices calls per token',
      ]),
    );
  });

  it('names the qualifying catalogued chat models when a profile ships none although some exist', () => {
    const raw = clone();
    raw.environments.dev.deployments = raw.environments.dev.deployments.filter((d: any) => d.model !== 'gpt-5.4');
    const warnings = deployabilityFindings(loadConfig(raw, { today: TODAY }), TODAY).filter((f) => f.environment === 'dev' && f.regionProfile !== 'australia');
    expect(warnings.map((w) => [w.severity, w.regionProfile, w.message])).toEqual([
      ['warning', 'europe', 'region profile "europe" ships no chat model: none is configured, although the catalog offers gpt-5.4 2026-03-05 (DataZoneStandard) in westeurope'],
      [
        'warning',
        'us_healthcare',
        'region profile "us_healthcare" ships no chat model: none is configured, although the catalog offers gpt-5.2 2025-12-11 (DataZoneStandard), gpt-5.4 2026-03-05 (DataZoneStandard), gpt-5.4-mini 2026-03-17 (DataZoneStandard), gpt-5.4-nano 2026-03-17 (DataZoneStandard) in eastus',
      ],
    ]);
  });

  it('refuses a provisioned deployment, which the gateway cannot price per token', () => {
    const raw = withDeployment({ model: 'gpt-5.4', version: '2026-03-05', sku: 'ProvisionedManaged', regionProfiles: ['australia'] });
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.dev.deployments[0].sku', message: 'deployment SKU "ProvisionedManaged" has no per-token price (provisioned throughput is billed per hour)' },
    ]);
  });

  it('records a source and a read date for every entry, and prices every catalogued model it ships', () => {
    for (const e of MODEL_CATALOG) {
      expect(e.sources.lifecycle.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      for (const s of [e.sources.lifecycle, ...e.sources.availability]) expect(s.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const env of Object.values(projectConfig().environments)) {
      for (const d of env.deployments) expect(PRICE_TABLE[d.model]?.tiers[pricingTierFor(d.sku)]).toBeDefined();
    }
  });
});

describe('other date-dependent and provider-range checks', () => {
  it('refuses a budget start in a past month, naming the field', () => {
    const raw = clone();
    raw.environments.prod.budgets.startDate = '2026-11-01';
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.prod.budgets.startDate', message: '2026-11-01 is in a past month: Azure refuses a budget that starts before the current month (2026-12-01); omit startDate to use the month of the first deployment' },
    ]);
    raw.environments.prod.budgets.startDate = '2026-12-01';
    expect(() => loadConfig(raw, { today: TODAY })).not.toThrow();
  });

  it('mirrors the provider range of maximum_instance_count (40-1000)', () => {
    for (const n of [10, 1001]) {
      const raw = clone();
      raw.environments.dev.gateway.maximumInstanceCount = n;
      expect(problemsOf(raw)).toEqual([
        { path: 'config.environments.dev.gateway.maximumInstanceCount', message: 'maximumInstanceCount must be from 40 to 1000 (azurerm 4.55 validates IntBetween(40, 1000))' },
      ]);
    }
  });

  it('validates the egress path of a region profile', () => {
    const raw = clone();
    raw.regionProfiles.europe.egress = { type: 'firewall', nextHopIp: '10.0.0.300' };
    expect(problemsOf(raw)).toEqual([{ path: 'config.regionProfiles.europe.egress.nextHopIp', message: "nextHopIp must be the firewall's private IPv4 address" }]);
    raw.regionProfiles.europe.egress = { type: 'firewall', nextHopIp: '10.0.0.4' };
    expect(loadConfig(raw, { today: TODAY }).regionProfiles.europe.egress).toEqual({ type: 'firewall', nextHopIp: '10.0.0.4' });
    expect(loadConfig(clone(), { today: TODAY }).regionProfiles.australia.egress).toEqual({ type: 'natGateway' });
  });

  it("refuses a deployment limited to a profile the environment does not use", () => {
    const raw = clone();
    raw.environments.dev.regionProfiles = ['europe', 'australia'];
    delete raw.environments.dev.addressSpaces.us_healthcare;
    expect(problemsOf(raw)).toEqual([
      { path: 'config.environments.dev.deployments[0].regionProfiles[1]', message: 'region profile "us_healthcare" is not one of this environment\'s (europe, australia)' },
      { path: 'config.environments.dev.deployments[2].regionProfiles[0]', message: 'region profile "us_healthcare" is not one of this environment\'s (europe, australia)' },
    ]);
  });

  it('reads the evaluation day from LZ_TODAY and names the variable when it is malformed', () => {
    expect(evaluationDate({ LZ_TODAY: '2027-01-31' })).toBe('2027-01-31');
    expect(evaluationDate({}, () => new Date('2026-06-15T23:59:00Z'))).toBe('2026-06-15');
    for (const bad of ['2027-02-30', '31.01.2027', 'tomorrow']) {
      expect(() => evaluationDate({ LZ_TODAY: bad })).toThrow(`LZ_TODAY must be a calendar day as YYYY-MM-DD, got "${bad}"`);
    }
  });
});
