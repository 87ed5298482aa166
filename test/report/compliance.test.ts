import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeWithEvaluations } from '../../main';
import { loadConfig, projectConfig, stackMatrix } from '../../config';
import { landingZones } from '../../config/landing-zones';
import { complianceReport, exitCodeFor, parseArgs, toMarkdown, warningsOf, type ComplianceReport } from '../../report/compliance';
import { CONTROLS, evaluateStack, ruleReports, type StackContext } from '../../report/controls';
import { writeFileSync } from 'node:fs';
import { Testing } from 'cdktf';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { LogAnalyticsWorkspaceTable } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table';
import type { IConstruct } from 'constructs';
import { LandingZoneStack } from '../../stacks/landing-zone-stack';
import { evaluationOf } from '../../policies';

const zipDir = mkdtempSync(join(tmpdir(), 'lz-report-'));
const zip = join(zipDir, 'function.zip');
writeFileSync(zip, 'zip');
afterAll(() => rmSync(zipDir, { recursive: true, force: true }));

const ROOT = join(__dirname, '../..');
const cfg = projectConfig();
const now = new Date('2026-12-02T01:02:03.000Z');
const report = complianceReport(cfg, { now });
const reports = report.stacks;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('compliance report over the synthesized matrix', () => {
  it('covers every stack and all seven controls, each with evidence and no failed control', () => {
    expect(reports.map((r) => r.stack)).toEqual(stackMatrix(cfg).map((t) => t.stackName));
    for (const r of reports) {
      expect(r.controls.map((c) => c.id)).toEqual(CONTROLS.map(([id]) => id));
      for (const c of r.controls) {
        expect({ stack: r.stack, control: c.id, gaps: c.gaps }).toEqual({ stack: r.stack, control: c.id, gaps: [] });
        expect(c.evidence.length).toBeGreaterThan(0);
      }
    }
  });

  it("flags the shipped placeholder principal ids and tenant as gaps, not passes", () => {
    for (const r of reports) {
      const byId = Object.fromEntries(r.controls.map((c) => [c.id, c]));
      const env = cfg.environments[r.environment];
      // Users hold no Azure role (they call the gateway with its app role): model owners and auditors do.
      const principals = [...env.personas.modelOwners, ...env.personas.auditors].map((p) => p.principalId);
      expect(byId['least-privilege'].status).toBe('placeholder');
      // Every persona's role assignment is named, with the config path to fix.
      for (const id of new Set(principals)) expect(byId['least-privilege'].placeholders.join('\n')).toContain(`granted to ${id}, a placeholder principal id`);
      expect(byId['least-privilege'].placeholders.every((p) => p.endsWith(`config.environments.${r.environment}.personas`))).toBe(true);
      expect(byId.dlp.status).toBe('placeholder');
      expect(byId.dlp.placeholders).toEqual([`ENTRA_TENANT_ID = ${env.gateway.tenantId} is a placeholder tenant, so no caller's token validates: set config.environments.${r.environment}.gateway.tenantId`]);
      for (const id of ['network-isolation', 'keyless-auth', 'data-residency', 'audit-logging', 'cost-limits']) expect({ id, status: byId[id].status }).toEqual({ id, status: 'pass' });
    }
    expect(exitCodeFor(report)).toBe(1);
    // The Australian stacks' warnings (AOAI-DEP-013) are in the report and do not change the exit code.
    expect(warningsOf(report)).toEqual(['dev-australia', 'prod-australia'].map((s) => expect.stringMatching(new RegExp(`^${s} / AOAI-DEP-013 ${s}/landing-zone/budget-alerts/action-group: location is "global"`))));
    expect(exitCodeFor(report, { allowPlaceholders: true })).toBe(0);
  });

  it('tells the two workspaces apart by name, and takes audit destinations and retention from AOAI-LOG-001 alone', () => {
    const audit = reports.find((r) => r.stack === 'prod-europe')!.controls.find((c) => c.id === 'audit-logging')!.evidence;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^workspace log-aoai-prod-weu-audit \(azurerm_log_analytics_workspace\.\S+\): default retention 365 days, receives (?=.*\bAudit\b)(?=.*\bConnectionEvents\b)/),
        expect.stringMatching(/^workspace log-aoai-prod-weu-ops \(azurerm_log_analytics_workspace\.\S+\): default retention 90 days, receives (?=.*\bRequestResponse\b)(?=.*\bAllMetrics\b)(?!.*\bAudit\b)/),
        'AOAI-LOG-001 prod-europe/landing-zone/openai/account: audit logs Audit → log-aoai-prod-weu-audit',
        'AOAI-LOG-001 prod-europe/landing-zone/diagnostics/openai-audit: audit table log-aoai-prod-weu-audit/AzureDiagnostics: 365 days searchable, 365 in all (≥ 365 searchable / 365 in all required)',
      ]),
    );
    // One source for retention: every retention figure the control states with a requirement is the rule's.
    expect(audit.filter((l) => /required/.test(l) && !l.startsWith('AOAI-LOG-001 '))).toEqual([]);
  });

  it('carries its generation time, the commit, and the tool and provider versions', () => {
    expect(report.meta.generatedAt).toBe('2026-12-02T01:02:03.000Z');
    let head: string | null = null;
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      head = process.env.GITHUB_SHA ?? null;
    }
    expect(report.meta.commit.sha).toBe(head);
    expect(report.meta.tool).toEqual({ name: pkg.name, version: pkg.version });
    expect(report.meta.versions).toEqual({
      node: process.versions.node,
      cdktf: pkg.dependencies.cdktf,
      'cdktf-cli': pkg.devDependencies['cdktf-cli'],
      '@cdktf/provider-azurerm': pkg.dependencies['@cdktf/provider-azurerm'],
      'azurerm provider': '4.55.0',
    });
    const md = toMarkdown(report);
    expect(md).toContain('- Generated: 2026-12-02T01:02:03.000Z');
    expect(md).toContain(`- Versions: node ${process.versions.node}, cdktf 0.21.0, cdktf-cli 0.21.0, @cdktf/provider-azurerm 14.23.1, azurerm provider 4.55.0`);
    // 30, plus the model owners' and auditors' grants on Europe's secondary (swedencentral) account in dev and prod.
    expect(md).toMatch(/\*\*34 placeholder identities\*\*/);
  });

  it('names the settings and frameworks behind each control', () => {
    const eu = reports.find((r) => r.stack === 'prod-europe')!;
    const ev = Object.fromEntries(eu.controls.map((c) => [c.id, c.evidence.join('\n')]));
    expect(eu.frameworks).toEqual(['GDPR', 'ISO 27001']);
    expect(ev['network-isolation']).toMatch(/azurerm_cognitive_account\.\S+: public_network_access_enabled = false/);
    expect(ev['network-isolation']).toMatch(/azurerm_managed_redis\.\S+: private endpoint\(s\) \[redisEnterprise\]/);
    expect(ev['keyless-auth']).toMatch(/local_auth_enabled = false/);
    expect(ev['least-privilege']).toContain('Cognitive Services OpenAI User → azurerm_function_app_flex_consumption (managed identity) at azurerm_cognitive_account');
    expect(ev.dlp).toContain('DLP_PROFILE = europe (region profile expects europe)');
    expect(ev['data-residency']).toMatch(/frameworks of region profile europe: GDPR, ISO 27001/);
    expect(ev['audit-logging']).toContain('AOAI-LOG-001 prod-europe/landing-zone/openai/account: audit logs Audit → log-aoai-prod-weu-audit');
    expect(ev['audit-logging']).toContain('AOAI-LOG-001 prod-europe/landing-zone/cost-store/redis: audit logs ConnectionEvents → log-aoai-prod-weu-audit');
    expect(ev['audit-logging']).toContain('AOAI-LOG-001 prod-europe/landing-zone/gateway-storage/account: queue service: audit logs StorageWrite, StorageDelete → log-aoai-prod-weu-audit');
    expect(ev['audit-logging']).toContain('AOAI-LOG-001 prod-europe/landing-zone/diagnostics/operations-workspace: audit logs Audit → log-aoai-prod-weu-audit');
    expect(ev['audit-logging']).toContain('AOAI-LOG-001 prod-europe/landing-zone/gateway/insights: audit table log-aoai-prod-weu-ops/AppTraces: 365 days searchable, 365 in all (≥ 365 searchable / 365 in all required)');
    expect(ev['audit-logging']).toContain('Audit trail: who queried the audit workspace');
    // HIPAA's six years decide the US healthcare profile; the Australian profile states its records schedule.
    const evidenceOf = (stack: string) => reports.find((r) => r.stack === stack)!.controls.find((c) => c.id === 'audit-logging')!.evidence.join('\n');
    expect(evidenceOf('prod-us-healthcare')).toContain('audit table log-aoai-prod-eus-audit/AzureDiagnostics: 365 days searchable, 2191 in all (≥ 365 searchable / 2191 in all required)');
    expect(evidenceOf('prod-us-healthcare')).toContain('decided by: HIPAA (45 CFR 164.316(b)(2)(i))');
    expect(evidenceOf('prod-australia')).toContain('audit table log-aoai-prod-aue-ops/AppTraces: 365 days searchable, 2556 in all (≥ 365 searchable / 2556 in all required)');
    expect(ev['cost-limits']).toMatch(/2000 per Monthly, notifications at 50% Actual, 80% Actual, 100% Actual, 100% Forecasted/);
    expect(ev['network-isolation']).toContain('AOAI-DEP-006 prod-europe/landing-zone/network/integration-subnet: egress path: NAT gateway prod-europe/landing-zone/network/nat-gateway (outbound only)');
    expect(ev['data-residency']).toContain('AOAI-DEP-011 prod-europe/landing-zone/budget-alerts/action-group: processes alerts regionally in swedencentral');
    // Who can reach each private endpoint (AOAI-GW-002's evidence): the integration subnet only, on the service ports.
    expect(ev['network-isolation']).toMatch(
      /^AOAI-GW-002 prod-europe\/landing-zone\/network\/pe-subnet: prod-europe\/landing-zone\/openai-private-link\/endpoint \(account\), .*redis-private-link\/endpoint \(redisEnterprise\) reachable from: 10\.50\.2\.0\/23 → 443\/10000 \(prod-europe\/landing-zone\/network\/pe-nsg\)$/m,
    );
    expect(ev['network-isolation']).toContain('AOAI-GW-002 prod-europe/landing-zone/network/gateway-pe-subnet: prod-europe/landing-zone/gateway-private-link/endpoint (sites) reachable from: VirtualNetwork → 443 (prod-europe/landing-zone/network/gateway-pe-nsg)');
    // Who holds data-plane access (AOAI-GW-001's evidence): the gateway alone.
    const dataPlane = ev['least-privilege'].split('\n').filter((l) => l.includes('data-plane access:'));
    expect(dataPlane).toContain('AOAI-GW-001 prod-europe/landing-zone/openai/grant-cognitive-services-openai-user-gateway-identity: data-plane access: Cognitive Services OpenAI User grants inference at prod-europe/landing-zone/openai/account to the gateway\'s identity');
    expect(dataPlane.filter((l) => !l.endsWith("to the gateway's identity"))).toEqual([]);
    expect(ev['least-privilege']).toMatch(/custom role role-aoai-prod-weu-openai-deployments → 00000000-0000-4000-8000-000000002002 at azurerm_cognitive_account/);
    // Australia's global action group is AOAI-DEP-013's warning: listed, and the control still passes.
    const au = reports.find((r) => r.stack === 'prod-australia')!.controls.find((c) => c.id === 'data-residency')!;
    expect(au.warnings).toEqual([
      'AOAI-DEP-013 prod-australia/landing-zone/budget-alerts/action-group: location is "global": no allowed region (australiaeast, australiasoutheast) offers regional action groups, so Azure Monitor may process these alerts outside the region profile',
    ]);
    expect([au.status, au.gaps]).toEqual(['pass', []]);
    expect(eu.controls.flatMap((c) => c.warnings)).toEqual([]);
    const md = toMarkdown(report);
    expect(md).toContain('| prod-europe | westeurope | GDPR, ISO 27001 | pass | pass | **gap: placeholder** | **gap: placeholder** | pass | pass | pass |');
    expect(md).toContain('- **warning:** AOAI-DEP-013 prod-australia/landing-zone/budget-alerts/action-group: location is "global"');
    expect(md).toMatch(/^\| AOAI-DEP-013 .* \| deployability \| warning \| warning 1 \| .*IRAP ISM-1572.* \|$/m);
    expect(md).toContain('- AOAI-DEP-013 **warning** at `prod-australia/landing-zone/budget-alerts/action-group`: location is "global"');
  });
});

