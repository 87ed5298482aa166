import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import type { Rule } from '../rule';
import { input } from '../util';

export const AOAI_IAM_001: Rule = {
  id: 'AOAI-IAM-001',
  title: 'Azure OpenAI account accepts Entra ID tokens only (local key auth off)',
  severity: 'error',
  label: 'security-baseline',
  why: 'An account key is a shared secret with no identity behind it: whoever holds it calls the model unaudited, and it cannot be scoped or revoked per caller. Entra ID only means every call names a principal.',
  // A key is a shared credential: HIPAA unique user identification, ISM-0414/0415 (uniquely identifiable users, shared accounts). ISM-1173 (MFA for privileged users) was not this.
  frameworks: { HIPAA: ['164.312(a)(2)(i)', '164.312(d)'], 'ISO 27001': ['A.5.17', 'A.8.5'], 'SOC 2': ['CC6.1'], FedRAMP: ['IA-2', 'IA-5'], IRAP: ['ISM-0414', 'ISM-0415'], GDPR: ['Art. 32(1)(b)'] },
  controls: ['keyless-auth'],
  appliesTo: (node) => node instanceof CognitiveAccount,
  check: (node) => [input(node as CognitiveAccount, 'localAuthEnabled') !== false ? 'local (key) authentication must be disabled (local_auth_enabled = false)' : undefined],
};
