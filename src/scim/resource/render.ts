import type { DirectoryGroupRecord, DirectoryUserRecord } from '../../services/directory/index.js';
import { coreAttributes, type ResourceKind } from '../schema/attributes.js';
import { URN } from '../schema/urns.js';
import { isPlainObject } from './coerce.js';

export type ScimResource = Record<string, unknown>;

/** Extension objects present on the document, so `schemas` lists exactly what the resource carries. */
function extensionsOf(resource: Record<string, unknown>): string[] {
  return Object.keys(resource).filter((key) => key.toLowerCase().startsWith('urn:') && isPlainObject(resource[key]));
}

const ORDER: Record<ResourceKind, Map<string, number>> = {
  User: new Map(coreAttributes('User').map((def, index) => [def.name, index])),
  Group: new Map(coreAttributes('Group').map((def, index) => [def.name, index])),
};

/** Postgres jsonb sorts keys by length; put them back in schema order so responses read naturally. */
function ordered(kind: ResourceKind, resource: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string) => ORDER[kind].get(key) ?? (key.toLowerCase().startsWith('urn:') ? 2000 : 1000);
  return Object.fromEntries(Object.entries(resource).sort(([a], [b]) => rank(a) - rank(b)));
}

export function renderUser(record: DirectoryUserRecord, baseUrl: string): ScimResource {
  return {
    schemas: [URN.user, ...extensionsOf(record.resource)],
    id: record.id,
    ...ordered('User', record.resource),
    active: record.active,
    meta: {
      resourceType: 'User',
      created: record.createdAt.toISOString(),
      lastModified: record.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${record.id}`,
    },
  };
}

/** Members appear only when they were loaded (Entra asks with excludedAttributes=members). */
export function renderGroup(record: DirectoryGroupRecord, baseUrl: string): ScimResource {
  return {
    schemas: [URN.group, ...extensionsOf(record.resource)],
    id: record.id,
    ...ordered('Group', record.resource),
    ...(record.members
      ? { members: record.members.map((member) => ({ value: member.value, display: member.display, type: 'User', $ref: `${baseUrl}/Users/${member.value}` })) }
      : {}),
    meta: {
      resourceType: 'Group',
      created: record.createdAt.toISOString(),
      lastModified: record.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${record.id}`,
    },
  };
}

export function listResponse(resources: ScimResource[], total: number, startIndex: number): ScimResource {
  return {
    schemas: [URN.listResponse],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
