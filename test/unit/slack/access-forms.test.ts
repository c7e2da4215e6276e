import { describe, expect, it } from 'vitest';
import { parseGroupSubmission, parseLoginSubmission, parseRoleSubmission } from '../../../src/slack/forms/access-forms.js';
import { parseInviteSubmission } from '../../../src/slack/forms/invite-form.js';
import { groupValues, inviteValues, loginValues, roleValues } from '../../support/access.js';

const PERSON = '9a8b7c6d-1a2b-4c3d-8e9f-0123456789ab';

describe('the invite form', () => {
  it('takes typed emails and picked people, a role and the work-account choice', () => {
    const values = inviteValues({ emails: 'Ana@acme.example\nben@acme.example', people: [{ text: 'Cara', value: PERSON }], role: 'ADMIN', workAccount: true });
    expect(parseInviteSubmission(values as never)).toEqual({
      ok: true, input: { emails: ['ana@acme.example', 'ben@acme.example'], directoryUserIds: [PERSON], role: 'ADMIN', workAccount: true },
    });
  });

  it('answers on the field: nothing given, not an email, too many, no such role', () => {
    expect(parseInviteSubmission(inviteValues({}) as never)).toMatchObject({ ok: false, errors: { invite_emails: expect.stringMatching(/^Enter at least one/) } });
    expect(parseInviteSubmission(inviteValues({ emails: 'ana, bo' }) as never)).toMatchObject({
      ok: false, errors: { invite_emails: '“ana”, “bo” are not email addresses. Use one email per line, or separate them with commas.' },
    });
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@acme.example`).join('\n');
    expect(parseInviteSubmission(inviteValues({ emails: many }) as never)).toMatchObject({ ok: false, errors: { invite_emails: 'Invite at most 50 people at a time (you have 51).' } });
    expect(parseInviteSubmission(inviteValues({ emails: 'ana@acme.example', role: 'OWNER' }) as never)).toMatchObject({
      ok: false, errors: { invite_role: 'Choose one of the roles Meta accepts.' },
    });
  });
});

describe('the login, role and group forms', () => {
  it('read their one choice and refuse anything else', () => {
    expect(parseLoginSubmission(loginValues('sso') as never)).toEqual({ ok: true, input: { method: 'sso' } });
    expect(parseLoginSubmission({} as never)).toEqual({ ok: false, errors: { login_method: 'Choose how members log in.' } });
    expect(parseRoleSubmission(roleValues('FINANCE_VIEW') as never)).toEqual({ ok: true, input: { role: 'FINANCE_VIEW' } });
    expect(parseRoleSubmission(roleValues('GOD') as never)).toEqual({ ok: false, errors: { role_choice: 'Choose one of the roles Meta accepts.' } });
    expect(parseGroupSubmission(groupValues({ text: 'Sales', value: PERSON }, 'ADMIN', true) as never)).toEqual({
      ok: true, input: { groupId: PERSON, role: 'ADMIN', inviteCurrent: true },
    });
    expect(parseGroupSubmission(groupValues(null) as never)).toMatchObject({ ok: false, errors: { group_pick: 'Search for the group and pick it from the list.' } });
  });
});
