import { TerraformResource } from 'cdktf';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { CHANGE_MANAGEMENT, type DeployabilityContext } from './context';

/**
 * The resource provider (namespace) behind each Terraform type the stacks use. Microsoft.Resources and
 * Microsoft.Authorization are registered in every subscription. A type missing here fails synth, so a
 * new resource type cannot reach a subscription whose provider was never registered.
 */
export const RESOURCE_PROVIDER_OF_TYPE: Readonly<Record<string, string | null>> = {
  azurerm_resource_group: null,
  azurerm_resource_group_template_deployment: null,
  azurerm_role_assignment: null,
  azurerm_role_definition: null,
  azurerm_virtual_network: 'Microsoft.Network',
  azurerm_subnet: 'Microsoft.Network',
  azurerm_network_security_group: 'Microsoft.Network',
  azurerm_subnet_network_security_group_association: 'Microsoft.Network',
  azurerm_application_security_group: 'Microsoft.Network',
  azurerm_private_endpoint_application_security_group_association: 'Microsoft.Network',
  azurerm_nat_gateway: 'Microsoft.Network',
  azurerm_public_ip: 'Microsoft.Network',
  azurerm_nat_gateway_public_ip_association: 'Microsoft.Network',
  azurerm_subnet_nat_gateway_association: 'Microsoft.Network',
  azurerm_route_table: 'Microsoft.Network',
  azurerm_subnet_route_table_association: 'Microsoft.Network',
  azurerm_private_endpoint: 'Microsoft.Network',
  azurerm_private_dns_zone: 'Microsoft.Network',
  azurerm_private_dns_zone_virtual_network_link: 'Microsoft.Network',
  azurerm_cognitive_account: 'Microsoft.CognitiveServices',
  azurerm_cognitive_deployment: 'Microsoft.CognitiveServices',
  azurerm_log_analytics_workspace: 'Microsoft.OperationalInsights',
  azurerm_log_analytics_workspace_table: 'Microsoft.OperationalInsights',
  azurerm_log_analytics_query_pack: 'Microsoft.OperationalInsights',
  azurerm_log_analytics_query_pack_query: 'Microsoft.OperationalInsights',
  azurerm_monitor_diagnostic_setting: 'Microsoft.Insights',
  azurerm_monitor_action_group: 'Microsoft.Insights',
  azurerm_monitor_scheduled_query_rules_alert_v2: 'Microsoft.Insights',
  azurerm_application_insights: 'Microsoft.Insights',
  azurerm_service_plan: 'Microsoft.Web',
  azurerm_function_app_flex_consumption: 'Microsoft.Web',
  azurerm_storage_account: 'Microsoft.Storage',
  azurerm_storage_container: 'Microsoft.Storage',
  azurerm_managed_redis: 'Microsoft.Cache',
  azurerm_redis_cache: 'Microsoft.Cache',
  azurerm_consumption_budget_resource_group: 'Microsoft.Consumption',
  azurerm_consumption_budget_subscription: 'Microsoft.Consumption',
};

export const AOAI_DEP_012: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-012',
  title: "Every resource type's resource provider is registered by the provider block",
  severity: 'error',
  label: 'deployability/resource-providers',
  why:
    'With resource_provider_registrations = "none" the provider registers only resource_providers_to_register ' +
    '(internal/provider/provider.go:353, :520); a resource whose provider is unregistered fails on apply with MissingSubscriptionRegistration. ' +
    "Flex Consumption's VNet integration also needs Microsoft.App (https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to#enable-virtual-network-integration).",
  frameworks: CHANGE_MANAGEMENT,
  controls: [],
  appliesTo: (node) => TerraformResource.isTerraformResource(node),
  check: (node, ctx) => {
    const type = (node as TerraformResource).terraformResourceType;
    if (!(type in RESOURCE_PROVIDER_OF_TYPE)) {
      return [`resource type ${type} has no resource provider in policies/deployability/aoai-dep-012.ts: add it, and register it in the stack`];
    }
    const needed = [RESOURCE_PROVIDER_OF_TYPE[type]];
    if (node instanceof FunctionAppFlexConsumption && node.virtualNetworkSubnetIdInput !== undefined) needed.push('Microsoft.App');
    return needed
      .filter((rp): rp is string => rp !== null && !ctx.resourceProviders.includes(rp))
      .map((rp) => `resource provider ${rp} is not registered (resource_providers_to_register) but ${type} needs it`);
  },
};
