import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../../../src/meta/redact.js';
import { callFromNextUrl, versionedPath } from '../../../src/meta/transport.js';

const TOKEN = 'EAABwzLixnjYBO7ZBq9secret';

describe('redaction', () => {
  it('removes access_token from URLs, forms and JSON', () => {
    const url = `https://graph.facebook.com/v26.0/1/business_users?fields=id&access_token=${TOKEN}&after=QVFI`;
    expect(redactUrl(url)).toBe('https://graph.facebook.com/v26.0/1/business_users?fields=id&access_token=[redacted]&after=QVFI');
    expect(redactSecrets(`email=a%40b.c&access_token=${TOKEN}`)).toBe('email=a%40b.c&access_token=[redacted]');
    expect(redactSecrets(`{"access_token":"${TOKEN}","x":1}`)).toBe('{"access_token":"[redacted]","x":1}');
    expect(redactSecrets(`appsecret_proof=abc123&x=1`)).toBe('appsecret_proof=[redacted]&x=1');
  });

  it('removes Bearer tokens and any explicitly named secret', () => {
    expect(redactSecrets(`Authorization: Bearer ${TOKEN}`)).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets(`the token ${TOKEN} leaked`, [TOKEN])).toBe('the token [redacted] leaked');
  });

  it('does not shred text for short or missing secrets', () => {
    expect(redactSecrets('plain words', ['a', undefined])).toBe('plain words');
  });
});

describe('paging.next handling', () => {
  it('drops the token and the foreign host from a next URL', () => {
    const call = callFromNextUrl(`https://graph.facebook.com/v25.0/1/business_users?limit=2&access_token=${TOKEN}&after=QQ`, 'http://127.0.0.1:9');
    expect(call).toEqual({ method: 'GET', path: '/v25.0/1/business_users', params: { limit: '2', after: 'QQ' } });
  });

  it('strips a configured path prefix', () => {
    expect(callFromNextUrl('http://proxy/graph/v26.0/1/x?after=A', 'http://proxy/graph').path).toBe('/v26.0/1/x');
  });

  it('versions plain paths and leaves versioned ones alone', () => {
    expect(versionedPath('v26.0', '/1/business_users')).toBe('/v26.0/1/business_users');
    expect(versionedPath('v26.0', '/')).toBe('/v26.0');
    expect(versionedPath('v26.0', '/v25.0/1/x')).toBe('/v25.0/1/x');
  });
});
