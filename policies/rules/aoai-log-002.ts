import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import type { Rule } from '../rule';
import { resourcesOf } from '../util';
import { referencesResource } from './support';

export const AOAI_LOG_002: Rule = {
  id: 'AOAI-LOG-002',
  title: 'Azure OpenAI account has a diagnostic setting',
  severity: 'error',
  label: 'security-baseline',
  why: 'Without a diagnostic setting the account keeps no record of who called which deployment; the audit trail rule (AOAI-LOG-001) then says where those records must go and how long they are kept.',
  frameworks: { HIPAA: ['164.312(b)'], 'ISO 27001': ['A.8.15'], 'SOC 2': ['CC7.2'], FedRAMP: ['AU-2', 'AU-12'], IRAP: ['ISM-0580'], GDPR: ['Art. 30', 'Art. 32(1)(d)'] },
  controls: ['audit-logging'],
  appliesTo: (node) => node instanceof CognitiveAccount,
  check: (node) => {
    const account = node as CognitiveAccount;
    return [
      resourcesOf<MonitorDiagnosticSetting>(account, MonitorDiagnosticSetting).some((d) => referencesResource(account, d.targetResourceIdInput, account.id))
        ? undefined
        : "no diagnostic setting collects this account's logs",
    ];
  },
};
