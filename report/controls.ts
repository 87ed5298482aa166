/**
 * Compliance evidence from synthesized stacks: for each of the reference article's seven best
 * practices, the resources and settings that implement it, read from the Terraform JSON that
 * will actually be applied. A control with no evidence is a gap.
 */
import type { StackJson } from '../main';
import { NO_RESOURCE_LOGS } from '../config/log-categories';
import { auditRetentionFor, type AuditRetention } from '../config/retention';
import { hasSystemIdentity, ruleById, type Framework, type ReportControlId, type RuleResult, type RuleStatus, type StackEvaluation, type Suppression } from '../policies';
import { isPlaceholderGuid } from './placeholders';

export type { StackJson };

export interface ControlResult {
  readonly id: string;
  readonly title: string;
  /**
   * `fail`: a setting or resource the control needs is missing or wrong. `placeholder`: the control
   * is built, but names identities (principal ids, tenant) that are still the template's
   * placeholders, so it cannot work as deployed. Only `pass` passes. A warning never changes the status.
   */
  readonly status: 'pass' | 'fail' | 'placeholder';
  readonly evidence: string[];
  readonly gaps: string[];
  /** Findings of warning rules that evidence this control (an accepted risk the owner should know of). */
  readonly warnings: string[];
  /** Gaps of the `placeholder` kind: where a placeholder identity is used, and which config path to set. */
  readonly placeholders: string[];
}

export interface StackContext {
  readonly stack: string;
  readonly environment: string;
  readonly regionProfile: string;
  readonly location: string;
  readonly allowedLocations: readonly string[];
  readonly frameworks: readonly string[];
  readonly dlpProfile: string;
  /** The audit retention the profile requires; derived from `frameworks` when absent. */
  readonly auditRetention?: AuditRetention;
}

/** One rule's results in one stack, with the framework controls it evidences for the stack's region profile. */
export interface RuleReport {
  readonly id: string;
  readonly title: string;
  readonly pack: string;
  readonly severity: 'error' | 'warning';
  /** fail if any construct fails, else suppressed if any finding is accepted, else pass (or not-applicable). */
  readonly status: RuleStatus;
  readonly frameworks: Readonly<Partial<Record<Framework, readonly string[]>>>;
  readonly controls: readonly ReportControlId[];
  readonly results: readonly Pick<RuleResult, 'path' | 'status' | 'findings' | 'evidence' | 'suppression'>[];
}

const STATUS_ORDER: RuleStatus[] = ['fail', 'suppressed', 'pass', 'not-applicable'];

/** Each rule's result in a stack's evaluation (the one synth ran), framework controls narrowed to the profile's frameworks. */
export function ruleReports(evaluation: StackEvaluation, frameworks: readonly string[]): RuleReport[] {
  const ids = [...new Set(evaluation.results.map((r) => r.ruleId))];
  return ids.map((id) => {
    const rule = ruleById(id)!;
    const results = evaluation.results.filter((r) => r.ruleId === id);
    const status = STATUS_ORDER.find((s) => results.some((r) => r.status === s))!;
    const fw = Object.fromEntries(Object.entries(rule.frameworks).filter(([f]) => frameworks.includes(f)));
    return {
      id, title: rule.title, pack: results[0].pack, severity: rule.severity, status, frameworks: fw, controls: rule.controls,
      results: results.map(({ path, status, findings, evidence, suppression }) => ({ path, status, findings, ...(evidence?.length ? { evidence } : {}), ...(suppression ? { suppression } : {}) })),
    };
  });
}

export type { Suppression };

export const CONTROLS = [
  ['network-isolation', 'Network security: private endpoints, public access off'],
  ['keyless-auth', 'Authentication: managed identity, no keys'],
  ['least-privilege', 'Authorization: RBAC with least privilege'],
  ['dlp', 'Data protection: DLP on every prompt'],
  ['data-residency', 'Compliance: region chosen by regulatory requirements'],
  ['audit-logging', 'Monitoring: diagnostic logging for audit trails, with retention'],
  ['cost-limits', 'Cost control: usage tracking and limits'],
] as const;

const REF = /^\$\{(?:data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[^}]+\}$/;

