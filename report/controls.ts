/**
 * Compliance evidence from synthesized stacks: for each of the reference article's seven best
 * practices, the resources and settings that implement it, read from the Terraform JSON that
 * will actually be applied. A control with no evidence is a gap.
 */
import type { StackJson } from '../main';
import { isPlaceholderGuid } from './placeholders';

export type { StackJson };

export interface ControlResult {
  readonly id: string;
  readonly title: string;
  /**
   * `fail`: a setting or resource the control needs is missing or wrong. `placeholder`: the control
   * is built, but names identities (principal ids, tenant) that are still the template's
   * placeholders, so it cannot work as deployed. Only `pass` passes.
   */
  readonly status: 'pass' | 'fail' | 'placeholder';
  readonly evidence: string[];
  readonly gaps: string[];
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
}

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

const GLOBAL_ONLY = new Set(['azurerm_monitor_action_group']);
const FORBIDDEN = /^(owner|contributor|user access administrator|role based access control administrator)$/i;

function control(id: (typeof CONTROLS)[number][0], build: (evidence: string[], gaps: string[], placeholders: string[]) => void): ControlResult {
  const evidence: string[] = [];
  const gaps: string[] = [];
  const placeholders: string[] = [];
  build(evidence, gaps, placeholders);
  if (evidence.length === 0 && gaps.length === 0) gaps.push('no resource implements this control');
  const title = CONTROLS.find(([c]) => c === id)![1];
  return { id, title, status: gaps.length ? 'fail' : placeholders.length ? 'placeholder' : 'pass', evidence, gaps, placeholders };
}

