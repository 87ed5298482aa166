import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { check } from '../util';
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

/** Fails synth, naming the construct path and rule id (`deployability/<id>`), for each rule a construct breaks. */
export class DeployabilityPolicy implements IAspect {
  constructor(
    private readonly ctx: DeployabilityContext,
    private readonly rules: readonly DeployabilityRule[] = DEPLOYABILITY_RULES,
  ) {}

  visit(node: IConstruct): void {
    for (const rule of this.rules) {
      if (rule.appliesTo(node)) check(node, `deployability/${rule.id}`, () => rule.check(node, this.ctx));
    }
  }
}
