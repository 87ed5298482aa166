import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Rule } from '../rule';
import { roleAccessEvidence, roleAccessProblems, type GatewayOnlyContext } from '../gateway-only/role-access';

export const AOAI_GW_001: Rule<GatewayOnlyContext> = {
  id: 'AOAI-GW-001',
  title: 'Only the gateway holds inference on an OpenAI account; nobody holds control-plane actions that reopen a way around it',
  severity: 'error',
  label: 'gateway-only/role-access',
  why:
    'DLP, budgets and the audit event all happen in the gateway; a role at an OpenAI account, its resource group or wider that grants inference to anyone else (built-in or custom) skips them all, ' +
    'and listing keys, rewriting the account or writing role assignments or definitions reopens such a path. A break-glass principal declared in config is the one accepted exception.',
  // ISM-1508 (privileged) and ISM-1852 (unprivileged) access limited to duties; ISM-1507/0432 were request-validation and clearance controls.
  frameworks: { HIPAA: ['164.312(a)(1)', '164.308(a)(4)'], 'ISO 27001': ['A.5.15', 'A.8.2', 'A.8.3'], 'SOC 2': ['CC6.1', 'CC6.3'], FedRAMP: ['AC-3', 'AC-6'], IRAP: ['ISM-1508', 'ISM-1852'], GDPR: ['Art. 25(2)', 'Art. 32(1)(b)'] },
  controls: ['least-privilege', 'dlp'],
  appliesTo: (node) => node instanceof RoleAssignment,
  check: (node, ctx) => roleAccessProblems(node, ctx),
  evidence: (node, ctx) => roleAccessEvidence(node, ctx),
};
