import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, Testing, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { projectConfig } from '../../config';
import { LandingZoneStack } from '../../stacks/landing-zone-stack';
import { FRAMEWORKS, GATEWAY_ONLY, PACKS, PackAspect, RULES, TAGGING, evaluationOf, suppress, type RuleResult } from '../../policies';

const dir = mkdtempSync(join(tmpdir(), 'lz-registry-'));
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'zip');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = projectConfig();
const landingZone = (props: Partial<ConstructorParameters<typeof LandingZoneStack>[2]> = {}) =>
  new LandingZoneStack(Testing.app(), 'dev-europe', { config, environment: 'dev', regionProfile: 'europe', functionPackagePath: zip, today: '2026-12-02', ...props });

/** Runs the aspects (no validation) and returns the stack's evaluation. */
function evaluate(stack: TerraformStack) {
  Testing.synth(stack, false);
  return evaluationOf(stack);
}

const first = <T>(stack: TerraformStack, type: abstract new (...a: any[]) => T): T => {
  const found = stack.node.findAll().find((c): c is T & IConstruct => c instanceof type);
  if (!found) throw new Error(`no ${type.name} in the stack`);
  return found;
};
const results = (stack: TerraformStack, ruleId: string) => evaluate(stack).results.filter((r) => r.ruleId === ruleId);
const pathOf = (c: IConstruct) => c.node.path;

/**
 * One non-compliant fixture per rule: the shipped landing zone with one setting broken (or one construct
 * added); the rule must fail at that construct. The compliant half is the shipped landing zone itself.
 */
