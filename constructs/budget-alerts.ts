import { Construct } from 'constructs';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { GATEWAY_EVENTS_KQL } from '../config/telemetry';
import { resourceName } from './naming';
import type { LocatedProps } from './types';
import { REGIONAL_ACTION_GROUP_LOCATIONS } from '../config/regions';


/** The zone's own region if it processes action groups regionally, else the first allowed region that does, else "global". */
export function actionGroupLocation(location: string, allowedLocations: readonly string[]): string {
  return [location, ...allowedLocations].find((l) => REGIONAL_ACTION_GROUP_LOCATIONS.includes(l)) ?? 'global';
}

export interface BudgetAlertsProps extends LocatedProps {
  readonly resourceGroupId: string;
  /** Monthly consumption budget for the landing zone's resource group, in the billing currency. */
  readonly monthlyAmount: number;
  /**
   * First day of the budget (YYYY-MM-01), used when the budget is created. Azure refuses a start in a
   * past month and `start_date` is ForceNew (consumption_budget_base.go:225-230), so later changes are
   * ignored rather than replacing the budget every month.
   */
  readonly startDate: string;
  /**
   * Where alerts are processed. @default the zone's region, or an allowed region, with regional action
   * group processing; "global" only where the allowed regions offer none (REGIONAL_ACTION_GROUP_LOCATIONS)
   */
  readonly actionGroupLocation?: string;
  /** Regions the zone may use, to pick a regional action group location. @default [location] */
  readonly allowedLocations?: readonly string[];
  readonly emails: readonly string[];
  /** Workspace holding the gateway's telemetry (AppTraces). */
  readonly workspaceId: string;
  /** Budget notification thresholds, percent. @default [50, 80, 100] */
  readonly thresholds?: readonly number[];
  /** Gateway 429 answers in 5 minutes that raise an alert. @default 25 */
  readonly throttledCallsThreshold?: number;
  /** DLP-blocked prompts in 5 minutes that raise an alert. @default 5 */
  readonly blockedPromptsThreshold?: number;
}

/**
 * Azure-native cost control beside the gateway's hard cap: a consumption budget on the
 * resource group with notifications to an action group, and log alerts on gateway 429s and
 * DLP blocks.
 */
export class BudgetAlerts extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly budget: ConsumptionBudgetResourceGroup;
  readonly throttledAlert: MonitorScheduledQueryRulesAlertV2;
  readonly blockedAlert: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: BudgetAlertsProps) {
    super(scope, id);
    this.actionGroup = new MonitorActionGroup(this, 'action-group', {
      name: resourceName('actionGroup', props.naming, 'cost'),
      resourceGroupName: props.resourceGroupName,
      // Regional where Azure offers it; "global" is the residency policy's exception for this type only.
      location: props.actionGroupLocation ?? actionGroupLocation(props.location, props.allowedLocations ?? [props.location]),
      shortName: `aoai${props.naming.environment}`.slice(0, 12),
      tags: props.tags,
      emailReceiver: props.emails.map((email, i) => ({ name: `email-${i}`, emailAddress: email, useCommonAlertSchema: true })),
    });
    this.budget = new ConsumptionBudgetResourceGroup(this, 'budget', {
      name: resourceName('budget', props.naming, 'monthly'),
      resourceGroupId: props.resourceGroupId,
      amount: props.monthlyAmount,
      timeGrain: 'Monthly',
      timePeriod: { startDate: `${props.startDate}T00:00:00Z` },
      lifecycle: { ignoreChanges: ['time_period'] },
      notification: [
        ...(props.thresholds ?? [50, 80, 100]).map((threshold) => ({
          enabled: true,
          threshold,
          thresholdType: 'Actual',
          operator: 'GreaterThanOrEqualTo',
          contactGroups: [this.actionGroup.id],
        })),
        { enabled: true, threshold: 100, thresholdType: 'Forecasted', operator: 'GreaterThanOrEqualTo', contactGroups: [this.actionGroup.id] },
      ],
    });
    const alert = (aid: string, suffix: string, description: string, where: string, threshold: number, severity: number) =>
      new MonitorScheduledQueryRulesAlertV2(this, aid, {
        name: resourceName('alert', props.naming, suffix),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        tags: props.tags,
        description,
        scopes: [props.workspaceId],
        // AppTraces exists only once the gateway has sent telemetry: a new workspace would fail the
        // service's query validation on create (monitor_scheduled_query_rules_alert_v2_resource.go:371).
        skipQueryValidation: true,
        evaluationFrequency: 'PT5M',
        windowDuration: 'PT5M',
        severity,
        criteria: [
          {
            query: `${GATEWAY_EVENTS_KQL}\n| where ${where}`,
            timeAggregationMethod: 'Count',
            operator: 'GreaterThan',
            threshold,
            failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
          },
        ],
        action: { actionGroups: [this.actionGroup.id] },
      });
    this.throttledAlert = alert('throttled-alert', 'gateway-429', 'Gateway answered 429 (budget or model rate limit)', 'toint(e.status) == 429', props.throttledCallsThreshold ?? 25, 2);
    this.blockedAlert = alert('dlp-alert', 'gateway-dlp', 'Gateway blocked prompts with sensitive data', 'tostring(e.dlp.action) == "block"', props.blockedPromptsThreshold ?? 5, 2);
  }
}
