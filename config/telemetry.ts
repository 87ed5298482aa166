/**
 * Names shared by the gateway (which writes its audit events) and the landing zone (whose saved
 * queries and alerts read them), so neither half imports the other.
 */
export const GATEWAY_AUDIT_EVENT = 'aoai.gateway.request';

/** KQL: the gateway's audit events from Application Insights (AppTraces), parsed into `e`. */
export const GATEWAY_EVENTS_KQL = `AppTraces
| where Message startswith '{"event":"${GATEWAY_AUDIT_EVENT}"'
| extend e = parse_json(Message)`;

/**
 * The Log Analytics table the gateway's audit events land in: its log lines reach workspace-based
 * Application Insights as traces, stored in AppTraces. The landing zone keeps this table as audit.
 */
export const GATEWAY_AUDIT_TABLE = 'AppTraces';