const NON_COMPLIANT: Record<string, (stack: LandingZoneStack) => IConstruct> = {
  'AOAI-NET-001': (s) => Object.assign(first(s, CognitiveAccount), { publicNetworkAccessEnabled: true }),
  'AOAI-IAM-001': (s) => Object.assign(first(s, CognitiveAccount), { localAuthEnabled: true }),
  'AOAI-NET-002': (s) => Object.assign(first(s, StorageAccount), { sharedAccessKeyEnabled: true }),
  'AOAI-NET-003': (s) => Object.assign(first(s, ManagedRedis), { publicNetworkAccess: 'Enabled' }),
  'AOAI-NET-004': (s) => new RedisCache(s, 'cache', { name: 'c', location: 'westeurope', resourceGroupName: 'rg', capacity: 1, family: 'C', skuName: 'Standard' }),
  'AOAI-NET-005': (s) => Object.assign(first(s, FunctionAppFlexConsumption), { httpsOnly: false }),
  'AOAI-IAM-002': (s) => Object.assign(first(s, ApplicationInsights), { localAuthenticationDisabled: false }),
  'AOAI-IAM-003': (s) => new RoleAssignment(s, 'owner', { principalId: 'p', scope: s.resourceGroup.id, roleDefinitionName: 'Owner' }),
  'AOAI-RES-001': (s) => Object.assign(s.resourceGroup, { location: 'eastus' }),
  'AOAI-RES-002': (s) => {
    const d = first(s, CognitiveDeployment);
    d.putSku({ name: 'GlobalStandard', capacity: 10 });
    return d;
  },
  'AOAI-RES-002 (gateway backend)': (s) => {
    const fn = first(s, FunctionAppFlexConsumption);
    const settings = fn.appSettingsInput as Record<string, string>;
    const pool = JSON.parse(settings.GATEWAY_BACKENDS);
    pool['gpt-5.4'][1] = { ...pool['gpt-5.4'][1], endpoint: 'https://oai-elsewhere.openai.azure.com/' };
    fn.appSettings = { ...settings, GATEWAY_BACKENDS: JSON.stringify(pool) };
    return fn;
  },
  'AOAI-TAG-001': (s) => {
    // The stack's tagging aspect tags whatever it visits; a pack whose context asks for a tag nobody sets fails.
    Aspects.of(s).add(new PackAspect(TAGGING, { required: ['data-classification'] }));
    return s.resourceGroup;
  },
  'AOAI-LOG-001': (s) => new NetworkSecurityGroup(s, 'late-nsg', { name: 'nsg', location: 'westeurope', resourceGroupName: 'rg' }),
  // The security baseline's "an account has a diagnostic setting" is part of the audit trail rule now.
  'AOAI-LOG-001 (account)': (s) => new CognitiveAccount(s, 'rogue-account', { name: 'a', kind: 'OpenAI', skuName: 'S0', location: 'westeurope', resourceGroupName: 'rg', publicNetworkAccessEnabled: false, localAuthEnabled: false }),
  'AOAI-GW-001': (s) => new RoleAssignment(s, 'direct', { principalId: 'u-1', scope: s.zone.openAi.resourceId, roleDefinitionName: 'Cognitive Services OpenAI User' }),
  'AOAI-GW-003': (s) => {
    Aspects.of(s).add(new PackAspect(GATEWAY_ONLY, { breakGlass: [{ principalId: 'bg-1', displayName: 'oncall', reason: 'incident response while the gateway is down' }] }));
    return new RoleAssignment(s, 'break-glass', { principalId: 'bg-1', scope: s.zone.openAi.resourceId, roleDefinitionName: 'Cognitive Services OpenAI User' });
  },
  'AOAI-GW-002': (s) => {
    const subnets = s.node.findAll().filter((c): c is Subnet => c instanceof Subnet);
    for (const subnet of subnets) subnet.privateEndpointNetworkPolicies = 'Disabled';
    return subnets.find((x) => /endpoint|pe/i.test(x.node.id)) ?? subnets[0];
  },
  'AOAI-DEP-001': (s) => Object.assign(first(s, AzurermProvider), { features: [{ storage: [{ dataPlaneAvailable: true }] }] }),
  'AOAI-DEP-002': (s) => Object.assign(first(s, FunctionAppFlexConsumption), { zipDeployFile: 'app.zip' }),
  'AOAI-DEP-003': (s) => Object.assign(first(s, FunctionAppFlexConsumption), { maximumInstanceCount: 5 }),
  'AOAI-DEP-004': (s) => {
    const fn = first(s, FunctionAppFlexConsumption);
    fn.appSettings = { ...(fn.appSettingsInput as Record<string, string>), AzureWebJobsStorage: '' };
    return fn;
  },
  'AOAI-DEP-005': (s) => Object.assign(first(s, FunctionAppFlexConsumption), { runtimeVersion: '20' }),
  'AOAI-DEP-006': (s) =>
    new Subnet(s, 'no-egress', {
      name: 'snet', resourceGroupName: 'rg', virtualNetworkName: 'vnet', addressPrefixes: ['10.9.0.0/24'], defaultOutboundAccessEnabled: false,
      delegation: [{ name: 'app', serviceDelegation: { name: 'Microsoft.App/environments' } }],
    }),
  'AOAI-DEP-007': (s) => new PublicIp(s, 'inbound-ip', { name: 'ip', location: 'westeurope', resourceGroupName: 'rg', allocationMethod: 'Static' }),
  'AOAI-DEP-008': (s) =>
    new NetworkSecurityGroup(s, 'open-nsg', {
      name: 'nsg', location: 'westeurope', resourceGroupName: 'rg',
      securityRule: [{ name: 'any', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*' }],
    }),
  'AOAI-DEP-009': (s) => Object.assign(first(s, MonitorScheduledQueryRulesAlertV2), { skipQueryValidation: false }),
  'AOAI-DEP-010': (s) => {
    const budget = first(s, ConsumptionBudgetResourceGroup);
    budget.putTimePeriod({ startDate: '2020-01-01T00:00:00Z' });
    return budget;
  },
  'AOAI-DEP-011': (s) => Object.assign(first(s, MonitorActionGroup), { location: 'global' }),
  'AOAI-DEP-012': (s) => new KeyVault(s, 'kv', { name: 'kv', location: 'westeurope', resourceGroupName: 'rg', tenantId: 't', skuName: 'standard' }),
  // Australia's allowed regions offer no regional action groups (STACK_PROPS): the shipped global group is the accepted exception.
  'AOAI-DEP-013': (s) => first(s, MonitorActionGroup),
  'AOAI-DEP-014': (s) => {
    const d = first(s, CognitiveDeployment);
    d.putModel({ format: 'OpenAI', name: 'gpt-5-mini', version: '2025-08-07' }); // retires 2027-02-06, 66 days after 2026-12-02
    return d;
  },
};

/** Fixtures that need another landing zone than dev-europe. */
const STACK_PROPS: Record<string, Partial<ConstructorParameters<typeof LandingZoneStack>[2]>> = {
  'AOAI-DEP-013': { regionProfile: 'australia' },
};

/** Rules the shipped landing zone does not exercise, with the compliant fixture that passes them. */
const COMPLIANT_FIXTURE: Record<string, (stack: LandingZoneStack) => IConstruct> = {
  'AOAI-NET-004': (s) => {
    const cache = new RedisCache(s, 'cache', {
      name: 'c', location: 'westeurope', resourceGroupName: 'rg', capacity: 1, family: 'C', skuName: 'Standard',
      publicNetworkAccessEnabled: false, accessKeysAuthenticationEnabled: false, nonSslPortEnabled: false, minimumTlsVersion: '1.2',
    });
    new PrivateEndpoint(s, 'cache-pe', { name: 'pe', location: 'westeurope', resourceGroupName: 'rg', subnetId: 's', privateServiceConnection: { name: 'c', isManualConnection: false, privateConnectionResourceId: cache.id, subresourceNames: ['redisCache'] } });
    return cache;
  },
  'AOAI-DEP-007': (s) => new ResourceGroup(s, 'no-public-ip', { name: 'rg2', location: 'westeurope' }),
};

describe('the rule registry', () => {
  it('gives every rule a unique stable id, a title, a why, framework controls and a pack', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^AOAI-(NET|IAM|LOG|RES|TAG|GW|DEP)-\d{3}$/);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.why.length).toBeGreaterThan(40);
      expect(['error', 'warning']).toContain(r.severity);
      expect(Object.keys(r.frameworks).length).toBeGreaterThan(0);
      for (const f of Object.keys(r.frameworks)) expect(FRAMEWORKS).toContain(f);
    }
    expect(PACKS.map((p) => p.id)).toEqual(['security-baseline', 'residency', 'tagging', 'audit-trail', 'gateway-only', 'deployability']);
  });

  it('cites control ids in each framework\'s own form (policies/rule.ts FRAMEWORKS), and no rescinded ISM control', () => {
    const FORM: Record<string, RegExp> = {
      HIPAA: /^164\.(3(0[268]|1[02346]))\([a-z]\)(\(\d+\))?(\([ivx]+\))?$/, // 45 CFR 164.302-316
      'ISO 27001': /^A\.[5-8]\.\d{1,2}$/, // ISO/IEC 27001:2022 Annex A: 5 organizational .. 8 technological
      GDPR: /^Art\. \d{1,2}(\(\d\))?(\([a-z]\))?$/,
      IRAP: /^ISM-\d{4}$/,
      'SOC 2': /^(CC[1-9]\.\d|C1\.\d|A1\.\d)$/,
      FedRAMP: /^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/, // NIST SP 800-53 Rev. 5
    };
    const bad = RULES.flatMap((r) => Object.entries(r.frameworks).flatMap(([f, ids]) => (ids ?? []).filter((id) => !FORM[f].test(id)).map((id) => `${r.id} ${f} ${id}`)));
    expect(bad).toEqual([]);
    // ISM-0859 (event log retention) was rescinded in December 2024; ISM-1988/1989 replace it.
    expect(RULES.filter((r) => r.frameworks.IRAP?.includes('ISM-0859')).map((r) => r.id)).toEqual([]);
  });

  it('has a non-compliant fixture for every rule', () => {
    expect([...new Set(Object.keys(NON_COMPLIANT).map((k) => k.split(' ')[0]))].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  const shipped = evaluate(landingZone());

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id) => {
    it('passes the compliant fixture', () => {
      let mine: RuleResult[];
      if (COMPLIANT_FIXTURE[id]) {
        const stack = landingZone();
        const at = pathOf(COMPLIANT_FIXTURE[id](stack));
        mine = results(stack, id).filter((r) => r.path === at || id === 'AOAI-DEP-007');
      } else mine = shipped.results.filter((r) => r.ruleId === id);
      expect(mine.length).toBeGreaterThan(0);
      for (const r of mine) expect({ path: r.path, status: r.status, findings: r.findings }).toEqual({ path: r.path, status: expect.stringMatching(/^(pass|not-applicable)$/), findings: [] });
      if (!COMPLIANT_FIXTURE[id] || id !== 'AOAI-DEP-007') expect(mine.some((r) => r.status === 'pass')).toBe(true);
    });

    it.each(Object.keys(NON_COMPLIANT).filter((k) => k.split(' ')[0] === id))('fails the non-compliant fixture (%s) at its construct path, naming the setting', (key) => {
      const stack = landingZone(STACK_PROPS[key]);
      const at = pathOf(NON_COMPLIANT[key](stack));
      const failed = results(stack, id).filter((r) => r.status === 'fail');
      expect(failed.map((r) => r.path)).toContain(at);
      expect(failed.find((r) => r.path === at)!.findings.length).toBeGreaterThan(0);
    });
  });
});

