import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import type { Rule } from '../rule';
import { mustBe } from './support';

export const AOAI_IAM_002: Rule = {
  id: 'AOAI-IAM-002',
  title: 'Application Insights accepts Entra ID ingestion only',
  severity: 'error',
  label: 'security-baseline',
  why: "The gateway's audit events go to Application Insights; with local authentication on, anyone holding the connection string can write forged audit events.",
  // Forged audit events are modified logs: ISM-1815 (logs protected from modification); ISM-0859 was a retention control, rescinded Dec 2024. IA-9: the writer is a service.
  frameworks: { HIPAA: ['164.312(c)(1)'], 'ISO 27001': ['A.8.15'], 'SOC 2': ['CC6.1', 'CC7.2'], FedRAMP: ['AU-9', 'IA-9'], IRAP: ['ISM-1815'], GDPR: ['Art. 32(1)(b)'] },
  controls: ['keyless-auth'],
  appliesTo: (node) => node instanceof ApplicationInsights,
  check: (node) => [mustBe(node as ApplicationInsights, 'localAuthenticationDisabled', true, 'local_authentication_disabled')],
};
