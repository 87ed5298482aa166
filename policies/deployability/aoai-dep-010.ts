import { ConsumptionBudgetResourceGroup } from '@cdktf/provider-azurerm/lib/consumption-budget-resource-group';
import { ConsumptionBudgetSubscription } from '@cdktf/provider-azurerm/lib/consumption-budget-subscription';
import { TerraformResource } from 'cdktf';
import type { Rule } from '../rule';
import { CHANGE_MANAGEMENT, type DeployabilityContext } from './context';

export const AOAI_DEP_010: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-010',
  title: 'A budget start date is not in a past month and is ignored after creation',
  severity: 'error',
  label: 'deployability/budget-start-date',
  why:
    "Azure refuses a budget whose start_date lies in a past month, and start_date is ForceNew (internal/services/consumption/consumption_budget_base.go:225-230): " +
    'a date computed at synth must be ignored after creation, or every new month replaces the budget.',
  frameworks: CHANGE_MANAGEMENT,
  controls: ['cost-limits'],
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
