import { MonitorScheduledQueryRulesAlertV2, type MonitorScheduledQueryRulesAlertV2Criteria } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import type { Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

/** Tables a workspace has only once something has written to them (Application Insights' workspace tables). */
const INGESTION_CREATED_TABLE = /\b(App(Traces|Requests|Dependencies|Exceptions|Events|Metrics|AvailabilityResults|PageViews|BrowserTimings|PerformanceCounters|SystemEvents))\b/;

export const AOAI_DEP_009: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-009',
  title: 'Log alerts over tables that may not exist yet skip query validation',
  severity: 'error',
  label: 'deployability/log-alert-query-validation',
  why:
    "Azure validates a log alert's query against the workspace's tables on create; AppTraces and the other Application Insights tables " +
    'exist only after the first telemetry, so a new landing zone fails its first apply unless skip_query_validation is true ' +
    '(internal/services/monitor/monitor_scheduled_query_rules_alert_v2_resource.go:371).',
  // The alerts are the landing zone's monitoring (NIST SI-4, SOC 2 CC7.2).
  frameworks: withChangeManagement({ FedRAMP: ['SI-4'], 'SOC 2': ['CC7.2'] }),
  controls: ['cost-limits'],
  appliesTo: (node) => node instanceof MonitorScheduledQueryRulesAlertV2,
  check: (node) => {
    const alert = node as MonitorScheduledQueryRulesAlertV2;
    const criteria = (alert.criteriaInput ?? []) as MonitorScheduledQueryRulesAlertV2Criteria[];
    const tables = (Array.isArray(criteria) ? criteria : []).map((c) => INGESTION_CREATED_TABLE.exec(c.query ?? '')?.[1]).filter(Boolean);
    if (tables.length === 0 || alert.skipQueryValidationInput === true) return [];
    return [`skip_query_validation must be true: the query reads ${tables.join(', ')}, which a new workspace does not have yet`];
  },
};
