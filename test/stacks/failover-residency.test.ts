import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { projectConfig } from '../../config';
import { evaluationOf } from '../../policies';
import { LandingZoneStack } from '../../stacks/landing-zone-stack';

const dir = mkdtempSync(join(tmpdir(), 'lz-failover-'));
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'zip');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = projectConfig();
const zone = (environment: string, regionProfile: string) =>
  new LandingZoneStack(Testing.app(), `${environment}-${regionProfile.replace(/_/g, '-')}`, { config, environment, regionProfile, functionPackagePath: zip, today: '2026-12-02' });
const res002 = (stack: LandingZoneStack) => {
  Testing.synth(stack, false);
  return evaluationOf(stack).results.filter((r) => r.ruleId === 'AOAI-RES-002');
};

describe('AOAI-RES-002: backends stay inside the residency boundary', () => {
  it("proves the shipped Europe pool: both accounts' deployments and the gateway's backends pass", () => {
    const stack = zone('dev', 'europe');
    const results = res002(stack);
    expect(results.map((r) => [r.path.replace(/^dev-europe\//, ''), r.status])).toEqual(
      expect.arrayContaining([
        ['landing-zone/openai/deployment-gpt-5.4', 'pass'],
        ['landing-zone/openai-sdc/deployment-gpt-5.4', 'pass'],
        ['landing-zone/gateway/app', 'pass'],
      ]),
    );
    expect(results.every((r) => r.status === 'pass')).toBe(true);
    expect(stack.zone.secondaryAccounts.map((s) => s.account.location)).toEqual(['swedencentral']);
  });

  it('fails synth naming the backend when a secondary account sits outside the profile', () => {
    const stack = zone('dev', 'europe');
    stack.zone.secondaryAccounts[0].account.account.location = 'eastus';
    const failed = res002(stack).filter((r) => r.status === 'fail');
    expect(failed.find((r) => r.path.endsWith('landing-zone/gateway/app'))!.findings).toContain(
      `backend "${stack.zone.secondaryAccounts[0].account.name}" of deployment "gpt-5.4": its account is in "eastus", outside region profile "europe" (allowed: westeurope, northeurope, swedencentral)`,
    );
    expect(failed.find((r) => r.path.endsWith('landing-zone/openai-sdc/deployment-gpt-5.4'))!.findings).toEqual([
      'deployment "gpt-5.4": its account is in "eastus", outside region profile "europe" (allowed: westeurope, northeurope, swedencentral)',
    ]);
    expect(() => Testing.synth(stack, true)).toThrow(/residency\/backends: backend "oai-aoai-dev-sdc" of deployment "gpt-5.4": its account is in "eastus"/);
  });

  it('refuses a Data Zone SKU in a profile without data zones (Australia)', () => {
    const stack = zone('dev', 'australia');
    const d = stack.node.findAll().find((c): c is CognitiveDeployment => c instanceof CognitiveDeployment)!;
    d.putSku({ name: 'DataZoneStandard', capacity: 10 });
    expect(res002(stack).find((r) => r.path === d.node.path)).toMatchObject({
      status: 'fail',
      findings: [`deployment "${d.nameInput}": SKU DataZoneStandard is not allowed in region profile "australia" (allowed: Standard, ProvisionedManaged)`],
    });
  });

  it('refuses a gateway boundary wider than the profile', () => {
    const stack = zone('dev', 'us_healthcare');
    const fn = stack.zone.gateway!.function.app;
    fn.appSettings = { ...(fn.appSettingsInput as Record<string, string>), GATEWAY_ALLOWED_REGIONS: 'eastus,eastus2,westeurope' };
    expect(res002(stack).find((r) => r.path === fn.node.path)!.findings).toEqual([
      'app setting GATEWAY_ALLOWED_REGIONS names westeurope, outside region profile "us_healthcare" (allowed: eastus, eastus2)',
    ]);
  });
});
