/** The deployability pack's rules, one file each (aoai-dep-nnn.ts): what azurerm 4.55 or Azure refuses on a first plan or apply. */
import type { Rule } from '../rule';
import type { DeployabilityContext } from './context';
import { AOAI_DEP_001 } from './aoai-dep-001';
import { AOAI_DEP_002 } from './aoai-dep-002';
import { AOAI_DEP_003 } from './aoai-dep-003';
import { AOAI_DEP_004 } from './aoai-dep-004';
import { AOAI_DEP_005 } from './aoai-dep-005';
import { AOAI_DEP_006 } from './aoai-dep-006';
import { AOAI_DEP_007 } from './aoai-dep-007';
import { AOAI_DEP_008 } from './aoai-dep-008';
import { AOAI_DEP_009 } from './aoai-dep-009';
import { AOAI_DEP_010 } from './aoai-dep-010';
import { AOAI_DEP_011 } from './aoai-dep-011';
import { AOAI_DEP_012 } from './aoai-dep-012';
import { AOAI_DEP_013 } from './aoai-dep-013';
import { AOAI_DEP_014 } from './aoai-dep-014';

export type { DeployabilityContext } from './context';
export { RESOURCE_PROVIDER_OF_TYPE } from './aoai-dep-012';
export { FUNCTIONS_RUNTIME_SUPPORT } from './aoai-dep-005';
export { FLEX_INSTANCE_RANGE } from './aoai-dep-003';

export const DEPLOYABILITY_RULES: readonly Rule<DeployabilityContext>[] = [
  AOAI_DEP_001,
  AOAI_DEP_002,
  AOAI_DEP_003,
  AOAI_DEP_004,
  AOAI_DEP_005,
  AOAI_DEP_006,
  AOAI_DEP_007,
  AOAI_DEP_008,
  AOAI_DEP_009,
  AOAI_DEP_010,
  AOAI_DEP_011,
  AOAI_DEP_012,
  AOAI_DEP_013,
  AOAI_DEP_014,
];
