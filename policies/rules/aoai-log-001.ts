import type { Rule } from '../rule';
import { auditTrailAppliesTo, auditTrailEvidence, auditTrailProblems, type AuditTrailContext } from '../audit-trail';

export const AOAI_LOG_001: Rule<AuditTrailContext> = {
  id: 'AOAI-LOG-001',
  title: 'The audit trail is complete and kept as long as the region profile requires',
  severity: 'error',
  label: 'audit-trail',
  why:
    'Every resource that emits resource logs (config/log-categories.ts) sends all its audit categories (or the audit/allLogs group) to the audit workspace (tagged log-purpose = audit); ' +
    "every table those settings write to, and the table the gateway's audit events land in (AppTraces), keeps at least the profile's audit retention. A gap means an access that cannot be reconstructed.",
  frameworks: { HIPAA: ['164.312(b)', '164.316(b)(2)'], IRAP: ['ISM-1988', 'ISM-1989'], 'SOC 2': ['CC7.2'], 'ISO 27001': ['A.8.15'], FedRAMP: ['AU-2', 'AU-11', 'AU-12'], GDPR: ['Art. 30', 'Art. 32(1)(d)'] },
  controls: ['audit-logging'],
  appliesTo: auditTrailAppliesTo,
  check: auditTrailProblems,
  evidence: auditTrailEvidence,
};
