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
  // 164.316(b)(2)(i): the six years; A.5.33 protection of records; GDPR Art. 5(2) accountability (Art. 30 is the record of processing activities, not logs).
  frameworks: { HIPAA: ['164.312(b)', '164.316(b)(2)(i)'], IRAP: ['ISM-1988', 'ISM-1989'], 'SOC 2': ['CC7.2'], 'ISO 27001': ['A.8.15', 'A.5.33'], FedRAMP: ['AU-2', 'AU-11', 'AU-12'], GDPR: ['Art. 5(2)', 'Art. 32(1)(b)'] },
  controls: ['audit-logging'],
  appliesTo: auditTrailAppliesTo,
  check: auditTrailProblems,
  evidence: auditTrailEvidence,
};
