import { describe, expect, it } from 'vitest';
import { parseExemptSubmission, parseMatchSubmission, parseRemoveSubmission } from '../../../src/slack/forms/member-forms.js';
import { exemptValues, matchValues, removeValues } from '../../support/members.js';

const now = new Date('2026-03-10T15:00:00Z');
const values = (v: unknown) => v as Parameters<typeof parseExemptSubmission>[0];

describe('member forms', () => {
  it('accepts an exemption with a trimmed reason and an end date after today (UTC)', () => {
    expect(parseExemptSubmission(values(exemptValues('  Agency contact for spring  ', '2026-03-11')), now)).toEqual({
      ok: true, input: { reason: 'Agency contact for spring', expiresAt: new Date('2026-03-11T00:00:00Z') },
    });
    expect(parseExemptSubmission(values(exemptValues('Agency contact for spring', null)), now)).toMatchObject({ ok: true, input: { expiresAt: null } });
  });

  it('keys exemption errors by block', () => {
    expect(parseExemptSubmission(values(exemptValues(null, '2026-03-10')), now)).toEqual({
      ok: false,
      errors: { exempt_reason: 'Say why this member may keep access.', exempt_expires: 'Pick a date after today, or leave it empty.' },
    });
  });

  it('needs a person picked from the search and a role', () => {
    expect(parseMatchSubmission(values(matchValues(null)))).toEqual({
      ok: false, errors: { match_person: 'Search for the person and pick them from the list.' },
    });
    const id = '0b7f4c1e-1a2b-4c3d-8e9f-0123456789ab';
    expect(parseMatchSubmission(values(matchValues({ text: 'Ana', value: id }, 'owner')))).toEqual({ ok: true, input: { directoryUserId: id, hubRole: 'owner' } });
  });

  it('takes an optional removal reason', () => {
    expect(parseRemoveSubmission(values(removeValues(null)))).toEqual({ ok: true, input: { reason: null } });
    expect(parseRemoveSubmission(values(removeValues('  left  ')))).toEqual({ ok: true, input: { reason: 'left' } });
  });
});
