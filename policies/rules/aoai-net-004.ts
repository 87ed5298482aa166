import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import type { Rule } from '../rule';
import { mustBe, requirePe } from './support';

export const AOAI_NET_004: Rule = {
  id: 'AOAI-NET-004',
  title: 'Azure Cache for Redis is private, Entra-only and TLS 1.2+',
  severity: 'error',
  label: 'security-baseline',
  why: 'The same budget store as AOAI-NET-003 on the older Redis service: public access, access keys or the non-TLS port let a budget be reset from the network.',
  // TLS 1.2 is the floor checked, so ISM-1139 (only the latest TLS) is not claimed.
  frameworks: { HIPAA: ['164.312(a)(1)', '164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.24', 'A.8.5'], 'SOC 2': ['CC6.1', 'CC6.7'], FedRAMP: ['SC-7', 'SC-8', 'IA-5'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(a)', 'Art. 32(1)(b)'] },
  controls: ['network-isolation', 'keyless-auth'],
  appliesTo: (node) => node instanceof RedisCache,
  check: (node) => {
    const r = node as RedisCache;
    return [
      mustBe(r, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
      mustBe(r, 'accessKeysAuthenticationEnabled', false, 'access_keys_authentication_enabled'),
      mustBe(r, 'nonSslPortEnabled', false, 'non_ssl_port_enabled'),
      mustBe(r, 'minimumTlsVersion', '1.2', 'minimum_tls_version'),
      requirePe(r),
    ];
  },
};
