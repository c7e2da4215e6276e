import { MAX_COUNT } from '../list-params.js';
import { enterpriseUserAttributes, groupAttributes, userAttributes, type AttrDef } from './attributes.js';
import { URN } from './urns.js';

/**
 * The three discovery documents (RFC 7644 §4), built from the same attribute definitions the server uses,
 * so /Schemas can't advertise something the server doesn't do. Okta ignores them; Entra's schema discovery
 * and the test tools (SCIM Validator, scim2-tester) read them.
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [URN.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{
      type: 'oauthbearertoken',
      name: 'Bearer token',
      description: 'The SCIM_BEARER_TOKEN configured in Hubkeeper, sent as "Authorization: Bearer <token>".',
      primary: true,
    }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  const meta = (id: string) => ({ resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${id}` });
  return [
    {
      schemas: [URN.resourceType], id: 'User', name: 'User', endpoint: '/Users',
      description: 'People in the company directory', schema: URN.user,
      schemaExtensions: [{ schema: URN.enterpriseUser, required: false }], meta: meta('User'),
    },
    {
      schemas: [URN.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups',
      description: 'Groups of the company directory', schema: URN.group, schemaExtensions: [], meta: meta('Group'),
    },
  ];
}

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, description: string, attributes: AttrDef[]) => ({
    schemas: [URN.schema], id, name, description, attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(URN.user, 'User', 'User Account', userAttributes),
    schema(URN.enterpriseUser, 'EnterpriseUser', 'Enterprise User', enterpriseUserAttributes),
    schema(URN.group, 'Group', 'Group', groupAttributes),
  ];
}