export function evaluateStack(json: StackJson, ctx: StackContext): ControlResult[] {
  const v = new View(json);
  const accounts = v.all('azurerm_cognitive_account');
  const functions = v.all('azurerm_function_app_flex_consumption');
  const settings = (functions[0]?.[1].app_settings ?? {}) as Record<string, string>;
  const expect = (ok: boolean, evidence: string[], gaps: string[], text: string) => (ok ? evidence : gaps).push(text);

  const network = control('network-isolation', (e, g) => {
    const privateTypes: [string, (b: Record<string, any>) => boolean, string][] = [
      ['azurerm_cognitive_account', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
      ['azurerm_storage_account', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
      ['azurerm_managed_redis', (b) => b.public_network_access === 'Disabled', 'public_network_access = Disabled'],
      ['azurerm_function_app_flex_consumption', (b) => b.public_network_access_enabled === false, 'public_network_access_enabled = false'],
    ];
    for (const [type, isPrivate, setting] of privateTypes) {
      for (const [name, body] of v.all(type)) {
        expect(isPrivate(body), e, g, `${type}.${name}: ${setting}`);
        const pes = v.endpointsTo(type, name);
        expect(pes.length > 0, e, g, `${type}.${name}: private endpoint(s) [${pes.join('; ') || 'none'}]`);
      }
    }
    const zones = v.all('azurerm_private_dns_zone').map(([, z]) => z.name as string);
    expect(zones.includes('privatelink.openai.azure.com'), e, g, `private DNS zones: ${zones.join(', ') || 'none'}`);
    if (accounts.length === 0) g.push('no Azure OpenAI account');
  });

  const keyless = control('keyless-auth', (e, g) => {
    for (const [name, a] of accounts) expect(a.local_auth_enabled === false, e, g, `azurerm_cognitive_account.${name}: local_auth_enabled = false`);
    for (const [name, s] of v.all('azurerm_storage_account')) expect(s.shared_access_key_enabled === false, e, g, `azurerm_storage_account.${name}: shared_access_key_enabled = false`);
    for (const [name, r] of v.all('azurerm_managed_redis')) expect(r.default_database?.access_keys_authentication_enabled === false, e, g, `azurerm_managed_redis.${name}: access keys off (Entra ID only)`);
    for (const [name, ai] of v.all('azurerm_application_insights')) expect(ai.local_authentication_disabled === true, e, g, `azurerm_application_insights.${name}: local_authentication_disabled = true`);
    for (const [name, f] of functions) {
      expect(f.identity?.type === 'SystemAssigned', e, g, `azurerm_function_app_flex_consumption.${name}: system-assigned identity`);
      expect(settings.AZURE_OPENAI_AUTH === 'managed-identity', e, g, `gateway calls Azure OpenAI with AZURE_OPENAI_AUTH = ${settings.AZURE_OPENAI_AUTH}`);
      expect(settings.REDIS_AUTH === 'entra', e, g, `gateway authenticates to Redis with REDIS_AUTH = ${settings.REDIS_AUTH}`);
    }
    const keyRefs = JSON.stringify(v.all('azurerm_function_app_flex_consumption')).match(/primary_access_key|primary_connection_string|access_key"/g);
    expect(!keyRefs, e, g, keyRefs ? `keys referenced: ${keyRefs.join(', ')}` : 'no access key or connection string is referenced');
  });

  const rbac = control('least-privilege', (e, g, p) => {
    const assignments = v.all('azurerm_role_assignment');
    for (const [name, ra] of assignments) {
      const target = v.deref(ra.scope);
      const scope = target ? target.type : String(ra.scope);
      const narrow = target ? !/subscription|management_group/.test(target.type) : /^\/subscriptions\/[^/]+\/resource[gG]roups\/[^/]+/.test(String(ra.scope));
      const identity = v.deref(ra.principal_id);
      const who = identity ? `${identity.type} (managed identity)` : ra.principal_id;
      const line = `${ra.role_definition_name} → ${who} at ${scope}`;
      if (FORBIDDEN.test(ra.role_definition_name ?? '') || !narrow) g.push(`azurerm_role_assignment.${name}: ${line}`);
      else e.push(line);
      if (isPlaceholderGuid(ra.principal_id)) {
        p.push(`azurerm_role_assignment.${name}: ${ra.role_definition_name} is granted to ${ra.principal_id}, a placeholder principal id (${ra.description ?? ra.principal_type}): set the Entra object id in config.environments.${ctx.environment}.personas`);
      }
    }
    if (assignments.length === 0) g.push('no role assignments: personas have no access');
  });

  const dlp = control('dlp', (e, g, p) => {
    if (functions.length === 0) return void g.push('no gateway: prompts are not scanned');
    if (isPlaceholderGuid(settings.ENTRA_TENANT_ID)) {
      p.push(`ENTRA_TENANT_ID = ${settings.ENTRA_TENANT_ID} is a placeholder tenant, so no caller's token validates: set config.environments.${ctx.environment}.gateway.tenantId`);
    }
    expect(settings.DLP_PROFILE === ctx.dlpProfile, e, g, `DLP_PROFILE = ${settings.DLP_PROFILE} (region profile expects ${ctx.dlpProfile})`);
    expect(['block', 'redact'].includes(settings.DLP_ACTION), e, g, `DLP_ACTION = ${settings.DLP_ACTION}`);
    expect(settings.GATEWAY_AUTH === 'entra', e, g, `callers authenticated with Entra ID (GATEWAY_AUTH = ${settings.GATEWAY_AUTH}, role ${settings.GATEWAY_REQUIRED_ROLE})`);
  });

  const residency = control('data-residency', (e, g) => {
    const locations = new Map<string, number>();
    for (const [type, byName] of Object.entries(json.resource)) {
      for (const [name, r] of Object.entries(byName)) {
        if (typeof r.location !== 'string') continue;
        const loc = r.location;
        if (!(ctx.allowedLocations.includes(loc) || (loc === 'global' && GLOBAL_ONLY.has(type)))) g.push(`${type}.${name}: location ${loc} is outside ${ctx.allowedLocations.join(', ')}`);
        locations.set(loc, (locations.get(loc) ?? 0) + 1);
      }
    }
    e.push(`resources by location: ${[...locations].map(([l, n]) => `${l} (${n})`).join(', ')}`);
    e.push(`frameworks of region profile ${ctx.regionProfile}: ${ctx.frameworks.join(', ')}`);
    const skus = v.all('azurerm_cognitive_deployment').map(([, d]) => `${d.name}: ${d.sku.name}`);
    const globalSku = skus.filter((s) => /Global/.test(s));
    expect(globalSku.length === 0, e, g, globalSku.length ? `global deployment SKUs process data anywhere: ${globalSku.join(', ')}` : `deployment SKUs keep processing in the region or its data zone: ${skus.join(', ')}`);
  });

  const audit = control('audit-logging', (e, g) => {
    const diag = v.all('azurerm_monitor_diagnostic_setting');
    const categories = (d: Record<string, any>) => (d.enabled_log ?? []).map((l: any) => l.category as string);
    // Workspaces are told apart by name and retention: the audit trail and operations logs live apart.
    const workspaceOf = (ref: unknown) => {
      const ws = v.deref(ref);
      return ws ? { name: String(ws.body.name), days: Number(ws.body.retention_in_days ?? 0) } : undefined;
    };
    const received = new Map<string, string[]>();
    for (const [, d] of diag) {
      const ws = workspaceOf(d.log_analytics_workspace_id);
      if (ws) received.set(ws.name, [...(received.get(ws.name) ?? []), ...categories(d), ...(d.enabled_metric ?? []).map((m: any) => m.category as string)]);
    }
    for (const [name, ws] of v.all('azurerm_log_analytics_workspace')) {
      const from = [...new Set(received.get(ws.name) ?? [])];
      e.push(`workspace ${ws.name} (azurerm_log_analytics_workspace.${name}): retention ${ws.retention_in_days} days, receives ${from.join(', ') || 'no diagnostic setting'}`);
    }
    const keptFor = (category: string, days: number) => {
      const setting = diag.find(([, d]) => categories(d).includes(category));
      const ws = setting && workspaceOf(setting[1].log_analytics_workspace_id);
      expect(!!ws && ws.days >= days, e, g, ws ? `${category} logs → ${ws.name}, kept ${ws.days} days (≥ ${days} required)` : `${category} logs → no workspace (≥ ${days} days required)`);
    };
    keptFor('Audit', 365);
    keptFor('RequestResponse', 90);
    expect(diag.some(([, d]) => (d.enabled_metric ?? []).some((m: any) => m.category === 'AllMetrics')), e, g, 'AllMetrics collected');
    const tables = v.all('azurerm_log_analytics_workspace_table').map(([, t]) => `${workspaceOf(t.workspace_id)?.name ?? 'unknown workspace'}/${t.name}: ${t.retention_in_days} days`);
    expect(tables.length > 0, e, g, `table retention: ${tables.join(', ') || 'none'}`);
    const queries = v.all('azurerm_log_analytics_query_pack_query').map(([, q]) => q.display_name as string);
    expect(queries.some((q) => q.startsWith('Gateway:')), e, g, `saved KQL queries: ${queries.join('; ') || 'none'}`);
  });

  const cost = control('cost-limits', (e, g) => {
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
