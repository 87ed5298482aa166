import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { CHANGE_MANAGEMENT, type DeployabilityContext } from './context';

/** azurerm 4.55: maximum_instance_count is IntBetween(40, 1000) (function_app_flex_consumption_resource.go:191). */
export const FLEX_INSTANCE_RANGE = [40, 1000] as const;

export const AOAI_DEP_003: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-003',
  title: 'Flex Consumption maximum_instance_count is within the provider range',
  severity: 'error',
  label: 'deployability/flex-instance-count',
  why: 'azurerm 4.55 validates maximum_instance_count with IntBetween(40, 1000) (internal/services/appservice/function_app_flex_consumption_resource.go:191): terraform validate fails outside it.',
  frameworks: CHANGE_MANAGEMENT,
  controls: [],
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => {
    const n = (node as FunctionAppFlexConsumption).maximumInstanceCountInput;
    if (n === undefined || typeof n !== 'number') return [];
    const [min, max] = FLEX_INSTANCE_RANGE;
    return [n >= min && n <= max ? undefined : `maximum_instance_count must be from ${min} to ${max}, got ${n}`];
  },
};
