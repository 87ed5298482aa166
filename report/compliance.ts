/**
 * npm run report — synthesizes every stack and writes reports/compliance.md and .json:
 * per stack, each control with the resources and settings that implement it, and the
 * frameworks of its region profile; the report names when, from which commit and with which
 * tool and provider versions it was made.
 *
 * Pass, fail and the evidence of everything a rule checks come from the rule registry's evaluation (policies/),
 * the one synth ran; the report adds only what no rule checks (gateway settings, DNS zones, saved queries).
 *
 * Exit codes (so CI can tell an estate's gaps from a broken tool):
 *   0  written; every control passes (warnings, listed in the report and on stderr, do not change this)
 *   1  written; a control has a gap — or placeholder identities remain, unless --allow-placeholders
 *   2  nothing written: the tool could not run (bad configuration, bad arguments, synth failure: an
 *      error-severity rule that fails, unsuppressed, fails synth and so the report)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectConfig, stackMatrix, type LandingZoneConfig } from '../config';
import { auditRetentionFor } from '../config/retention';
import { isUsageError, synthesizeWithEvaluations } from '../main';
import { evaluateStack, ruleReports, type ControlResult, type RuleReport, type StackContext, type Suppression } from './controls';

const ROOT = join(__dirname, '..');

export interface StackReport extends StackContext {
  readonly controls: ControlResult[];
  /** Each rule's result in this stack (policies/), from the evaluation synth ran. */
  readonly rules: RuleReport[];
  /** Every suppression of this stack, with its reason, and whether it suppressed anything. */
  readonly suppressions: (Suppression & { readonly used: boolean })[];
}

/** Where a report comes from: enough for an auditor to reproduce it. */
export interface ReportMeta {
  /** ISO 8601, UTC. */
  readonly generatedAt: string;
  /** The commit synthesized; `dirty` when the work tree had uncommitted changes to tracked files. */
  readonly commit: { readonly sha: string; readonly dirty: boolean } | { readonly sha: null; readonly reason: string };
  readonly tool: { readonly name: string; readonly version: string };
  /** Node.js, cdktf, its CLI, the provider bindings, and the azurerm provider the stacks require. */
  readonly versions: Readonly<Record<string, string>>;
}

export interface ComplianceReport {
  readonly meta: ReportMeta;
  readonly stacks: StackReport[];
}

export interface ReportOptions {
  readonly functionPackagePath?: string;
  /** @default the current time */
  readonly now?: Date;
}

function gitCommit(): ReportMeta['commit'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    const sha = process.env.GITHUB_SHA?.trim();
    return sha ? { sha, dirty: false } : { sha: null, reason: 'not a git checkout and GITHUB_SHA is unset' };
  }
}

const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

export function complianceReport(config: LandingZoneConfig = projectConfig(), options: ReportOptions = {}): ComplianceReport {
  const { json: stacks, evaluations } = synthesizeWithEvaluations({ config, functionPackagePath: options.functionPackagePath });
  const reports = stackMatrix(config).map((t) => {
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
    const evaluation = evaluations[t.stackName];
    return { ...ctx, controls: evaluateStack(stacks[t.stackName], ctx, evaluation), rules: ruleReports(evaluation, profile.compliance), suppressions: [...evaluation.suppressions] };
  });
  const azurerm = [...new Set(Object.values(stacks).map((s) => String(s.terraform?.required_providers?.azurerm?.version ?? 'unknown')))];
  const pkg = require(join(ROOT, 'package.json')) as { name: string; version: string };
  const meta: ReportMeta = {
    generatedAt: (options.now ?? new Date()).toISOString(),
    commit: gitCommit(),
    tool: { name: pkg.name, version: pkg.version },
    versions: {
      node: process.versions.node,
      cdktf: versionOf('cdktf'),
      'cdktf-cli': versionOf('cdktf-cli'),
      '@cdktf/provider-azurerm': versionOf('@cdktf/provider-azurerm'),
      'azurerm provider': azurerm.join(', '),
    },
  };
  return { meta, stacks: reports };
}

