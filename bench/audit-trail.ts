/**
 * npm run bench:audit-trail — what the audit-trail rule adds to synth-time validation of one
 * landing zone stack (the rule resolves every diagnostic setting's target against every log source).
 * Prints one JSON line: stack, resources, diagnostic_settings, runs, synth_ms_without_rule and
 * synth_ms_with_rule (medians of synth with validations, the stack built beforehand).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects, Testing, TerraformResource, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { projectConfig } from '../config';
import { auditRetentionFor } from '../config/retention';
import { RegionalLandingZone } from '../constructs/regional-landing-zone';
import { AuditTrailPolicy } from '../policies';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ENVIRONMENT = 'prod';
const PROFILE = 'us_healthcare';

const zip = join(mkdtempSync(join(tmpdir(), 'bench-audit-')), 'function.zip');
writeFileSync(zip, 'placeholder');
const config = projectConfig();
const profile = config.regionProfiles[PROFILE];
const required = auditRetentionFor(profile.compliance, profile.auditRetention);

/** Builds one landing zone, then times its synth with validations, with or without the rule. */
function synthMs(withRule: boolean): { ms: number; resources: number; settings: number } {
  const stack = new TerraformStack(Testing.app(), 'bench');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new RegionalLandingZone(stack, 'landing-zone', {
    naming: { prefix: config.prefix, environment: ENVIRONMENT, location: profile.location },
    resourceGroupName: 'rg-bench',
    profile,
    profileName: PROFILE,
    resourceGroupId: '/subscriptions/s/resourceGroups/rg-bench',
    environment: config.environments[ENVIRONMENT],
    addressSpace: config.environments[ENVIRONMENT].addressSpaces[PROFILE],
    gateway: { packagePath: zip, resourceGroupId: '/subscriptions/s/resourceGroups/rg-bench', budgetStartDate: '2026-12-01' },
  });
  if (withRule) Aspects.of(stack).add(new AuditTrailPolicy(PROFILE, required));
  const resources = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const t = process.hrtime.bigint();
  Testing.synth(stack, true);
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    resources: resources.length,
    settings: resources.filter((r) => r.terraformResourceType === 'azurerm_monitor_diagnostic_setting').length,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
synthMs(true); // warm-up: module loading and JIT
const without = Array.from({ length: RUNS }, () => synthMs(false));
const withRule = Array.from({ length: RUNS }, () => synthMs(true));
console.log(
  JSON.stringify({
    stack: `${ENVIRONMENT}-${PROFILE}`,
    resources: withRule[0].resources,
    diagnostic_settings: withRule[0].settings,
    runs: RUNS,
    synth_ms_without_rule: Math.round(median(without.map((r) => r.ms))),
    synth_ms_with_rule: Math.round(median(withRule.map((r) => r.ms))),
  }),
);
