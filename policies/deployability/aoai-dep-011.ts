import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { REGIONAL_ACTION_GROUP_LOCATIONS } from '../../config/regions';
import type { Framework, Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

/** Where alert processing happens is where the alert's content goes (as AOAI-RES-001 cites, HIPAA aside). */
export const ALERT_PROCESSING_LOCATION: Readonly<Partial<Record<Framework, readonly string[]>>> = {
  GDPR: ['Art. 44'], IRAP: ['ISM-1572'], 'ISO 27001': ['A.5.34'], FedRAMP: ['SA-9(5)'], 'SOC 2': ['C1.1'],
};

export const locationOf = (group: MonitorActionGroup) => String(group.locationInput ?? 'global').toLowerCase().replace(/\s+/g, '');

/** The allowed locations that offer regional action groups. */
export const regionalChoices = (allowed: readonly string[]) => allowed.filter((l) => REGIONAL_ACTION_GROUP_LOCATIONS.includes(l));

export const AOAI_DEP_011: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-011',
  title: 'Action groups process alerts in an allowed region where Azure offers one',
  severity: 'error',
  label: 'deployability/regional-action-group',
  why:
    'Azure Monitor processes action groups regionally in a few regions (https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups); ' +
    'a landing zone keeps alert processing in its allowed regions where one of them offers it, and uses "global" only where none does (AOAI-DEP-013 warns about that).',
  frameworks: withChangeManagement(ALERT_PROCESSING_LOCATION),
  controls: ['data-residency'],
  appliesTo: (node) => node instanceof MonitorActionGroup,
  check: (node, ctx) => {
    const location = locationOf(node as MonitorActionGroup);
    const regional = regionalChoices(ctx.allowedLocations);
    if (location === 'global') {
      return [regional.length ? `location must be a regional one (${regional.join(', ')} offer regional processing), not "global"` : undefined];
    }
    return [REGIONAL_ACTION_GROUP_LOCATIONS.includes(location) ? undefined : `location "${location}" offers no regional action groups (regions that do: ${REGIONAL_ACTION_GROUP_LOCATIONS.join(', ')})`];
  },
  evidence: (node) => {
    const location = locationOf(node as MonitorActionGroup);
    return [location === 'global' ? undefined : `processes alerts regionally in ${location}`];
  },
};