class View {
  constructor(private readonly json: StackJson) {}
  all(type: string): [string, Record<string, any>][] {
    return Object.entries(this.json.resource[type] ?? {});
  }
  /** The resource a `${type.name.attr}` reference points at. */
  deref(ref: unknown): { type: string; name: string; body: Record<string, any> } | undefined {
    const m = typeof ref === 'string' ? REF.exec(ref) : null;
    if (!m) return undefined;
    const body = this.json.resource[m[1]]?.[m[2]];
    return body ? { type: m[1], name: m[2], body } : undefined;
  }
  /** Private endpoints (sub-resource) that connect to `type.name`. */
  endpointsTo(type: string, name: string): string[] {
    return this.all('azurerm_private_endpoint')
      .filter(([, pe]) => {
        const t = this.deref(pe.private_service_connection?.private_connection_resource_id);
        return t?.type === type && t.name === name;
      })
      .map(([, pe]) => pe.private_service_connection.subresource_names.join(','));
  }
}


function control(id: (typeof CONTROLS)[number][0], rules: readonly RuleReport[], build: (evidence: string[], gaps: string[], placeholders: string[]) => void): ControlResult {
  const evidence: string[] = [];
  const gaps: string[] = [];
  const placeholders: string[] = [];
  const warnings: string[] = [];
  // The rules that evidence this control, from the same evaluation that decided synth: their verdicts and what they saw.
  for (const rule of rules.filter((r) => r.controls.includes(id))) {
    for (const r of rule.results) {
      if (r.status === 'fail') for (const f of r.findings) (rule.severity === 'error' ? gaps : warnings).push(`${rule.id} ${r.path}: ${f}`);
      if (r.status === 'suppressed') for (const f of r.findings) evidence.push(`exception: ${rule.id} ${r.path}: ${f} (suppressed: ${r.suppression!.reason})`);
      for (const ev of r.evidence ?? []) evidence.push(`${rule.id} ${r.path}: ${ev}`);
    }
    const passed = rule.results.filter((r) => r.status === 'pass').length;
    if (passed) evidence.push(`rule ${rule.id} (${rule.title}): passes at ${passed} construct${passed === 1 ? '' : 's'}`);
  }
  build(evidence, gaps, placeholders);
  if (evidence.length === 0 && gaps.length === 0) gaps.push('no resource implements this control');
  const title = CONTROLS.find(([c]) => c === id)![1];
  return { id, title, status: gaps.length ? 'fail' : placeholders.length ? 'placeholder' : 'pass', evidence, gaps, placeholders, warnings };
}

/**
 * The seven controls of a stack. Pass and fail of what a rule checks come from `evaluation` (the rule
 * results synth saw); the report itself gathers the evidence text and checks only what no rule does.
 */
