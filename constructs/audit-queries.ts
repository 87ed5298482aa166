import { GATEWAY_EVENTS_KQL } from '../config/telemetry';

/** Saved KQL queries for the landing zone's query pack. */
export interface SavedQuery {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly body: string;
}

const openAi = `AzureDiagnostics
| where ResourceProvider == "MICROSOFT.COGNITIVESERVICES"`;

/** The gateway's audit events (one per call), from Application Insights in the operations workspace. */
const gatewayEvents = GATEWAY_EVENTS_KQL;

export const AUDIT_QUERIES: readonly SavedQuery[] = [
  {
    id: 'recent-requests',
    displayName: 'Azure OpenAI: latest requests',
    description: 'The most recent data-plane calls with caller address, duration and result (operations workspace).',
    categories: ['audit'],
    body: `${openAi}
| where Category == "RequestResponse"
| project TimeGenerated, Resource, OperationName, CallerIPAddress, DurationMs, ResultSignature, properties_s
| sort by TimeGenerated desc
| take 100`,
  },
  {
    id: 'control-plane-audit',
    displayName: 'Azure OpenAI: audit events',
    description: 'Key listing, configuration and deployment changes recorded in the Audit category (audit workspace).',
    categories: ['audit', 'security'],
    body: `${openAi}
| where Category == "Audit"
| project TimeGenerated, Resource, OperationName, CallerIPAddress, ResultSignature, properties_s
| sort by TimeGenerated desc`,
  },
  {
    id: 'top-callers',
    displayName: 'Azure OpenAI: top callers (24 h)',
    description: 'Calls per caller address and operation over the last day.',
    categories: ['audit', 'monitor'],
    body: `${openAi}
| where Category == "RequestResponse" and TimeGenerated > ago(1d)
| summarize calls = count(), failed = countif(toint(ResultSignature) >= 400) by CallerIPAddress, OperationName
| top 20 by calls desc`,
  },
  {
    id: 'failed-calls',
    displayName: 'Azure OpenAI: failed calls',
    description: 'Calls that returned 4xx or 5xx, per hour and status.',
    categories: ['monitor'],
    body: `${openAi}
| where Category == "RequestResponse" and toint(ResultSignature) >= 400
| summarize failures = count() by bin(TimeGenerated, 1h), ResultSignature, OperationName
| sort by TimeGenerated desc`,
  },
  {
    id: 'latency',
    displayName: 'Azure OpenAI: latency percentiles',
    description: 'p50 / p95 / p99 request duration per operation and hour.',
    categories: ['monitor'],
    body: `${openAi}
| where Category == "RequestResponse"
| summarize p50 = percentile(DurationMs, 50), p95 = percentile(DurationMs, 95), p99 = percentile(DurationMs, 99), calls = count()
    by bin(TimeGenerated, 1h), OperationName
| sort by TimeGenerated desc`,
  },
  {
    id: 'gateway-calls',
    displayName: 'Gateway: calls by caller and status',
    description: 'Every governed call: caller (Entra oid), deployment, status, tokens, cost and DLP verdict. Prompts are never logged.',
    categories: ['audit', 'security'],
    body: `${gatewayEvents}
| project TimeGenerated, caller = tostring(e.caller), deployment = tostring(e.deployment), status = toint(e.status),
    errorCode = tostring(e.errorCode), promptTokens = toint(e.promptTokens), completionTokens = toint(e.completionTokens),
    costUsd = todouble(e.costUsd), dlpAction = tostring(e.dlp.action), findings = e.dlp.findings, latencyMs = todouble(e.latencyMs)
| sort by TimeGenerated desc`,
  },
  {
    id: 'gateway-blocked-prompts',
    displayName: 'Gateway: blocked prompts by finding type and caller',
    description: 'Prompts refused by DLP, counted per finding type and caller (types and counts only, never values).',
    categories: ['security'],
    body: `${gatewayEvents}
| where tostring(e.dlp.action) == "block"
| mv-expand finding = bag_keys(e.dlp.findings) to typeof(string)
| summarize blocked = count() by finding, caller = tostring(e.caller), bin(TimeGenerated, 1d)
| sort by TimeGenerated desc, blocked desc`,
  },
  {
    id: 'gateway-spend',
    displayName: 'Gateway: spend per caller per day',
    description: 'USD charged per caller and day, from the usage the model service reported.',
    categories: ['monitor'],
    body: `${gatewayEvents}
| where toint(e.status) == 200
| summarize spend_usd = sum(todouble(e.costUsd)), requests = count(), tokens = sum(toint(e.promptTokens) + toint(e.completionTokens))
    by caller = tostring(e.caller), day = bin(TimeGenerated, 1d)
| sort by day desc, spend_usd desc`,
  },
  {
    id: 'audit-trail-readers',
    displayName: 'Audit trail: who queried the audit workspace',
    description:
      'Every query run against the audit and operations workspaces (the gateway\'s audit events live in operations AppTraces): who (Entra user or app), from which client, the query, its result and row count. From LAQueryLogs, which both workspaces send to the audit workspace.',
    categories: ['audit', 'security'],
    body: `LAQueryLogs
| extend workspace = extract(@"(?i)/workspaces/([^/]+)$", 1, _ResourceId)
| project TimeGenerated, workspace, who = iff(isnotempty(AADEmail), AADEmail, AADObjectId), AADObjectId, AADClientId,
    RequestClientApp, ResponseCode, ResponseRowCount, QueryText
| sort by TimeGenerated desc`,
  },
];
