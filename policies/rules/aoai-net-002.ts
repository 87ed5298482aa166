import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import type { Rule } from '../rule';
import { mustBe, requirePe } from './support';

export const AOAI_NET_002: Rule = {
  id: 'AOAI-NET-002',
  title: 'Storage account is private, keyless and TLS 1.2+',
  severity: 'error',
  label: 'security-baseline',
  why: "The gateway's storage holds its deployment package and host state; a public endpoint, a shared key or anonymous blob access lets code or data be read or replaced without an identity.",
  // TLS 1.2 is the floor checked, so ISM-1139 (only the latest TLS) is not claimed.
  frameworks: { HIPAA: ['164.312(a)(1)', '164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.24', 'A.8.5'], 'SOC 2': ['CC6.1', 'CC6.7'], FedRAMP: ['SC-7', 'SC-8', 'IA-5'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(a)', 'Art. 32(1)(b)'] },
  controls: ['network-isolation', 'keyless-auth'],
  appliesTo: (node) => node instanceof StorageAccount,
  check: (node) => {
    const s = node as StorageAccount;
    return [
      mustBe(s, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
      mustBe(s, 'sharedAccessKeyEnabled', false, 'shared_access_key_enabled'),
      mustBe(s, 'minTlsVersion', 'TLS1_2', 'min_tls_version'),
      mustBe(s, 'allowNestedItemsToBePublic', false, 'allow_nested_items_to_be_public'),
      requirePe(s),
    ];
  },
};