export function evaluateStack(json: StackJson, ctx: StackContext, evaluation: StackEvaluation): ControlResult[] {
  const rules = ruleReports(evaluation, ctx.frameworks);
  const v = new View(json);
  const accounts = v.all('azurerm_cognitive_account');
  const functions = v.all('azurerm_function_app_flex_consumption');
  const settings = (functions[0]?.[1].app_settings ?? {}) as Record<string, string>;
  const expect = (ok: boolean, evidence: string[], gaps: string[], text: string) => (ok ? evidence : gaps).push(text);

  const network = control('network-isolation', rules, (e, g) => {
    const privateTypes: [string, (b: Record<string, any>) => boolean, string][] = [
      ['azurerm_cognitive_account', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
      ['azurerm_storage_account', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
      ['azurerm_managed_redis', (b) => b.public_network_access === 'Disabled', 'public_network_access = Disabled'],
      ['azurerm_function_app_flex_consumption', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
    ];
    for (const [type, isPrivate, setting] of privateTypes) {
      for (const [name, body] of v.all(type)) {
        // Pass or fail is AOAI-NET-001..005's; the report lists what it saw.
        if (isPrivate(body)) e.push(`${type}.${name}: ${setting}`);
        const pes = v.endpointsTo(type, name);
        if (pes.length) e.push(`${type}.${name}: private endpoint(s) [${pes.join('; ')}]`);
      }
    }
    // Egress (AOAI-DEP-006) and who can reach each private endpoint (AOAI-GW-002) are the rules' results and evidence above.
    const zones = v.all('azurerm_private_dns_zone').map(([, z]) => z.name as string);
    expect(zones.includes('privatelink.openai.azure.com'), e, g, `private DNS zones: ${zones.join(', ') || 'none'}`);
    if (accounts.length === 0) g.push('no Azure OpenAI account');
  });

  const keyless = control('keyless-auth', rules, (e, g) => {
    // Pass or fail of these settings is AOAI-IAM-001/002 and AOAI-NET-002/003/005's; the report lists what it saw.
    for (const [name, a] of accounts) if (a.local_auth_enabled === false) e.push(`azurerm_cognitive_account.${name}: local_auth_enabled = false`);
    for (const [name, s] of v.all('azurerm_storage_account')) if (s.shared_access_key_enabled === false) e.push(`azurerm_storage_account.${name}: shared_access_key_enabled = false`);
    for (const [name, r] of v.all('azurerm_managed_redis')) if (r.default_database?.access_keys_authentication_enabled === false) e.push(`azurerm_managed_redis.${name}: access keys off (Entra ID only)`);
    for (const [name, ai] of v.all('azurerm_application_insights')) if (ai.local_authentication_disabled === true) e.push(`azurerm_application_insights.${name}: local_authentication_disabled = true`);
    for (const [name, f] of functions) {
      if (hasSystemIdentity(f.identity?.type)) e.push(`azurerm_function_app_flex_consumption.${name}: system-assigned identity (${f.identity.type})`);
      expect(settings.AZURE_OPENAI_AUTH === 'managed-identity', e, g, `gateway calls Azure OpenAI with AZURE_OPENAI_AUTH = ${settings.AZURE_OPENAI_AUTH}`);
      expect(settings.REDIS_AUTH === 'entra', e, g, `gateway authenticates to Redis with REDIS_AUTH = ${settings.REDIS_AUTH}`);
    }
    const keyRefs = JSON.stringify(v.all('azurerm_function_app_flex_consumption')).match(/primary_access_key|primary_connection_string|access_key"/g);
    expect(!keyRefs, e, g, keyRefs ? `keys referenced: ${keyRefs.join(', ')}` : 'no access key or connection string is referenced');
  });

  const rbac = control('least-privilege', rules, (e, g, p) => {
    const assignments = v.all('azurerm_role_assignment');
    for (const [name, ra] of assignments) {
      const target = v.deref(ra.scope);
      const scope = target ? target.type : String(ra.scope);
      const identity = v.deref(ra.principal_id);
      const who = identity ? `${identity.type} (managed identity)` : ra.principal_id;
      const custom = v.deref(ra.role_definition_id);
      const roleLabel = ra.role_definition_name ?? (custom ? `custom role ${custom.body.name}` : String(ra.role_definition_id));
      const line = `${roleLabel} → ${who} at ${scope}`;
      // Owner-class roles (by name or GUID) and wide scopes are AOAI-IAM-003's to fail.
      e.push(line);
      if (isPlaceholderGuid(ra.principal_id)) {
        p.push(`azurerm_role_assignment.${name}: ${roleLabel} is granted to ${ra.principal_id}, a placeholder principal id (${ra.description ?? ra.principal_type}): set the Entra object id in config.environments.${ctx.environment}.personas`);
      }
    }
    if (assignments.length === 0) g.push('no role assignments: personas have no access');
    // Who holds inference on an account, and whether that is allowed, is AOAI-GW-001's evidence and verdict;
    // a declared break-glass is AOAI-GW-003's warning.
  });

  const dlp = control('dlp', rules, (e, g, p) => {
    if (functions.length === 0) return void g.push('no gateway: prompts are not scanned');
    if (isPlaceholderGuid(settings.ENTRA_TENANT_ID)) {
      p.push(`ENTRA_TENANT_ID = ${settings.ENTRA_TENANT_ID} is a placeholder tenant, so no caller's token validates: set config.environments.${ctx.environment}.gateway.tenantId`);
    }
    expect(settings.DLP_PROFILE === ctx.dlpProfile, e, g, `DLP_PROFILE = ${settings.DLP_PROFILE} (region profile expects ${ctx.dlpProfile})`);
    expect(['block', 'redact'].includes(settings.DLP_ACTION), e, g, `DLP_ACTION = ${settings.DLP_ACTION}`);
    expect(settings.GATEWAY_AUTH === 'entra', e, g, `callers authenticated with Entra ID (GATEWAY_AUTH = ${settings.GATEWAY_AUTH}, role ${settings.GATEWAY_REQUIRED_ROLE})`);
  });

  const residency = control('data-residency', rules, (e) => {
    const locations = new Map<string, number>();
    for (const byName of Object.values(json.resource)) {
      for (const r of Object.values(byName)) {
        if (typeof r.location !== 'string') continue;
        // Whether a location is allowed is AOAI-RES-001's to decide; the report counts where resources are.
        const loc = r.location;
        locations.set(loc, (locations.get(loc) ?? 0) + 1);
      }
    }
    e.push(`resources by location: ${[...locations].map(([l, n]) => `${l} (${n})`).join(', ')}`);
    e.push(`frameworks of region profile ${ctx.regionProfile}: ${ctx.frameworks.join(', ')}`);
    // Where action groups process alerts is AOAI-DEP-011's (error) and AOAI-DEP-013's (warning, global where no allowed region offers a regional one).
    // Whether each deployment's SKU and each gateway backend stay inside the profile is AOAI-RES-002's verdict.
    const skus = v.all('azurerm_cognitive_deployment').map(([, d]) => `${d.name}: ${d.sku.name}${v.deref(d.cognitive_account_id) ? ` (${v.deref(d.cognitive_account_id)!.body.location})` : ''}`);
    e.push(`deployment SKUs: ${skus.join(', ')}`);
  });

  const audit = control('audit-logging', rules, (e, g) => {
    // Audit destinations and the retention of every audit table (the profile's, config/retention.ts) are
    // AOAI-LOG-001's verdict and evidence above; the report adds what no rule checks.
    const required = ctx.auditRetention ?? auditRetentionFor(ctx.frameworks);
    const diag = v.all('azurerm_monitor_diagnostic_setting');
    const received = new Map<string, string[]>();
    for (const [, d] of diag) {
      const ws = v.deref(d.log_analytics_workspace_id);
      if (ws) received.set(ws.name, [...(received.get(ws.name) ?? []), ...(d.enabled_log ?? []).map((l: any) => l.category ?? l.category_group), ...(d.enabled_metric ?? []).map((m: any) => m.category)]);
    }
    for (const [name, ws] of v.all('azurerm_log_analytics_workspace')) {
      const from = [...new Set(received.get(name) ?? [])];
      e.push(`workspace ${ws.name} (azurerm_log_analytics_workspace.${name}): default retention ${ws.retention_in_days} days, receives ${from.join(', ') || 'no diagnostic setting'}`);
    }
    expect(diag.some(([, d]) => (d.enabled_metric ?? []).some((m: any) => m.category === 'AllMetrics')), e, g, 'AllMetrics collected');
    for (const type of Object.keys(json.resource).filter((t) => NO_RESOURCE_LOGS[t])) e.push(`no resource logs: ${type} (${NO_RESOURCE_LOGS[type]})`);
    e.push(`audit retention of region profile ${ctx.regionProfile}: ${required.basis.join('; ')}`);
    const queries = v.all('azurerm_log_analytics_query_pack_query').map(([, q]) => q.display_name as string);
    expect(queries.some((q) => q.startsWith('Gateway:')) && queries.some((q) => /who queried the audit workspace/.test(q)), e, g, `saved KQL queries: ${queries.join('; ') || 'none'}`);
  });

  const cost = control('cost-limits', rules, (e, g) => {
    for (const key of ['BUDGET_DAILY_USD', 'BUDGET_MONTHLY_USD', 'MAX_TOKENS_PER_REQUEST']) expect(Number(settings[key]) > 0, e, g, `gateway ${key} = ${settings[key] ?? 'unset'}`);
    const budgets = v.all('azurerm_consumption_budget_resource_group');
    for (const [name, b] of budgets) {
      e.push(`azurerm_consumption_budget_resource_group.${name}: ${b.amount} per ${b.time_grain}, notifications at ${b.notification.map((n: any) => `${n.threshold}% ${n.threshold_type}`).join(', ')}`);
    }
    if (budgets.length === 0) g.push('no Azure consumption budget');
    const alerts = v.all('azurerm_monitor_scheduled_query_rules_alert_v2').map(([, a]) => a.description as string);
    expect(alerts.length > 0, e, g, `alerts: ${alerts.join('; ') || 'none'}`);
  });

  return [network, keyless, rbac, dlp, residency, audit, cost];
}
