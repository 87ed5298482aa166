import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import type { Rule } from '../rule';
import { endpointNetworkEvidence, endpointNetworkProblems } from '../gateway-only/endpoint-network';

export const AOAI_GW_002: Rule = {
  id: 'AOAI-GW-002',
  title: "Only the gateway's integration subnet can reach the private endpoints behind it",
  severity: 'error',
  label: 'gateway-only/endpoint-network',
  why: 'A private endpoint is reachable from the whole virtual network unless an NSG on its subnet (with network policies on) says otherwise; any other subnet that can open a connection to the OpenAI or Redis endpoint is a path around the gateway.',
  frameworks: { HIPAA: ['164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.22'], 'SOC 2': ['CC6.6'], FedRAMP: ['SC-7', 'AC-4'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(b)'] },
  controls: ['network-isolation'],
  appliesTo: (node) => node instanceof Subnet,
  check: (node) => endpointNetworkProblems(node),
  evidence: (node) => endpointNetworkEvidence(node),
};
