import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { CHANGE_MANAGEMENT, type DeployabilityContext } from './context';

export const AOAI_DEP_002: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-002',
  title: 'Flex Consumption app is not given zip_deploy_file',
  severity: 'error',
  label: 'deployability/flex-zip-deploy',
  why:
    "azurerm 4.55's zip_deploy_file posts to /api/zipdeploy (internal/services/appservice/helpers/publish_app.go:116), which Flex Consumption " +
    'does not support (hashicorp/terraform-provider-azurerm#29630, https://learn.microsoft.com/azure/azure-functions/deployment-zip-push); ' +
    'the package is published with OneDeploy after cdktf deploy (stacks/deploy-gateway.ts).',
  frameworks: CHANGE_MANAGEMENT,
  controls: [],
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => [
    (node as FunctionAppFlexConsumption).zipDeployFileInput === undefined
      ? undefined
      : 'zip_deploy_file must not be set: Flex Consumption has no /api/zipdeploy; publish the package with stacks/deploy-gateway.ts',
  ],
};
