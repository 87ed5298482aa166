import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Rule } from '../rule';
import { breakGlassOf, inferenceGranted, type GatewayOnlyContext } from '../gateway-only/role-access';

export const AOAI_GW_003: Rule<GatewayOnlyContext> = {
  id: 'AOAI-GW-003',
  title: 'A declared break-glass principal can call the models without the gateway',
  severity: 'warning',
  label: 'gateway-only/break-glass',
  why:
    "A break-glass principal (config: a persona's breakGlass, with a reason) holds inference on an OpenAI account for when the gateway is down: its calls skip DLP, budgets and " +
    "the gateway's audit event (the account's own Audit and RequestResponse logs still record them). AOAI-GW-001 accepts it because config declares it; this rule keeps it visible " +
    'at every synth and in the report, as emergency access should be, and never fails synth.',
  // Emergency access procedure (HIPAA 164.312(a)(2)(ii)); privileged access limited and accounted for.
  frameworks: { HIPAA: ['164.312(a)(2)(ii)'], 'ISO 27001': ['A.5.15', 'A.8.2'], 'SOC 2': ['CC6.1', 'CC6.3'], FedRAMP: ['AC-3', 'AC-6'], IRAP: ['ISM-1508'], GDPR: ['Art. 32(1)(b)'] },
  controls: ['least-privilege', 'dlp'],
  appliesTo: (node) => node instanceof RoleAssignment,
  check: (node, ctx) => {
    const ra = node as RoleAssignment;
    const who = breakGlassOf(ra, ctx);
    if (!who || inferenceGranted(ra).inference.length === 0) return [];
    return [`break-glass: ${who.displayName ?? who.principalId} may call the models directly, without the gateway (${who.reason})`];
  },
};
