import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeStacks } from '../../main';
import { projectConfig, stackMatrix } from '../../config';
import { complianceReport, exitCodeFor, parseArgs, toMarkdown, type ComplianceReport } from '../../report/compliance';
import { CONTROLS, evaluateStack, type StackContext } from '../../report/controls';

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
      const principals = [...env.personas.users, ...env.personas.modelOwners, ...env.personas.auditors].map((p) => p.principalId);
      expect(byId['least-privilege'].status).toBe('placeholder');
      // Every persona's role assignment is named, with the config path to fix.
      for (const id of new Set(principals)) expect(byId['least-privilege'].placeholders.join('\n')).toContain(`granted to ${id}, a placeholder principal id`);
      expect(byId['least-privilege'].placeholders.every((p) => p.endsWith(`config.environments.${r.environment}.personas`))).toBe(true);
      expect(byId.dlp.status).toBe('placeholder');
      expect(byId.dlp.placeholders).toEqual([`ENTRA_TENANT_ID = ${env.gateway.tenantId} is a placeholder tenant, so no caller's token validates: set config.environments.${r.environment}.gateway.tenantId`]);
      for (const id of ['network-isolation', 'keyless-auth', 'data-residency', 'audit-logging', 'cost-limits']) expect({ id, status: byId[id].status }).toEqual({ id, status: 'pass' });
    }
    expect(exitCodeFor(report)).toBe(1);
    expect(exitCodeFor(report, { allowPlaceholders: true })).toBe(0);
  });

  it('tells the two workspaces apart by name and retention', () => {
    const audit = reports.find((r) => r.stack === 'prod-europe')!.controls.find((c) => c.id === 'audit-logging')!.evidence;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^workspace log-aoai-prod-weu-audit \(azurerm_log_analytics_workspace\.\S+\): retention 365 days, receives Audit$/),
        expect.stringMatching(/^workspace log-aoai-prod-weu-ops \(azurerm_log_analytics_workspace\.\S+\): retention 90 days, receives RequestResponse, Trace, AllMetrics$/),
        'Audit logs → log-aoai-prod-weu-audit, kept 365 days (≥ 365 required)',
        'RequestResponse logs → log-aoai-prod-weu-ops, kept 90 days (≥ 90 required)',
        'table retention: log-aoai-prod-weu-audit/AzureDiagnostics: 365 days, log-aoai-prod-weu-ops/AzureDiagnostics: 90 days, log-aoai-prod-weu-ops/AzureMetrics: 90 days',
      ]),
    );
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
    expect(md).toMatch(/\*\*36 placeholder identities\*\*/);
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
    expect(ev['audit-logging']).toContain('Audit logs → log-aoai-prod-weu-audit, kept 365 days (≥ 365 required)');
    expect(ev['cost-limits']).toMatch(/2000 per Monthly, notifications at 50% Actual, 80% Actual, 100% Actual, 100% Forecasted/);
    const md = toMarkdown(report);
    expect(md).toContain('| prod-europe | westeurope | GDPR, ISO 27001 | pass | pass | **gap: placeholder** | **gap: placeholder** | pass | pass | pass |');
  });
});

describe('gaps', () => {
  const devEurope = synthesizeStacks()['dev-europe'];
  const fresh = (): any => structuredClone(devEurope);
  const profile = cfg.regionProfiles.europe;
  const ctx: StackContext = { stack: 'dev-europe', environment: 'dev', regionProfile: 'europe', location: profile.location, allowedLocations: profile.allowedLocations, frameworks: profile.compliance, dlpProfile: profile.dlpProfile };
  const gapsOf = (json: any) => Object.fromEntries(evaluateStack(json, ctx).filter((c) => c.status === 'fail').map((c) => [c.id, c.gaps]));

  it('names a public account, an owner role, a resource abroad and a missing budget', () => {
    const json = fresh();
    const account = Object.values(json.resource.azurerm_cognitive_account)[0] as any;
    account.public_network_access_enabled = true;
    json.resource.azurerm_role_assignment.rogue = { role_definition_name: 'Owner', principal_id: 'p', scope: '/subscriptions/s' };
    (Object.values(json.resource.azurerm_storage_account)[0] as any).location = 'eastus';
    delete json.resource.azurerm_consumption_budget_resource_group;
    const gaps = gapsOf(json);
    expect(gaps['network-isolation']).toEqual([expect.stringMatching(/^azurerm_cognitive_account\.\S+: public_network_access_enabled = false$/)]);
    expect(gaps['least-privilege']).toEqual(['azurerm_role_assignment.rogue: Owner → p at /subscriptions/s']);
    expect(gaps['data-residency']).toEqual([expect.stringMatching(/^azurerm_storage_account\.\S+: location eastus is outside westeurope, northeurope, swedencentral$/)]);
    expect(gaps['cost-limits']).toEqual(['no Azure consumption budget']);
  });

  it('fails DLP and audit controls when the gateway or the audit setting is missing', () => {
    const json = fresh();
    delete json.resource.azurerm_function_app_flex_consumption;
    json.resource.azurerm_monitor_diagnostic_setting = Object.fromEntries(
      Object.entries(json.resource.azurerm_monitor_diagnostic_setting).filter(([, d]: any) => !d.enabled_log.some((l: any) => l.category === 'Audit')),
    );
    const gaps = gapsOf(json);
    expect(gaps.dlp).toEqual(['no gateway: prompts are not scanned']);
    expect(gaps['audit-logging']).toContain('Audit logs → no workspace (≥ 365 days required)');
  });

  it('passes least privilege and caller authentication once real ids replace the placeholders', () => {
    const json = fresh();
    let n = 0;
    const realId = () => `${(0x3f2a9c17 + n++).toString(16)}-9b4e-4d21-a7c3-5e8f1b6d0c9${n % 10}`;
    for (const ra of Object.values(json.resource.azurerm_role_assignment) as any[]) if (!String(ra.principal_id).startsWith('${')) ra.principal_id = realId();
    (Object.values(json.resource.azurerm_function_app_flex_consumption)[0] as any).app_settings.ENTRA_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const results = evaluateStack(json, ctx);
    expect(results.map((c) => [c.id, c.status])).toEqual(CONTROLS.map(([id]) => [id, 'pass']));
    const withGap = { meta: report.meta, stacks: [{ ...ctx, controls: evaluateStack(fresh(), ctx) }] } as ComplianceReport;
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