describe('suppressions', () => {
  it('turns a failure into a documented exception in the synth output and the evaluation', () => {
    const stack = landingZone();
    const rg = Object.assign(stack.resourceGroup, { location: 'eastus' });
    expect(() => Testing.synth(landingZoneWith(rg), true)).toThrow();
    const accepted = landingZone({ suppressions: [{ ruleId: 'AOAI-RES-001', path: 'resource-group', reason: 'state resource group kept in eastus until migration (ticket 42)' }] });
    accepted.resourceGroup.location = 'eastus';
    expect(() => Testing.synth(accepted, true)).not.toThrow();
    const r = evaluationOf(accepted).results.find((x) => x.ruleId === 'AOAI-RES-001' && x.path === 'dev-europe/resource-group')!;
    expect(r).toMatchObject({ status: 'suppressed', suppression: { reason: 'state resource group kept in eastus until migration (ticket 42)' } });
    expect(r.findings[0]).toContain('location "eastus" is outside region profile "europe"');
    const infos = accepted.resourceGroup.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    expect(infos).toContainEqual(expect.stringMatching(/^AOAI-RES-001 suppressed: location "eastus" .* \(reason: state resource group kept in eastus until migration \(ticket 42\)\)$/));
  });

  it('warns about a suppression that suppresses nothing', () => {
    const stack = landingZone();
    suppress(stack.zone.openAi.account, 'AOAI-NET-001', 'was public during the pilot');
    Testing.synth(stack, true);
    expect(evaluationOf(stack).suppressions).toEqual([expect.objectContaining({ ruleId: 'AOAI-NET-001', used: false })]);
    const warnings = stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContainEqual(`unused suppression: AOAI-NET-001 at ${stack.zone.openAi.account.node.path} finds nothing to suppress (reason given: was public during the pilot)`);
  });

  it('refuses a suppression without a reason or of an unknown rule', () => {
    expect(() => suppress(landingZone().resourceGroup, 'AOAI-RES-001', ' ')).toThrow(/needs a reason/);
    expect(() => landingZone({ suppressions: [{ ruleId: 'AOAI-XXX-999', path: 'resource-group', reason: 'x' }] })).toThrow(/unknown rule "AOAI-XXX-999"/);
  });

  it('enables packs per stack', () => {
    const stack = landingZone({ packs: ['residency'] });
    stack.resourceGroup.tags = {};
    const evaluation = evaluate(stack);
    expect(evaluation.packs).toEqual(['residency']);
    expect(new Set(evaluation.results.map((r) => r.ruleId))).toEqual(new Set(['AOAI-RES-001', 'AOAI-RES-002']));
  });
});

