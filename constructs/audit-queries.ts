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
];
