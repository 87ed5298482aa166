/**
 * Names shared by the gateway (which writes its audit events) and the landing zone (whose saved
 * queries and alerts read them), so neither half imports the other.
 */
export const GATEWAY_AUDIT_EVENT = 'aoai.gateway.request';

/** KQL: the gateway's audit events from Application Insights (AppTraces), parsed into `e`. */
export const GATEWAY_EVENTS_KQL = `AppTraces
| where Message startswith '{"event":"${GATEWAY_AUDIT_EVENT}"'
| extend e = parse_json(Message)`;
