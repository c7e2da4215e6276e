import { URN } from './urns.js';

export type AttrType = 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'integer' | 'decimal' | 'binary';

/** RFC 7643 §7 attribute definition: drives canonicalisation, PATCH paths, filters and /Schemas alike. */
export type AttrDef = {
  name: string;
  type: AttrType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: AttrDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
};

type Options = Partial<Omit<AttrDef, 'name' | 'type' | 'description' | 'subAttributes'>>;

function attr(name: string, type: AttrType, description: string, options: Options = {}, subs?: AttrDef[]): AttrDef {
  return {
    name, type, multiValued: false, description, required: false, caseExact: false,
    mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...options,
    ...(subs ? { subAttributes: subs } : {}),
  };
}
const str = (name: string, description: string, options?: Options) => attr(name, 'string', description, options);

/** The value/display/type/primary shape every multi-valued complex attribute shares. */
function multi(name: string, description: string, types: string[], extra: AttrDef[] = []): AttrDef {
  return attr(name, 'complex', description, { multiValued: true }, [
    str('value', `The ${name} value.`),
    str('display', 'A human-readable name, primarily used for display purposes.'),
    str('type', 'A label indicating the function of this value.', { canonicalValues: types }),
    attr('primary', 'boolean', 'Whether this is the preferred value.'),
    ...extra,
  ]);
}

const readOnly: Options = { mutability: 'readOnly' };

/** id, externalId and meta belong to every resource (RFC 7643 §3.1); they are not listed in /Schemas. */
export const commonAttributes: AttrDef[] = [
  str('id', 'Unique identifier issued by Hubkeeper.', { ...readOnly, caseExact: true, returned: 'always', uniqueness: 'server' }),
  str('externalId', "The identity provider's identifier for the resource.", { caseExact: true }),
  attr('meta', 'complex', 'Resource metadata.', readOnly, [
    str('resourceType', 'User or Group.', readOnly),
    attr('created', 'dateTime', 'When the resource was added.', readOnly),
    attr('lastModified', 'dateTime', 'When the resource was last changed.', readOnly),
    attr('location', 'reference', 'The URI of the resource.', readOnly),
    str('version', 'The version of the resource.', readOnly),
  ]),
];

const address = multi('addresses', 'Physical mailing addresses.', ['work', 'home', 'other'], [
  str('formatted', 'The full mailing address.'),
  str('streetAddress', 'The street address.'),
  str('locality', 'The city or locality.'),
  str('region', 'The state or region.'),
  str('postalCode', 'The zip code or postal code.'),
  str('country', 'The country name (ISO 3166-1 alpha-2).'),
]);

export const userAttributes: AttrDef[] = [
  str('userName', 'Unique identifier for the user, typically the UPN or email.', { required: true, uniqueness: 'server' }),
  attr('name', 'complex', "The components of the user's name.", {}, [
    str('formatted', 'The full name.'),
    str('familyName', 'The family name.'),
    str('givenName', 'The given name.'),
    str('middleName', 'The middle name.'),
    str('honorificPrefix', 'The honorific prefix.'),
    str('honorificSuffix', 'The honorific suffix.'),
  ]),
  str('displayName', 'The name displayed to end users.'),
  str('nickName', 'The casual name of the user.'),
  attr('profileUrl', 'reference', "A URI of the user's online profile.", { referenceTypes: ['external'] }),
  str('title', "The user's job title."),
  str('userType', 'The relationship between the organisation and the user.'),
  str('preferredLanguage', "The user's preferred written or spoken language, e.g. en-US."),
  str('locale', "The user's default location for localisation."),
  str('timezone', "The user's time zone in IANA format."),
  attr('active', 'boolean', "The user's administrative status; false means deprovisioned. It can be replaced, not removed."),
  str('password', 'Never stored by Hubkeeper.', { mutability: 'writeOnly', returned: 'never' }),
  multi('emails', 'Email addresses.', ['work', 'home', 'other']),
  multi('phoneNumbers', 'Phone numbers, stored as sent.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
  multi('ims', 'Instant messaging addresses.', []),
  multi('photos', 'URLs of photos of the user.', ['photo', 'thumbnail']),
  address,
  attr('groups', 'complex', 'Groups the user belongs to (read-only; managed through /Groups).', { multiValued: true, ...readOnly }, [
    str('value', 'The id of the group.', readOnly),
    attr('$ref', 'reference', 'The URI of the group.', { ...readOnly, referenceTypes: ['Group'] }),
    str('display', 'The name of the group.', readOnly),
    str('type', 'direct or indirect.', readOnly),
  ]),
  multi('entitlements', 'Entitlements of the user.', []),
  multi('roles', 'Roles of the user.', []),
  multi('x509Certificates', 'Certificates of the user.', []),
];

export const enterpriseUserAttributes: AttrDef[] = [
  str('employeeNumber', 'Numeric or alphanumeric identifier assigned by the organisation.'),
  str('costCenter', 'Name of a cost center.'),
  str('organization', 'Name of an organisation.'),
  str('division', 'Name of a division.'),
  str('department', 'Name of a department.'),
  attr('manager', 'complex', "The user's manager.", {}, [
    str('value', 'The id of the manager.'),
    attr('$ref', 'reference', 'The URI of the manager.', { referenceTypes: ['User'] }),
    str('displayName', 'The name of the manager.', readOnly),
  ]),
];

export const groupAttributes: AttrDef[] = [
  str('displayName', 'A human-readable name for the group.', { required: true, uniqueness: 'server' }),
  attr('members', 'complex', 'Members of the group (users, by their Hubkeeper id).', { multiValued: true }, [
    str('value', 'The id of the member.', { mutability: 'immutable', caseExact: true }),
    attr('$ref', 'reference', 'The URI of the member.', { mutability: 'immutable', referenceTypes: ['User'] }),
    str('display', 'The name of the member.', { mutability: 'immutable' }),
    str('type', 'User or Group.', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
  ]),
];

export type ResourceKind = 'User' | 'Group';

export const coreSchemaOf: Record<ResourceKind, string> = { User: URN.user, Group: URN.group };

export function findAttr(defs: readonly AttrDef[] | undefined, name: string): AttrDef | undefined {
  const lower = name.toLowerCase();
  return defs?.find((def) => def.name.toLowerCase() === lower);
}

/** Attributes addressable on a resource without a URN prefix (core, common, and for users the enterprise ones). */
export function coreAttributes(kind: ResourceKind): AttrDef[] {
  return kind === 'User' ? [...commonAttributes, ...userAttributes] : [...commonAttributes, ...groupAttributes];
}

/** Extension schemas whose attributes live in a nested object keyed by the URN. */
export function extensionAttributes(kind: ResourceKind, urn: string): AttrDef[] | undefined {
  return kind === 'User' && urn.toLowerCase() === URN.enterpriseUser.toLowerCase() ? enterpriseUserAttributes : undefined;
}
