import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { AuditTrailPolicy, type RequiredRetention } from '../../policies';
import { Diagnostics, type TableRetention } from '../../constructs/diagnostics';
import { OpenAiAccount } from '../../constructs/openai-account';
import { LandingZoneStack } from '../../stacks/landing-zone-stack';
import { projectConfig } from '../../config';
import { located } from '../helpers/synth';

const base = { location: 'westeurope', resourceGroupName: 'rg' };
const oneYear: RequiredRetention = { interactiveDays: 365, totalDays: 365 };

/** A stack with the audit-trail rule; `build` adds the fixture. Returns the synth error message, or '' if synth passed. */
function synthError(build: (stack: TerraformStack) => void, required: RequiredRetention = oneYear): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  build(stack);
  Aspects.of(stack).add(new AuditTrailPolicy('test', required));
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const diagnostics = (s: TerraformStack, auditRetention?: TableRetention) => new Diagnostics(s, 'diag', { ...located, auditRetention });
const nsg = (s: TerraformStack, id = 'nsg') => new NetworkSecurityGroup(s, id, { ...base, name: id });
const storage = (s: TerraformStack) => new StorageAccount(s, 'st', { ...base, name: 'st', accountTier: 'Standard', accountReplicationType: 'LRS' });

describe('audit-trail rule', () => {
  it('passes a stack whose every log-emitting resource sends its audit categories to the audit workspace', () => {
    expect(
      synthError((s) => {
        const d = diagnostics(s);
        nsg(s);
        storage(s);
        d.addTarget(new OpenAiAccount(s, 'openai', { ...located, deployments: [] }));
        d.addTargetsFor(s);
      }),
    ).toBe('');
  });

  it('fails a resource with no diagnostic setting to the audit workspace, naming its path', () => {
    const msg = synthError((s) => {
      const d = diagnostics(s);
      d.addTargetsFor(s);
      nsg(s, 'rogue-nsg');
    });
    expect(msg).toContain(
      '[fixture/rogue-nsg] audit-trail: no diagnostic setting sends its audit logs (NetworkSecurityGroupEvent, NetworkSecurityGroupRuleCounter) to the audit workspace (a Log Analytics workspace tagged log-purpose = audit)',
    );
    // The workspaces themselves were collected: reading the audit trail is audited.
    expect(msg).not.toContain('[fixture/diag/audit-workspace]');
  });

  it('fails each storage service without one, and a setting that goes to the operations workspace only', () => {
    const msg = synthError((s) => {
      const d = diagnostics(s);
      const st = storage(s);
      new MonitorDiagnosticSetting(s, 'blob-to-audit', { name: 'a', targetResourceId: `${st.id}/blobServices/default`, logAnalyticsWorkspaceId: d.auditWorkspace.id, enabledLog: [{ category: 'StorageWrite' }, { category: 'StorageDelete' }] });
      new MonitorDiagnosticSetting(s, 'queue-to-ops', { name: 'o', targetResourceId: `${st.id}/queueServices/default`, logAnalyticsWorkspaceId: d.operationsWorkspace.id, enabledLog: [{ category: 'StorageWrite' }, { category: 'StorageDelete' }] });
    });
    expect(msg).not.toContain('blob service');
    for (const service of ['queue', 'table', 'file']) {
      expect(msg).toContain(`[fixture/st] audit-trail: ${service} service: no diagnostic setting sends its audit logs (StorageWrite, StorageDelete) to the audit workspace`);
    }
  });

  it('fails a setting that leaves out an audit category, and accepts the audit category group', () => {
    const missing = synthError((s) => {
      const d = diagnostics(s);
      const n = nsg(s);
      new MonitorDiagnosticSetting(s, 'partial', { name: 'p', targetResourceId: n.id, logAnalyticsWorkspaceId: d.auditWorkspace.id, enabledLog: [{ category: 'NetworkSecurityGroupEvent' }] });
    });
    expect(missing).toContain('[fixture/nsg] audit-trail: the audit workspace does not receive NetworkSecurityGroupRuleCounter');

    const group = synthError((s) => {
      const d = diagnostics(s);
      const n = nsg(s);
      new MonitorDiagnosticSetting(s, 'group', { name: 'g', targetResourceId: n.id, logAnalyticsWorkspaceId: d.auditWorkspace.id, enabledLog: [{ categoryGroup: 'audit' }] });
    });
    expect(group).not.toContain('[fixture/nsg]');

    // The group's categories still land in their table, whose retention is checked.
    const groupShort = synthError((s) => {
      const d = diagnostics(s);
      const n = nsg(s);
      new MonitorDiagnosticSetting(s, 'group', { name: 'g', targetResourceId: n.id, logAnalyticsWorkspaceId: d.auditWorkspace.id, enabledLog: [{ categoryGroup: 'allLogs' }] });
    }, { interactiveDays: 365, totalDays: 1095 });
    expect(groupShort).toContain('[fixture/group] audit-trail: audit table AzureDiagnostics keeps 365 days searchable, 365 in all');
  });

  it('fails Application Insights that keeps the gateway\'s audit events outside a workspace', () => {
    expect(synthError((s) => new ApplicationInsights(s, 'classic', { ...base, name: 'ai', applicationType: 'Node.JS' }))).toContain(
      '[fixture/classic] audit-trail: no workspace_id: without a Log Analytics workspace the gateway\'s audit events (AppTraces) get no audit retention',
    );
  });

  it('fails an audit table, and the gateway\'s AppTraces, kept less than the profile requires', () => {
    const sixYears = { interactiveDays: 365, totalDays: 2191 };
    const msg = synthError((s) => {
      const d = diagnostics(s);
      d.addTarget(new OpenAiAccount(s, 'openai', { ...located, deployments: [] }));
      new ApplicationInsights(s, 'insights', { ...base, name: 'ai', applicationType: 'Node.JS', workspaceId: d.operationsWorkspace.id });
    }, sixYears);
    expect(msg).toContain(
      '[fixture/diag/openai-audit] audit-trail: audit table AzureDiagnostics keeps 365 days searchable, 365 in all; region profile "test" requires 365 days searchable, 2191 in all',
    );
    expect(msg).toContain(
      '[fixture/insights] audit-trail: the gateway\'s audit events (AppTraces) are kept 365 days searchable, 365 in all; region profile "test" requires 365 days searchable, 2191 in all',
    );

    expect(
      synthError((s) => {
        const d = diagnostics(s, sixYears);
        d.addTarget(new OpenAiAccount(s, 'openai', { ...located, deployments: [] }));
        new ApplicationInsights(s, 'insights', { ...base, name: 'ai', applicationType: 'Node.JS', workspaceId: d.operationsWorkspace.id });
      }, sixYears),
    ).toBe('');
  });

  it('counts a table without its own retention as keeping the workspace\'s, with no archive', () => {
    const msg = synthError((s) => {
      const d = diagnostics(s, { interactiveDays: 400, totalDays: 400 });
      const n = nsg(s);
      // A hand-made setting whose target writes to a table Diagnostics did not configure: the workspace's 400 days apply.
      const st = storage(s);
      d.addTarget({ resourceId: n.id, diagnosticsLabel: 'nsg', auditLogCategories: ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'], operationalLogCategories: [], metrics: false });
      for (const service of ['blob', 'queue', 'table', 'file']) {
        new MonitorDiagnosticSetting(s, `${service}-audit`, { name: service, targetResourceId: `${st.id}/${service}Services/default`, logAnalyticsWorkspaceId: d.auditWorkspace.id, enabledLog: [{ category: 'StorageWrite' }, { category: 'StorageDelete' }] });
      }
    }, { interactiveDays: 365, totalDays: 730 });
    expect(msg).toContain('[fixture/blob-audit] audit-trail: audit table StorageBlobLogs keeps 400 days searchable, 400 in all; region profile "test" requires 365 days searchable, 730 in all');
    expect(msg).toContain('[fixture/diag/nsg-audit] audit-trail: audit table AzureDiagnostics keeps 400 days searchable, 400 in all');
  });

  it('is registered on every landing zone stack: a resource added without diagnostics fails synth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-trail-'));
    const zip = join(dir, 'function.zip');
    writeFileSync(zip, 'placeholder');
    const app = Testing.app();
    const stack = new LandingZoneStack(app, 'dev-europe', { config: projectConfig(), environment: 'dev', regionProfile: 'europe', functionPackagePath: zip });
    new NetworkSecurityGroup(stack, 'late-nsg', { name: 'nsg', location: 'westeurope', resourceGroupName: 'rg' });
    expect(() => Testing.synth(stack, true)).toThrow(/\[dev-europe\/late-nsg\] audit-trail: no diagnostic setting sends its audit logs/);
  });
});
