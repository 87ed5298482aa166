import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { RESOURCE_LOGS, type ResourceLogs } from '../config/log-categories';
import type { IDiagnosticsTarget } from './types';

/** A diagnostics target read from the log-category table, with the table entry it came from. */
export interface LogSource extends IDiagnosticsTarget {
  readonly spec: ResourceLogs;
  readonly resource: TerraformResource;
}

/** The target id of `spec` on `resource`: an attribute reference plus the sub-resource suffix. */
export function logTargetId(resource: TerraformResource, spec: ResourceLogs): string {
  const base = spec.attribute === 'id' ? (resource as unknown as { id: string }).id : resource.getStringAttribute(spec.attribute);
  return `${base}${spec.suffix ?? ''}`;
}

/**
 * A short label, unique for the resources of a landing zone: the resource's construct id and its
 * parent's (`network-pe-nsg`, `gateway-storage-account`), then the service when it adds one (`-blob`).
 */
function labelOf(resource: TerraformResource, spec: ResourceLogs): string {
  const ids = resource.node.scopes.slice(-2).map((s) => s.node.id);
  const base = ids.join('-');
  return (base.endsWith(spec.label) ? base : `${base}-${spec.label}`).toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Every log-emitting target of `node` (none when its type emits no resource logs). */
export function logSourcesOf(node: IConstruct): LogSource[] {
  if (!TerraformResource.isTerraformResource(node)) return [];
  return (RESOURCE_LOGS[node.terraformResourceType] ?? []).map((spec) => {
    const audit = spec.categories.filter((c) => c.audit);
    return {
      spec,
      resource: node,
      resourceId: logTargetId(node, spec),
      diagnosticsLabel: labelOf(node, spec),
      auditLogCategories: audit.map((c) => c.category),
      operationalLogCategories: spec.categories.filter((c) => !c.audit).map((c) => c.category),
      auditTables: [...new Set(audit.map((c) => c.table))],
      metrics: spec.metrics,
    };
  });
}
