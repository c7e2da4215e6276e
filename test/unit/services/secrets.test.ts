import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal, UnsealError } from '../../../src/services/hub-setup/secrets.js';

const key = randomBytes(32).toString('base64');

describe('seal / unseal', () => {
  it('round-trips and never contains the plaintext', () => {
    const sealed = seal('EAAB-secret-token', key);
    expect(sealed).not.toContain('EAAB');
    expect(unseal(sealed, key)).toBe('EAAB-secret-token');
  });
  it('uses a fresh IV each time', () => {
    expect(seal('same', key)).not.toBe(seal('same', key));
  });
  it('rejects a wrong key or a tampered value without revealing anything', () => {
    const sealed = seal('EAAB-secret-token', key);
    expect(() => unseal(sealed, randomBytes(32).toString('base64'))).toThrow(UnsealError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => unseal(tampered, key)).toThrow(/could not be opened/);
  });
});