function landingZoneWith(c: IConstruct): TerraformStack {
  return TerraformStack.of(c);
}

describe('warnings', () => {
  const warningsOf = (stack: TerraformStack) => stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

  it('prints a warning rule\'s finding at synth without failing it, and keeps it in the evaluation', () => {
    const stack = landingZone();
    const d = NON_COMPLIANT['AOAI-DEP-014'](stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const message = 'deployability/model-retirement: deployment "gpt-5.4": gpt-5-mini 2025-08-07 (DataZoneStandard) retires on 2027-02-06, in 66 days [AOAI-DEP-014]';
    expect(d.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data))).toEqual([message]);
    expect(evaluationOf(stack).results.find((r) => r.ruleId === 'AOAI-DEP-014' && r.path === d.node.path)).toMatchObject({ status: 'fail', severity: 'warning' });
  });

  it('does not turn an error into a warning: the same synth still fails on an error finding beside it', () => {
    const stack = landingZone();
    NON_COMPLIANT['AOAI-DEP-014'](stack);
    NON_COMPLIANT['AOAI-NET-001'](stack);
    expect(() => Testing.synth(stack, true)).toThrow(/security-baseline: public network access must be disabled .*\[AOAI-NET-001\]/);
  });

  it('warns about a declared break-glass (AOAI-GW-003) and about a global action group where no allowed region offers a regional one (AOAI-DEP-013)', () => {
    const bg = landingZone();
    const ra = NON_COMPLIANT['AOAI-GW-003'](bg);
    expect(() => Testing.synth(bg, true)).not.toThrow();
    expect(warningsOf(bg)).toContain('gateway-only/break-glass: break-glass: oncall may call the models directly, without the gateway (incident response while the gateway is down) [AOAI-GW-003]');
    expect(evaluationOf(bg).results.filter((r) => r.ruleId === 'AOAI-GW-001' && r.path === ra.node.path)).toEqual([expect.objectContaining({ status: 'pass' })]);
    const au = landingZone({ regionProfile: 'australia' });
    expect(() => Testing.synth(au, true)).not.toThrow();
    expect(warningsOf(au)).toContainEqual(expect.stringMatching(/^deployability\/global-action-group: location is "global": no allowed region \(australiaeast, australiasoutheast\) offers regional action groups.* \[AOAI-DEP-013\]$/));
  });
});
