import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import type { Rule } from '../rule';
import { mustBe, requirePe } from './support';

export const AOAI_NET_003: Rule = {
  id: 'AOAI-NET-003',
  title: 'Managed Redis is private, Entra-only and TLS-only',
  severity: 'error',
  label: 'security-baseline',
  why: "Redis holds the budgets the gateway enforces; anyone who can write to it resets a spending limit. Public access, access keys or plaintext connections open that to the network.",
  // TLS-only is checked, not the latest TLS version, so ISM-1139 is not claimed.
  frameworks: { HIPAA: ['164.312(a)(1)', '164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.24', 'A.8.5'], 'SOC 2': ['CC6.1', 'CC6.7'], FedRAMP: ['SC-7', 'SC-8', 'IA-5'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(a)', 'Art. 32(1)(b)'] },
  controls: ['network-isolation', 'keyless-auth'],
  appliesTo: (node) => node instanceof ManagedRedis,
  check: (node) => {
    const r = node as ManagedRedis;
    const db = r.defaultDatabaseInput;
    return [
      mustBe(r, 'publicNetworkAccess', 'Disabled', 'public_network_access'),
      db?.accessKeysAuthenticationEnabled === false ? undefined : 'default_database.access_keys_authentication_enabled must be false',
      db?.clientProtocol === 'Encrypted' ? undefined : 'default_database.client_protocol must be "Encrypted" (TLS only)',
      requirePe(r),
    ];
  },
};
