import { describe, expect, test } from 'vitest';
import { createBearerCheck, identifyActor, tokenFingerprint } from '../../../src/scim/auth.js';

const TOKEN = 'a'.repeat(40);

describe('bearer token check', () => {
  const check = createBearerCheck(TOKEN);

  test('accepts the token under any spelling of the scheme', () => {
    expect(check(`Bearer ${TOKEN}`)).toBe(true);
    expect(check(`bearer   ${TOKEN}  `)).toBe(true);
  });

  test.each([undefined, '', 'Bearer', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Bearer ${TOKEN} extra`])(
    'refuses %j',
    (header) => expect(check(header)).toBe(false),
  );

  test('an empty configured token fails closed', () => {
    expect(() => createBearerCheck('')).toThrow(/must not be empty/);
  });
});

describe('audit identity', () => {
  test('the fingerprint names the token without revealing it', () => {
    expect(tokenFingerprint(TOKEN)).toMatch(/^sha256:[0-9a-f]{8}$/);
    expect(tokenFingerprint(TOKEN)).not.toContain('aaaa');
  });

  test('the IdP is told by its User-Agent', () => {
    expect(identifyActor('Okta SCIM Client 1.0.0', 'f').idp).toBe('okta');
    expect(identifyActor('Microsoft.Azure.ActiveDirectory.Provisioning', 'f').idp).toBe('entra');
    expect(identifyActor(undefined, 'f')).toEqual({ idp: 'unknown', userAgent: null, credential: 'f' });
  });
});
