import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

/**
 * Language versions Azure Functions supports, with the day support ends
 * (https://learn.microsoft.com/azure/azure-functions/functions-versions#languages). A version not
 * listed is refused: add it here when Azure adds it.
 */
export const FUNCTIONS_RUNTIME_SUPPORT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  node: { '18': '2025-04-30', '20': '2026-04-30', '22': '2027-04-30' },
};

export const AOAI_DEP_005: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-005',
  title: 'The Functions runtime version is supported on the evaluation day',
  severity: 'error',
  label: 'deployability/functions-runtime',
  why: 'Azure Functions stops supporting a language version on a fixed day (Node.js 20: 2026-04-30); a new app on it is refused or unsupported, and an unsupported runtime gets no security fixes.',
  // Unsupported components: NIST SA-22, ISM-0304 (unsupported applications are removed), ISO A.8.8 (technical vulnerabilities).
  frameworks: withChangeManagement({ FedRAMP: ['SA-22'], IRAP: ['ISM-0304'], 'ISO 27001': ['A.8.8'] }),
  controls: [],
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node, ctx) => {
    const app = node as FunctionAppFlexConsumption;
    const name = app.runtimeNameInput ?? '';
    const version = app.runtimeVersionInput ?? '';
    const table = FUNCTIONS_RUNTIME_SUPPORT[name];
    if (!table) return [];
    const end = table[version];
    if (end === undefined) return [`runtime_version ${version} of ${name} is not a supported Azure Functions version (known: ${Object.keys(table).join(', ')})`];
    return [end <= ctx.today ? `runtime_version ${name} ${version} reached end of support on Azure Functions on ${end}` : undefined];
  },
};
