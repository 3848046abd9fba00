// What the sink requires of an AuditEvent before it stores it (FHIR R4 AuditEvent
// cardinalities that matter for an audit record). Problems name fields, never values.
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const OUTCOMES = new Set(['0', '4', '8', '12']);
const ACTIONS = new Set(['C', 'R', 'U', 'D', 'E']);

const isCoding = (c) => typeof c?.system === 'string' && typeof c?.code === 'string';

export function auditEventProblem(resource) {
  if (typeof resource !== 'object' || resource === null) return 'not an object';
  if (resource.resourceType !== 'AuditEvent') return 'resourceType must be AuditEvent';
  if (typeof resource.id !== 'string' || !FHIR_ID.test(resource.id)) return 'id must be a FHIR id';
  if (!isCoding(resource.type)) return 'type must be a Coding';
  if (resource.action !== undefined && !ACTIONS.has(resource.action)) return 'action must be C, R, U, D or E';
  if (typeof resource.recorded !== 'string' || Number.isNaN(Date.parse(resource.recorded))) return 'recorded must be an instant';
  if (resource.outcome !== undefined && !OUTCOMES.has(resource.outcome)) return 'outcome must be 0, 4, 8 or 12';
  if (!Array.isArray(resource.agent) || resource.agent.length === 0) return 'agent must list at least one agent';
  if (!resource.agent.every((a) => typeof a?.requestor === 'boolean')) return 'agent.requestor is required';
  if (typeof resource.source?.observer !== 'object') return 'source.observer is required';
  return undefined;
}
