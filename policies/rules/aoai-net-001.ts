import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import type { Rule } from '../rule';
import { input } from '../util';
import { hasPrivateEndpoint } from './support';

export const AOAI_NET_001: Rule = {
  id: 'AOAI-NET-001',
  title: 'Azure OpenAI account is reachable only through a private endpoint',
  severity: 'error',
  label: 'security-baseline',
  why: 'Prompts and completions carry the data the landing zone protects; a public endpoint lets anyone with a token (or a key) reach the model from the internet, around the gateway and its network controls.',
  // ISM-1181: networks segregated into zones by criticality (was ISM-1416, not a network-zone control).
  frameworks: { HIPAA: ['164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.22'], 'SOC 2': ['CC6.6'], FedRAMP: ['SC-7', 'AC-4'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(b)'] },
  controls: ['network-isolation'],
  appliesTo: (node) => node instanceof CognitiveAccount,
  check: (node) => {
    const account = node as CognitiveAccount;
    return [
      input(account, 'publicNetworkAccessEnabled') !== false ? 'public network access must be disabled (public_network_access_enabled = false)' : undefined,
      hasPrivateEndpoint(account) ? undefined : 'no private endpoint connects to this account',
    ];
  },
};