const cell = (c: ControlResult) => (c.status === 'pass' ? 'pass' : c.status === 'fail' ? '**FAIL**' : '**gap: placeholder**');
const heading = (c: ControlResult) => (c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'FAIL' : 'gap: placeholder identities');

export function toMarkdown(report: ComplianceReport): string {
  const { meta, stacks } = report;
  const c = meta.commit;
  const commit = 'reason' in c ? `unknown (${c.reason})` : `\`${c.sha}\`${c.dirty ? ' (with uncommitted changes)' : ''}`;
  const lines = [
    '# Compliance evidence',
    '',
    'Generated from the synthesized Terraform of every landing zone (`npm run report`).',
    '',
    `- Generated: ${meta.generatedAt}`,
    `- Commit: ${commit}`,
    `- Tool: ${meta.tool.name} ${meta.tool.version}`,
    `- Versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  const placeholders = stacks.reduce((n, r) => n + r.controls.reduce((m, c) => m + c.placeholders.length, 0), 0);
  if (placeholders) {
    lines.push('', `**${placeholders} placeholder identities** (principal ids or tenant still the template's): those controls do not pass until they are replaced in \`config/landing-zones.ts\`.`);
  }
  lines.push('', '| stack | region | frameworks | ' + stacks[0].controls.map((c) => c.id).join(' | ') + ' |');
  lines.push('| --- | --- | --- | ' + stacks[0].controls.map(() => '---').join(' | ') + ' |');
  for (const r of stacks) lines.push(`| ${r.stack} | ${r.location} | ${r.frameworks.join(', ')} | ${r.controls.map(cell).join(' | ')} |`);
  for (const r of stacks) {
    lines.push('', `## ${r.stack}`, '', `Environment \`${r.environment}\`, region profile \`${r.regionProfile}\` (${r.location}; allowed: ${r.allowedLocations.join(', ')}), frameworks: ${r.frameworks.join(', ')}.`);
    for (const c of r.controls) {
      lines.push('', `### ${c.title} — ${heading(c)}`, '');
      for (const gap of c.gaps) lines.push(`- **gap:** ${gap}`);
      for (const p of c.placeholders) lines.push(`- **gap (placeholder):** ${p}`);
      for (const w of c.warnings ?? []) lines.push(`- **warning:** ${w}`);
      for (const ev of c.evidence) lines.push(`- ${ev}`);
    }
    if (r.rules?.length) {
      lines.push('', '### Rules', '', '| rule | pack | severity | result | framework controls |', '| --- | --- | --- | --- | --- |');
      for (const rule of r.rules) {
        const fw = Object.entries(rule.frameworks).map(([f, ids]) => `${f} ${ids.join(', ')}`).join('; ');
        const label = (s: string) => (s === 'fail' && rule.severity === 'warning' ? 'warning' : s);
        const counts = ['pass', 'fail', 'suppressed'].map((s) => [s, rule.results.filter((x) => x.status === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${label(s)} ${n}`).join(', ');
        lines.push(`| ${rule.id} ${rule.title} | ${rule.pack} | ${rule.severity} | ${rule.status === 'not-applicable' ? 'not applicable' : counts} | ${fw || '—'} |`);
      }
      for (const rule of r.rules) for (const x of rule.results.filter((y) => y.status === 'fail' || y.status === 'suppressed')) {
        const status = x.status === 'suppressed' ? 'suppressed' : rule.severity === 'warning' ? '**warning**' : '**fail**';
        lines.push(`- ${rule.id} ${status} at \`${x.path}\`: ${x.findings.join('; ')}${x.suppression ? ` — reason: ${x.suppression.reason}` : ''}`);
      }
    }
    lines.push('', '### Suppressions', '');
    if (!r.suppressions?.length) lines.push('- none');
    for (const sup of r.suppressions ?? []) lines.push(`- ${sup.ruleId} at \`${sup.path}\`: ${sup.reason}${sup.used ? '' : ' (**unused**: suppresses nothing)'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every warning rule's finding as `stack / rule path: text` (never a gap). */
export function warningsOf(report: ComplianceReport): string[] {
  return report.stacks.flatMap((r) =>
    (r.rules ?? []).filter((x) => x.severity === 'warning').flatMap((x) => x.results.filter((y) => y.status === 'fail').flatMap((y) => y.findings.map((f) => `${r.stack} / ${x.id} ${y.path}: ${f}`))),
  );
}

/** Every gap as `stack / control: text`, the placeholder kind apart. */
export function gapsOf(report: ComplianceReport): { gaps: string[]; placeholders: string[] } {
  const all = (pick: (c: ControlResult) => string[]) => report.stacks.flatMap((r) => r.controls.flatMap((c) => pick(c).map((g) => `${r.stack} / ${c.id}: ${g}`)));
  return { gaps: all((c) => c.gaps), placeholders: all((c) => c.placeholders) };
}

/** 0 when everything passes; 1 on a gap, placeholders included unless allowed. */
export function exitCodeFor(report: ComplianceReport, options: { allowPlaceholders?: boolean } = {}): 0 | 1 {
  const { gaps, placeholders } = gapsOf(report);
  return gaps.length || (placeholders.length && !options.allowPlaceholders) ? 1 : 0;
}

const USAGE = 'usage: npm run report -- [--allow-placeholders] [--out <dir>]';

export function parseArgs(argv: readonly string[]): { allowPlaceholders: boolean; out: string } {
  const options = { allowPlaceholders: false, out: join(ROOT, 'reports') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--allow-placeholders') options.allowPlaceholders = true;
    else if (argv[i] === '--out' && argv[i + 1] && !argv[i + 1].startsWith('--')) options.out = resolve(argv[++i]);
    else throw new Error(`unknown or incomplete argument "${argv[i]}"; ${USAGE}`);
  }
  return options;
}

/** Writes both files, each in full or not at all (written aside, then renamed). */
function writeReport(dir: string, report: ComplianceReport): void {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['compliance.json', `${JSON.stringify(report, null, 2)}\n`],
    ['compliance.md', toMarkdown(report)],
  ];
  for (const [name, text] of files) writeFileSync(join(dir, `.${name}.tmp`), text);
  for (const [name] of files) renameSync(join(dir, `.${name}.tmp`), join(dir, name));
}

function main(argv: readonly string[]): number {
  let options: ReturnType<typeof parseArgs>;
  let report: ComplianceReport;
  try {
    options = parseArgs(argv);
    report = complianceReport();
    writeReport(options.out, report);
  } catch (e) {
    // The tool failed, not the estate: exit 2, the message alone for errors the user fixes.
    process.stderr.write(`compliance report not written: ${isUsageError(e) || (e instanceof Error && e.message.includes(USAGE)) ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    return 2;
  }
  const { gaps, placeholders } = gapsOf(report);
  const controls = report.stacks.reduce((n, r) => n + r.controls.length, 0);
  console.log(`wrote ${join(options.out, 'compliance.md')} and compliance.json (${report.stacks.length} stacks, ${controls} controls)`);
  if (gaps.length) process.stderr.write(`compliance gaps:\n${gaps.map((g) => `  - ${g}`).join('\n')}\n`);
  const warnings = warningsOf(report);
  if (warnings.length) process.stderr.write(`warnings (listed in the report; they do not change the exit code):\n${warnings.map((w) => `  - ${w}`).join('\n')}\n`);
  if (placeholders.length) {
    process.stderr.write(
      `placeholder identities (${options.allowPlaceholders ? 'allowed by --allow-placeholders; still gaps in the report' : 'gaps; --allow-placeholders accepts them'}):\n${placeholders.map((g) => `  - ${g}`).join('\n')}\n`,
    );
  }
  return exitCodeFor(report, options);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
