import { describe, expect, it } from 'vitest';
import { batches, classifyInvitees, isEmail, parseEmailList, planInviteBatches, roleLabel } from '../../../src/domain/invitations.js';

describe('parseEmailList', () => {
  it('reads emails one per line or separated by commas, semicolons or spaces, trimmed, lower-cased, once each', () => {
    expect(parseEmailList(' Ana@Acme.example,ben@acme.example;\n\ncara@acme.example  ana@acme.example ')).toEqual({
      emails: ['ana@acme.example', 'ben@acme.example', 'cara@acme.example'],
      invalid: [],
    });
  });

  it('takes addresses out of "Name <email>" and mailto: links, without calling the names mistakes', () => {
    expect(parseEmailList('Ana Brown <ana@acme.example>, "Ben" <ben@acme.example>\nmailto:cara@acme.example')).toEqual({
      emails: ['ana@acme.example', 'ben@acme.example', 'cara@acme.example'],
      invalid: [],
    });
  });

  it('names what is not an email', () => {
    expect(parseEmailList('ana@acme.example, ana, bob@, @acme.example, x@y')).toEqual({
      emails: ['ana@acme.example'],
      invalid: ['ana', 'bob@', '@acme.example', 'x@y'],
    });
    expect(parseEmailList(null)).toEqual({ emails: [], invalid: [] });
    expect(isEmail(`${'a'.repeat(250)}@acme.example`)).toBe(false);
  });
});

describe('classifyInvitees', () => {
  it('reports members, pending invitations and invitations on their way; a member outranks an invitation', () => {
    const current = [
      { email: 'ana@acme.example', kind: 'invitation' as const },
      { email: 'ana@acme.example', kind: 'business_user' as const },
      { email: 'ben@acme.example', kind: 'invitation' as const },
      { email: 'cara@acme.example', kind: 'in_flight' as const },
    ];
    expect(classifyInvitees(['ana@acme.example', 'ben@acme.example', 'cara@acme.example', 'dev@acme.example'], current)).toEqual({
      fresh: ['dev@acme.example'],
      duplicates: [
        { email: 'ana@acme.example', note: 'member' },
        { email: 'ben@acme.example', note: 'invited' },
        { email: 'cara@acme.example', note: 'in_flight' },
      ],
    });
  });
});

describe('batching a directory burst', () => {
  it('cuts a list into batches, and never mixes roles or account types in one task', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    const invite = (n: number, metaRole: string, invitedUserType = 'FB') => ({ n, metaRole, invitedUserType });
    const waiting = [invite(1, 'EMPLOYEE'), invite(2, 'ADMIN'), invite(3, 'EMPLOYEE'), invite(4, 'EMPLOYEE', 'MWA'), invite(5, 'EMPLOYEE')];
    expect(planInviteBatches(waiting, 2).map((batch) => batch.map((i) => i.n))).toEqual([[1, 3], [5], [2], [4]]);
    expect(planInviteBatches(Array.from({ length: 120 }, (_, i) => invite(i, 'EMPLOYEE'))).map((batch) => batch.length)).toEqual([50, 50, 20]);
  });
});

describe('roleLabel', () => {
  it("says Meta's roles the way people do", () => {
    expect(roleLabel('ADMIN')).toBe('Admin');
    expect(roleLabel('EMPLOYEE')).toBe('Employee');
    expect(roleLabel('FINANCE_EDITOR')).toBe('Finance editor');
    expect(roleLabel('PARTNER_CENTER_ADMIN')).toBe('Partner center admin');
    expect(roleLabel(null)).toBe('no role');
  });
});
