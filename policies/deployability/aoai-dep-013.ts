import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import type { Rule } from '../rule';
import type { DeployabilityContext } from './context';
import { ALERT_PROCESSING_LOCATION, locationOf, regionalChoices } from './aoai-dep-011';

export const AOAI_DEP_013: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-013',
  title: 'An action group is global because no allowed region offers regional processing',
  severity: 'warning',
  label: 'deployability/global-action-group',
  why:
    'Where none of the region profile\'s allowed locations offers regional action groups (Australia, for one), "global" is the only choice Azure gives ' +
    '(https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups): alert notifications (names, thresholds, the e-mail addresses they go to; no prompts) ' +
    'may be processed outside the profile. An accepted exception that the owner should know of, so a warning, not an error; AOAI-DEP-011 fails a global group where a regional one is possible.',
  frameworks: ALERT_PROCESSING_LOCATION,
  controls: ['data-residency'],
  appliesTo: (node) => node instanceof MonitorActionGroup,
  check: (node, ctx) => {
    if (locationOf(node as MonitorActionGroup) !== 'global' || regionalChoices(ctx.allowedLocations).length) return [];
    return [`location is "global": no allowed region (${ctx.allowedLocations.join(', ')}) offers regional action groups, so Azure Monitor may process these alerts outside the region profile`];
  },
};
