import type { ReportControlId, Rule } from '../rule';
import type { DeployabilityContext, DeployabilityRule } from './rule';
import { storageDataPlaneRule } from './storage-data-plane';
import { flexHostStorageRule, flexInstanceCountRule, flexZipDeployRule, functionsRuntimeRule } from './flex-deployment';
import { egressRule, publicInboundRule, publicIpRule } from './egress';
import { actionGroupRegionRule, budgetStartRule, logAlertValidationRule } from './monitoring';
import { resourceProvidersRule } from './resource-providers';

export type { DeployabilityContext, DeployabilityRule } from './rule';
export { RESOURCE_PROVIDER_OF_TYPE } from './resource-providers';
export { FUNCTIONS_RUNTIME_SUPPORT, FLEX_INSTANCE_RANGE } from './flex-deployment';

/** The deployability pack: what azurerm 4.55 or Azure refuses on a first plan or apply. */
export const DEPLOYABILITY_RULES: readonly DeployabilityRule[] = [
  storageDataPlaneRule,
  flexZipDeployRule,
  flexInstanceCountRule,
  flexHostStorageRule,
  functionsRuntimeRule,
  egressRule,
  publicIpRule,
  publicInboundRule,
  logAlertValidationRule,
  budgetStartRule,
  actionGroupRegionRule,
  resourceProvidersRule,
];

/** Deployability findings evidence change management: a change that cannot be applied does not reach production half-made. */
const CHANGE_MANAGEMENT = { 'SOC 2': ['CC8.1'], 'ISO 27001': ['A.8.32'], FedRAMP: ['CM-3', 'CM-4'], IRAP: ['ISM-1211'], HIPAA: ['164.308(a)(8)'], GDPR: ['Art. 32(1)(c)'] } as const;

/** Registry id, title and report controls of each deployability rule (its why and check live in its file). */
const REGISTRY: Record<string, [id: string, title: string, controls: ReportControlId[]]> = {
  'storage-data-plane': ['AOAI-DEP-001', 'Private storage: the provider makes no data-plane calls a runner cannot reach', []],
  'flex-zip-deploy': ['AOAI-DEP-002', 'Flex Consumption app is not given zip_deploy_file', []],
  'flex-instance-count': ['AOAI-DEP-003', 'Flex Consumption maximum_instance_count is within the provider range', []],
  'flex-host-storage': ['AOAI-DEP-004', 'Flex Consumption host storage is identity-based, with no empty-key connection string', ['keyless-auth']],
  'functions-runtime': ['AOAI-DEP-005', 'The Functions runtime version is supported on the evaluation day', []],
  'explicit-egress': ['AOAI-DEP-006', "The gateway's integration subnet has an explicit egress path", ['network-isolation']],
  'no-public-inbound-ip': ['AOAI-DEP-007', 'No public IP is attached for inbound traffic', ['network-isolation']],
  'no-public-inbound-rule': ['AOAI-DEP-008', 'No NSG rule allows inbound traffic from the internet', ['network-isolation']],
  'log-alert-query-validation': ['AOAI-DEP-009', 'Log alerts over tables that may not exist yet skip query validation', ['cost-limits']],
  'budget-start-date': ['AOAI-DEP-010', 'A budget start date is not in a past month and is ignored after creation', ['cost-limits']],
  'regional-action-group': ['AOAI-DEP-011', 'Action groups process alerts in an allowed region where Azure offers one', ['data-residency']],
  'resource-providers': ['AOAI-DEP-012', 'Every resource type\'s resource provider is registered by the provider block', []],
};

/** A deployability rule as a registry rule: `deployability/<id>` stays the label its messages carry. */
export function registryRule(rule: DeployabilityRule): Rule<DeployabilityContext> {
  const entry = REGISTRY[rule.id];
  if (!entry) throw new Error(`deployability rule ${rule.id} has no registry id`);
  const [id, title, controls] = entry;
  return { id, title, severity: 'error', label: `deployability/${rule.id}`, why: rule.why, frameworks: CHANGE_MANAGEMENT, controls, appliesTo: rule.appliesTo, check: rule.check };
}
