import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { Rule } from '../rule';
import { hasSystemIdentity, mustBe, requirePe } from './support';

export const AOAI_NET_005: Rule = {
  id: 'AOAI-NET-005',
  title: 'Gateway Function app is private, https-only, TLS 1.2+, with a system-assigned identity',
  severity: 'error',
  label: 'security-baseline',
  why: 'The gateway is the only way to the models; it must itself be reachable only from the private network, refuse plaintext, accept no basic-auth publishing or remote debugging, and call Azure OpenAI and Redis with its own managed identity rather than keys.',
  // IA-9: the app calls other services with its own identity. ISM-1139/1173 (latest TLS, MFA for privileged users) are not what is checked.
  frameworks: { HIPAA: ['164.312(a)(1)', '164.312(e)(1)'], 'ISO 27001': ['A.8.20', 'A.8.24', 'A.8.5'], 'SOC 2': ['CC6.1', 'CC6.6', 'CC6.7'], FedRAMP: ['SC-7', 'SC-8', 'IA-9'], IRAP: ['ISM-1181'], GDPR: ['Art. 32(1)(a)', 'Art. 32(1)(b)'] },
  controls: ['network-isolation', 'keyless-auth'],
  appliesTo: (node) => node instanceof FunctionAppFlexConsumption,
  check: (node) => {
    const f = node as FunctionAppFlexConsumption;
    const site = f.siteConfigInput;
    return [
      mustBe(f, 'publicNetworkAccessEnabled', false, 'public_network_access_enabled'),
      mustBe(f, 'httpsOnly', true, 'https_only'),
      mustBe(f, 'webdeployPublishBasicAuthenticationEnabled', false, 'webdeploy_publish_basic_authentication_enabled'),
      site?.minimumTlsVersion === '1.2' || site?.minimumTlsVersion === '1.3' ? undefined : 'site_config.minimum_tls_version must be 1.2 or higher',
      site?.remoteDebuggingEnabled === false ? undefined : 'site_config.remote_debugging_enabled must be false',
      hasSystemIdentity(f.identityInput?.type) ? undefined : 'a system-assigned identity is required',
      requirePe(f),
    ];
  },
};
