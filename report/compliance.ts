/**
 * npm run report — synthesizes every stack and writes reports/compliance.md and .json:
 * per stack, each control with the resources and settings that implement it, and the
 * frameworks of its region profile. Exits 1, naming the gap, if any control lacks evidence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectConfig, stackMatrix, type LandingZoneConfig } from '../config';
import { auditRetentionFor } from '../config/retention';
import { synthesizeStacks } from '../main';
import { evaluateStack, type ControlResult, type StackContext } from './controls';

export interface StackReport extends StackContext {
  readonly controls: ControlResult[];
}

export function complianceReport(config: LandingZoneConfig = projectConfig(), options: { functionPackagePath?: string } = {}): StackReport[] {
  const stacks = synthesizeStacks({ config, functionPackagePath: options.functionPackagePath });
  return stackMatrix(config).map((t) => {
      const profile = config.regionProfiles[t.regionProfile];
      const ctx: StackContext = {
        stack: t.stackName,
        environment: t.environment,
        regionProfile: t.regionProfile,
        location: profile.location,
        allowedLocations: profile.allowedLocations,
        frameworks: profile.compliance,
        dlpProfile: profile.dlpProfile,
        auditRetention: auditRetentionFor(profile.compliance, profile.auditRetention),
      };
      return { ...ctx, controls: evaluateStack(stacks[t.stackName], ctx) };
  });
}

export function toMarkdown(reports: StackReport[]): string {
  const lines = ['# Compliance evidence', '', 'Generated from the synthesized Terraform of every landing zone (`npm run report`).', ''];
  lines.push('| stack | region | frameworks | ' + reports[0].controls.map((c) => c.id).join(' | ') + ' |');
  lines.push('| --- | --- | --- | ' + reports[0].controls.map(() => '---').join(' | ') + ' |');
  for (const r of reports) lines.push(`| ${r.stack} | ${r.location} | ${r.frameworks.join(', ')} | ${r.controls.map((c) => (c.status === 'pass' ? 'pass' : '**FAIL**')).join(' | ')} |`);
  for (const r of reports) {
    lines.push('', `## ${r.stack}`, '', `Environment \`${r.environment}\`, region profile \`${r.regionProfile}\` (${r.location}; allowed: ${r.allowedLocations.join(', ')}), frameworks: ${r.frameworks.join(', ')}.`);
    for (const c of r.controls) {
      lines.push('', `### ${c.title} — ${c.status === 'pass' ? 'pass' : 'FAIL'}`, '');
      for (const gap of c.gaps) lines.push(`- **gap:** ${gap}`);
      for (const ev of c.evidence) lines.push(`- ${ev}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const reports = complianceReport();
  const dir = join(__dirname, '..', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compliance.json'), `${JSON.stringify(reports, null, 2)}\n`);
  writeFileSync(join(dir, 'compliance.md'), toMarkdown(reports));
  const gaps = reports.flatMap((r) => r.controls.flatMap((c) => c.gaps.map((g) => `${r.stack} / ${c.id}: ${g}`)));
  console.log(`wrote reports/compliance.md and reports/compliance.json (${reports.length} stacks, ${reports.length * 7} controls)`);
  if (gaps.length) {
    console.error(`compliance gaps:\n${gaps.map((g) => `  - ${g}`).join('\n')}`);
    process.exitCode = 1;
  }
}
