import { MonitorScheduledQueryRulesAlertV2, type MonitorScheduledQueryRulesAlertV2Criteria } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { ConsumptionBudgetSubscription } from '@cdktf/provider-azurerm/lib/consumption-budget-subscription';
import { TerraformResource } from 'cdktf';
import { REGIONAL_ACTION_GROUP_LOCATIONS } from '../../config/regions';
import type { DeployabilityRule } from './rule';

/** Tables a workspace has only once something has written to them (Application Insights' workspace tables). */
const INGESTION_CREATED_TABLE = /\b(App(Traces|Requests|Dependencies|Exceptions|Events|Metrics|AvailabilityResults|PageViews|BrowserTimings|PerformanceCounters|SystemEvents))\b/;

export const logAlertValidationRule: DeployabilityRule = {
  id: 'log-alert-query-validation',
  why:
    "Azure validates a log alert's query against the workspace's tables on create; AppTraces and the other Application Insights tables " +
    'exist only after the first telemetry, so a new landing zone fails its first apply unless skip_query_validation is true ' +
    '(internal/services/monitor/monitor_scheduled_query_rules_alert_v2_resource.go:371).',
  appliesTo: (node) => node instanceof MonitorScheduledQueryRulesAlertV2,
  check: (node) => {
    const alert = node as MonitorScheduledQueryRulesAlertV2;
    const criteria = (alert.criteriaInput ?? []) as MonitorScheduledQueryRulesAlertV2Criteria[];
    const tables = (Array.isArray(criteria) ? criteria : []).map((c) => INGESTION_CREATED_TABLE.exec(c.query ?? '')?.[1]).filter(Boolean);
    if (tables.length === 0 || alert.skipQueryValidationInput === true) return [];
    return [`skip_query_validation must be true: the query reads ${tables.join(', ')}, which a new workspace does not have yet`];
  },
};

export const budgetStartRule: DeployabilityRule = {
  id: 'budget-start-date',
  why:
    "Azure refuses a budget whose start_date lies in a past month, and start_date is ForceNew (internal/services/consumption/consumption_budget_base.go:225-230): " +
    'a date computed at synth must be ignored after creation, or every new month replaces the budget.',
  appliesTo: (node) => node instanceof ConsumptionBudgetResourceGroup || node instanceof ConsumptionBudgetSubscription,
  check: (node, ctx) => {
    const budget = node as ConsumptionBudgetResourceGroup | ConsumptionBudgetSubscription;
    const start = (budget.timePeriodInput as { startDate?: string } | undefined)?.startDate;
    const ignored = ((budget as TerraformResource).lifecycle?.ignoreChanges ?? []) as unknown;
    const ignores = ignored === 'all' || (Array.isArray(ignored) && ignored.some((i) => i === 'time_period' || i === 'time_period[0].start_date'));
    return [
      typeof start === 'string' && start.slice(0, 7) < ctx.today.slice(0, 7) ? `time_period.start_date ${start} is in a past month: Azure refuses it on create` : undefined,
      ignores ? undefined : 'lifecycle.ignore_changes must include time_period: start_date is ForceNew, so a changed date would replace the budget',
    ];
  },
};

export const actionGroupRegionRule: DeployabilityRule = {
  id: 'regional-action-group',
  why:
    'Azure Monitor processes action groups regionally in a few regions (https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups); ' +
    'a landing zone keeps alert processing in its allowed regions where one of them offers it, and uses "global" only where none does.',
  appliesTo: (node) => node instanceof MonitorActionGroup,
  check: (node, ctx) => {
    const location = String((node as MonitorActionGroup).locationInput ?? 'global').toLowerCase().replace(/\s+/g, '');
    const regional = ctx.allowedLocations.filter((l) => REGIONAL_ACTION_GROUP_LOCATIONS.includes(l));
    if (location === 'global') {
      return [regional.length ? `location must be a regional one (${regional.join(', ')} offer regional processing), not "global"` : undefined];
    }
    return [REGIONAL_ACTION_GROUP_LOCATIONS.includes(location) ? undefined : `location "${location}" offers no regional action groups (regions that do: ${REGIONAL_ACTION_GROUP_LOCATIONS.join(', ')})`];
  },
};
