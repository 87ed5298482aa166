import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { catalogEntry } from '../../config/model-catalog';
import { RETIREMENT_NOTICE_DAYS, retirementNotice } from '../../config/deployability';
import type { DeploymentSku } from '../../config/schema';
import type { Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

export const AOAI_DEP_014: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-014',
  title: `No model deployment retires within ${RETIREMENT_NOTICE_DAYS} days`,
  severity: 'warning',
  label: 'deployability/model-retirement',
  why:
    `Azure retires model versions on published dates (config/model-catalog.ts); from ${RETIREMENT_NOTICE_DAYS} days before, a subscription that never ran a version may not deploy it ` +
    '(config refuses that, loadConfig), while one that already runs it keeps it until the day it stops answering. That deployment still works, so it is a warning naming the date and the replacement: plan the switch.',
  // An unsupported component (NIST SA-22) on a known day; the switch is a planned change.
  frameworks: withChangeManagement({ FedRAMP: ['SA-22'] }),
  controls: [],
  appliesTo: (node) => node instanceof CognitiveDeployment,
  check: (node, ctx) => {
    const d = node as CognitiveDeployment;
    const model = d.modelInput as { name?: string; version?: string } | undefined;
    const sku = (d.skuInput as { name?: string } | undefined)?.name as DeploymentSku | undefined;
    const entry = model?.name && model.version ? catalogEntry(model.name, model.version) : undefined;
    if (!entry || !sku) return []; // config/deployability.ts refuses a model the catalog does not know.
    const notice = retirementNotice(entry, sku, ctx.today);
    if (!notice) return [];
    const what = `deployment "${d.nameInput}": ${entry.model} ${entry.version} (${sku})`;
    const replacement = entry.replacement ? `; replacement: ${entry.replacement}` : '';
    if (notice.kind === 'retired') return [`${what} retired on ${notice.date}${replacement}`];
    if (notice.kind === 'retiring') return [`${what} retires on ${notice.date}, in ${notice.days} days${replacement}`];
    return [`${what} may retire from ${notice.date} (Azure gives a "no earlier than" date); check the retirement table`];
  },
};
