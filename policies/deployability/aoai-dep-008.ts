import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import type { Framework, Rule } from '../rule';
import { withChangeManagement, type DeployabilityContext } from './context';

/** No inbound path from the internet: boundary protection (as AOAI-NET-001 cites). */
export const NO_PUBLIC_INBOUND: Readonly<Partial<Record<Framework, readonly string[]>>> = {
  HIPAA: ['164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.22'], 'SOC 2': ['CC6.6'], FedRAMP: ['SC-7'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(b)'],
};

const PUBLIC_SOURCES = new Set(['*', 'internet', '0.0.0.0/0', 'any']);

export const AOAI_DEP_008: Rule<DeployabilityContext> = {
  id: 'AOAI-DEP-008',
  title: 'No NSG rule allows inbound traffic from the internet',
  severity: 'error',
  label: 'deployability/no-public-inbound-rule',
  why: 'Every data plane is private: no NSG may allow inbound traffic from the internet.',
  frameworks: withChangeManagement(NO_PUBLIC_INBOUND),
  controls: ['network-isolation'],
  appliesTo: (node) => node instanceof NetworkSecurityGroup,
  check: (node) => {
    const rules = ((node as NetworkSecurityGroup).securityRuleInput ?? []) as NetworkSecurityGroupSecurityRule[];
    if (!Array.isArray(rules)) return [];
    return rules
      .filter((r) => r.direction === 'Inbound' && r.access === 'Allow')
      .filter((r) => [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].some((s) => typeof s === 'string' && PUBLIC_SOURCES.has(s.toLowerCase())))
      .map((r) => `security rule "${r.name}" allows inbound traffic from ${r.sourceAddressPrefix ?? r.sourceAddressPrefixes?.join(', ')}`);
  },
};