describe('gaps', () => {
  const profile = cfg.regionProfiles.europe;
  const ctx: StackContext = { stack: 'dev-europe', environment: 'dev', regionProfile: 'europe', location: profile.location, allowedLocations: profile.allowedLocations, frameworks: profile.compliance, dlpProfile: profile.dlpProfile };
  const devEurope = () => new LandingZoneStack(Testing.app(), 'dev-europe', { config: cfg, environment: 'dev', regionProfile: 'europe', functionPackagePath: zip, today: '2026-12-02' });
  const at = <T>(stack: LandingZoneStack, path: string, type: abstract new (...a: any[]) => T): T & IConstruct => {
    const found = stack.node.findAll().find((c) => c.node.path === `dev-europe/${path}`);
    if (!(found instanceof type)) throw new Error(`no ${type.name} at ${path}`);
    return found as T & IConstruct;
  };
  const remove = (c: IConstruct) => expect(c.node.scope!.node.tryRemoveChild(c.node.id)).toBe(true);
  /** The controls of a stack broken in its construct tree, from the evaluation synth runs; and synth's own verdict. */
  const controlsOf = (stack: LandingZoneStack) => {
    const json = JSON.parse(Testing.synth(stack, false));
    const controls = evaluateStack(json, ctx, evaluationOf(stack));
    let synthError = '';
    try {
      Testing.synth(stack, true);
    } catch (e) {
      synthError = (e as Error).message;
    }
    return { controls, gaps: Object.fromEntries(controls.filter((c) => c.status === 'fail').map((c) => [c.id, c.gaps])), synthError };
  };

  it('names a public account, an owner role, a resource abroad, a subnet without egress and a missing budget, from the rules synth ran', () => {
    // What rules check is broken in the construct tree and evaluated by the registry; the report reads those results.
    const stack = devEurope();
    stack.zone.openAi.account.publicNetworkAccessEnabled = true;
    new RoleAssignment(stack, 'rogue', { roleDefinitionName: 'Owner', principalId: 'p', scope: '/subscriptions/s' });
    const storage = stack.node.findAll().find((c): c is StorageAccount => c instanceof StorageAccount)!;
    storage.location = 'eastus';
    remove(at(stack, 'landing-zone/network/integration-nat-gateway', SubnetNatGatewayAssociation));
    remove(stack.node.findAll().find((c) => c instanceof ConsumptionBudgetResourceGroup)!);
    const { gaps, synthError } = controlsOf(stack);
    const egress = 'AOAI-DEP-006 dev-europe/landing-zone/network/integration-subnet: default outbound access is off and the subnet has neither a NAT gateway nor a 0.0.0.0/0 route to a virtual appliance';
    expect(gaps['network-isolation']).toEqual(['AOAI-NET-001 dev-europe/landing-zone/openai/account: public network access must be disabled (public_network_access_enabled = false)', egress]);
    expect(gaps['least-privilege']).toEqual(expect.arrayContaining([
      'AOAI-IAM-003 dev-europe/rogue: role "Owner" is not allowed (owner is owner-class)',
      'AOAI-IAM-003 dev-europe/rogue: scope "/subscriptions/s" is wider than a resource group',
    ]));
    expect(gaps['data-residency']).toEqual([`AOAI-RES-001 ${storage.node.path}: location "eastus" is outside region profile "europe" (allowed: westeurope, northeurope, swedencentral)`]);
    expect(gaps['cost-limits']).toEqual(['no Azure consumption budget']);
    // Synth fails on the same findings, from the same evaluation.
    expect(synthError).toContain('[dev-europe/landing-zone/network/integration-subnet] deployability/explicit-egress: default outbound access is off and the subnet has neither a NAT gateway nor a 0.0.0.0/0 route to a virtual appliance [AOAI-DEP-006]');
    expect(synthError).toContain('[dev-europe/landing-zone/openai/account] security-baseline: public network access must be disabled (public_network_access_enabled = false) [AOAI-NET-001]');
  });

  it('matches owner-class roles by GUID and accepts a system identity alongside user-assigned ones, as the rules do', () => {
    const stack = devEurope();
    new RoleAssignment(stack, 'by-guid', { roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', principalId: 'p', scope: stack.resourceGroup.id });
    stack.zone.gateway!.function.app.putIdentity({ type: 'SystemAssigned, UserAssigned', identityIds: ['x'] });
    const { controls: results, gaps } = controlsOf(stack);
    expect(gaps['keyless-auth']).toBeUndefined(); // AOAI-NET-005 accepts a system identity beside user-assigned ones
    expect(results.find((c) => c.id === 'least-privilege')!.gaps).toContain('AOAI-IAM-003 dev-europe/by-guid: role "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635" is not allowed (owner is owner-class)');
    expect(results.find((c) => c.id === 'keyless-auth')!.evidence).toContainEqual(expect.stringMatching(/system-assigned identity \(SystemAssigned, UserAssigned\)$/));
  });

  it('lists each rule per stack with its framework controls, and a suppression as a documented exception', () => {
    const r = reports.find((x) => x.stack === 'prod-europe')!;
    expect(r.rules.find((x) => x.id === 'AOAI-NET-001')).toMatchObject({ status: 'pass', pack: 'security-baseline', frameworks: { GDPR: ['Art. 32(1)(b)'], 'ISO 27001': ['A.8.20', 'A.8.22'] } });
    expect(r.rules.find((x) => x.id === 'AOAI-NET-004')).toMatchObject({ status: 'not-applicable' });
    const md = toMarkdown(report);
    expect(md).toContain('| AOAI-NET-001 Azure OpenAI account is reachable only through a private endpoint | security-baseline | error | pass 2 | ISO 27001 A.8.20, A.8.22; GDPR Art. 32(1)(b) |');
    const stack = new LandingZoneStack(Testing.app(), 'dev-europe', {
      config: cfg, environment: 'dev', regionProfile: 'europe', functionPackagePath: zip, today: '2026-12-02',
      suppressions: [{ ruleId: 'AOAI-RES-001', path: 'resource-group', reason: 'kept in eastus until the state migration (ticket 42)' }],
    });
    stack.resourceGroup.location = 'eastus';
    const json = JSON.parse(Testing.synth(stack, true));
    const evaluation = evaluationOf(stack);
    const residency = evaluateStack(json, ctx, evaluation).find((c) => c.id === 'data-residency')!;
    expect(residency.gaps).toEqual([]);
    expect(residency.evidence).toContain('exception: AOAI-RES-001 dev-europe/resource-group: location "eastus" is outside region profile "europe" (allowed: westeurope, northeurope, swedencentral) (suppressed: kept in eastus until the state migration (ticket 42))');
    const withSuppression = toMarkdown({ meta: report.meta, stacks: [{ ...ctx, controls: evaluateStack(json, ctx, evaluation), rules: ruleReports(evaluation, ctx.frameworks), suppressions: [...evaluation.suppressions] }] });
    expect(withSuppression).toContain('- AOAI-RES-001 at `dev-europe/resource-group`: kept in eastus until the state migration (ticket 42)');
    expect(withSuppression).toContain('- AOAI-RES-001 suppressed at `dev-europe/resource-group`: location "eastus"');
  });

  it('names a direct data-plane holder as a gap (AOAI-GW-001) and a declared break-glass as a warning (AOAI-GW-003)', () => {
    const raw = structuredClone(landingZones) as any;
    raw.environments.dev.personas.users[0].breakGlass = { reason: 'incident response while the gateway is down' };
    const config = loadConfig(raw, { today: '2026-12-02' });
    const stack = new LandingZoneStack(Testing.app(), 'dev-europe', { config, environment: 'dev', regionProfile: 'europe', functionPackagePath: zip, today: '2026-12-02' });
    new RoleAssignment(stack, 'direct', { roleDefinitionName: 'Cognitive Services OpenAI User', principalId: 'u-1', scope: stack.zone.openAi.resourceId, description: 'Cognitive Services OpenAI User for users' });
    const json = JSON.parse(Testing.synth(stack, false));
    const rbac = evaluateStack(json, ctx, evaluationOf(stack)).find((c) => c.id === 'least-privilege')!;
    expect(rbac.gaps).toEqual([
      'AOAI-GW-001 dev-europe/direct: role Cognitive Services OpenAI User grants inference on the OpenAI account (Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action, Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action, Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action) to a principal that is not the gateway; declare a break-glass in config if this is intended',
    ]);
    const user = config.environments.dev.personas.users[0];
    // The declared break-glass is AOAI-GW-003's warning: listed, not a gap.
    expect(rbac.warnings).toContain(
      `AOAI-GW-003 dev-europe/landing-zone/openai/grant-cognitive-services-openai-user-${user.displayName}-break-glass: break-glass: ${user.displayName}-break-glass may call the models directly, without the gateway (incident response while the gateway is down)`,
    );
    for (const w of rbac.warnings) expect(w).toMatch(/^AOAI-GW-003 dev-europe\/landing-zone\/\S+-break-glass: break-glass: /);
    const holders = rbac.evidence.filter((l) => l.includes('data-plane access:')).map((l) => l.replace(/^.*grants inference at \S+ to /, ''));
    expect(new Set(holders)).toEqual(new Set(["the gateway's identity", `break-glass ${user.displayName}-break-glass`, 'principal u-1']));
  });

  it('names a private endpoint subnet without an NSG (AOAI-GW-002), and synth fails on it too', () => {
    const stack = devEurope();
    remove(at(stack, 'landing-zone/network/pe-nsg-association', SubnetNetworkSecurityGroupAssociation));
    const { gaps, synthError } = controlsOf(stack);
    const finding = "no network security group: Azure's default rules let the whole VNet reach dev-europe/landing-zone/openai-private-link/endpoint";
    expect(gaps['network-isolation']).toEqual([expect.stringMatching(new RegExp(`^AOAI-GW-002 dev-europe/landing-zone/network/pe-subnet: ${finding}, `))]);
    expect(synthError).toContain(`[dev-europe/landing-zone/network/pe-subnet] gateway-only/endpoint-network: ${finding}`);
  });

  it('fails the DLP control without a gateway (a report check), and the audit control without the account\'s audit setting (AOAI-LOG-001)', () => {
    // DLP settings are no rule's: the report reads them from the synthesized gateway, so this half edits the JSON.
    const { json, evaluations } = synthesizeWithEvaluations({ config: cfg, functionPackagePath: zip, stacks: ['dev-europe'] });
    const noGateway: any = structuredClone(json['dev-europe']);
    delete noGateway.resource.azurerm_function_app_flex_consumption;
    expect(evaluateStack(noGateway, ctx, evaluations['dev-europe']).find((c) => c.id === 'dlp')!.gaps).toEqual(['no gateway: prompts are not scanned']);
    const stack = devEurope();
    remove(at(stack, 'landing-zone/diagnostics/openai-audit', MonitorDiagnosticSetting));
    const { gaps, synthError } = controlsOf(stack);
    const finding = 'no diagnostic setting sends its audit logs (Audit) to the audit workspace (a Log Analytics workspace tagged log-purpose = audit)';
    expect(gaps['audit-logging']).toEqual([`AOAI-LOG-001 dev-europe/landing-zone/openai/account: ${finding}`]);
    expect(synthError).toContain(`[dev-europe/landing-zone/openai/account] audit-trail: ${finding} [AOAI-LOG-001]`);
  });

  it('names a log-emitting resource without an audit destination and an audit table kept too briefly', () => {
    const stack = devEurope();
    remove(at(stack, 'landing-zone/diagnostics/network-pe-nsg-audit', MonitorDiagnosticSetting));
    at(stack, 'landing-zone/diagnostics/operations-workspace-AppTraces', LogAnalyticsWorkspaceTable).retentionInDays = 90;
    const { gaps } = controlsOf(stack);
    expect(gaps['audit-logging']).toEqual([
      'AOAI-LOG-001 dev-europe/landing-zone/network/pe-nsg: no diagnostic setting sends its audit logs (NetworkSecurityGroupEvent, NetworkSecurityGroupRuleCounter) to the audit workspace (a Log Analytics workspace tagged log-purpose = audit)',
      'AOAI-LOG-001 dev-europe/landing-zone/gateway/insights: the gateway\'s audit events (AppTraces) are kept 90 days searchable, 365 in all; region profile "europe" requires 365 days searchable, 365 in all',
    ]);
  });

  it('passes least privilege and caller authentication once real ids replace the placeholders', () => {
    // Principal ids and the tenant are placeholders the report checks (no rule does): this edits the JSON's ids only.
    const { json: all, evaluations } = synthesizeWithEvaluations({ config: cfg, functionPackagePath: zip, stacks: ['dev-europe'] });
    const evaluation = evaluations['dev-europe'];
    const fresh = (): any => structuredClone(all['dev-europe']);
    const json = fresh();
    let n = 0;
    const realId = () => `${(0x3f2a9c17 + n++).toString(16)}-9b4e-4d21-a7c3-5e8f1b6d0c9${n % 10}`;
    for (const ra of Object.values(json.resource.azurerm_role_assignment) as any[]) if (!String(ra.principal_id).startsWith('${')) ra.principal_id = realId();
    (Object.values(json.resource.azurerm_function_app_flex_consumption)[0] as any).app_settings.ENTRA_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const results = evaluateStack(json, ctx, evaluation);
    expect(results.map((c) => [c.id, c.status])).toEqual(CONTROLS.map(([id]) => [id, 'pass']));
    const withGap = { meta: report.meta, stacks: [{ ...ctx, controls: evaluateStack(fresh(), ctx, evaluation) }] } as ComplianceReport;
    withGap.stacks[0].controls[0].gaps.push('a control gap');
    expect(exitCodeFor(withGap, { allowPlaceholders: true })).toBe(1);
  });
});

describe('npm run report', () => {
  const out = mkdtempSync(join(tmpdir(), 'lz-report-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'report/compliance.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

  it('writes both files and exits 0 when placeholders are allowed, naming them on stderr', () => {
    const r = run('--allow-placeholders', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^placeholder identities \(allowed by --allow-placeholders; still gaps in the report\):$/m);
    expect(r.stderr).not.toMatch(/^compliance gaps:/m);
    const written = JSON.parse(readFileSync(join(out, 'compliance.json'), 'utf8'));
    expect(written.stacks.map((s: any) => s.stack)).toEqual(stackMatrix(cfg).map((t) => t.stackName));
    expect(Object.keys(written.meta)).toEqual(['generatedAt', 'commit', 'tool', 'versions']);
    expect(readFileSync(join(out, 'compliance.md'), 'utf8')).toContain('**gap: placeholder**');
  }, 240_000);

  it('exits 2 and writes nothing when it cannot run', () => {
    const elsewhere = join(out, 'never');
    const r = run('--out', elsewhere, '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('compliance report not written: unknown or incomplete argument "--bogus"; usage: npm run report -- [--allow-placeholders] [--out <dir>]');
    expect(existsSync(elsewhere)).toBe(false);
    expect(() => parseArgs(['--out'])).toThrow('unknown or incomplete argument "--out"');
  });
});

describe('the workflows run the report', () => {
  const workflow = (f: string) => readFileSync(join(ROOT, '.github', 'workflows', f), 'utf8');

  it('accepting placeholders on pull requests, strictly before every deploy', () => {
    expect(workflow('ci.yml')).toMatch(/^\s+- run: npm run report -- --allow-placeholders$/m);
    const deploy = workflow('deploy.yml');
    const report = deploy.search(/^\s+- run: npm run report$/m);
    expect(report).toBeGreaterThan(0);
    expect(deploy.indexOf('cdktf deploy')).toBeGreaterThan(report);
  });
});
