import { eq } from 'drizzle-orm';
import { directoryUsers } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import { recordAudit } from '../audit/record.js';
import { decideMember, type DecisionRequest, type DecisionResult } from './guard.js';
import { grantMatchedOwner, revokeMatchedOwner } from './owners.js';
import { findWorkspaceAccount } from '../sync/workspace-accounts.js';
import { isUuid } from '../../lib/text.js';

type Deps = { db: Database };

export type MatchInput = { directoryUserId: string; hubRole: 'owner' | 'collaborator' };
export type MatchOutcome = {
  person: { name: string; email: string | null };
  /** Owner matches: the Slack account that became an owner, or the emails no Slack account uses. */
  owner?: { slackUserId: string } | { notInSlack: string };
};


/** Matches a member to a directory person by hand, as Owner or Collaborator; later syncs keep it. */
export async function matchMember(deps: Deps, request: DecisionRequest, input: MatchInput): Promise<DecisionResult<MatchOutcome>> {
  return deps.db.transaction(async (tx) => {
    const [person] = isUuid(input.directoryUserId)
      ? await tx.select().from(directoryUsers).where(eq(directoryUsers.id, input.directoryUserId))
      : [];
    return decideMember<MatchOutcome>(tx, request, 'match', async () => {
      if (!person || person.deletedAt) return { field: 'person', message: 'That person is no longer in the directory. Search again.' };
      if (!person.active) {
        return { field: 'person', message: `${person.displayName ?? person.userName} is deactivated in the directory. Pick someone active, or remove the member.` };
      }
      const account = input.hubRole === 'owner'
        ? await findWorkspaceAccount(tx, [person.workEmail, person.userName, ...person.emailKeys])
        : undefined;
      const name = person.displayName ?? ([person.givenName, person.familyName].filter(Boolean).join(' ') || person.userName);
      return {
        set: {
          state: 'onboarded',
          directoryUserId: person.id,
          hubRole: input.hubRole,
          matchedBy: request.actor.slackUserId,
          manual: true,
          matchNote: null,
          workspaceAccountId: account?.slackUserId ?? null,
          exemptionReason: null, exemptedBy: null, exemptedAt: null, exemptionExpiresAt: null,
        },
        after: async (updated, before) => {
          await revokeMatchedOwner(tx, before);
          if (account) await grantMatchedOwner(tx, updated.hubId, account.slackUserId);
          await recordAudit(tx, {
            actor: request.actor.slackUserId,
            action: 'member.matched',
            hubId: updated.hubId,
            memberId: updated.id,
            outcome: 'completed',
            detail: { directoryUserId: person.id, hubRole: input.hubRole, from: before.state, ownerSlackUserId: account?.slackUserId ?? null },
          });
          const email = person.workEmail ?? person.userName;
          const owner = input.hubRole !== 'owner' ? undefined : account ? { slackUserId: account.slackUserId } : { notInSlack: email };
          return { person: { name, email }, ...(owner ? { owner } : {}) };
        },
      };
    });
  });
}

/** Takes a match back: the member goes to review and stays unmatched (automatic matching leaves it). */
export async function unmatchMember(deps: Deps, request: DecisionRequest): Promise<DecisionResult> {
  return deps.db.transaction((tx) =>
    decideMember(tx, request, 'unmatch', () => ({
      set: { state: 'unmatched', directoryUserId: null, hubRole: null, matchedBy: null, manual: true, matchNote: null, workspaceAccountId: null },
      after: async (updated, before) => {
        await revokeMatchedOwner(tx, before);
        await recordAudit(tx, {
          actor: request.actor.slackUserId, action: 'member.unmatched', hubId: updated.hubId, memberId: updated.id,
          outcome: 'completed', detail: { directoryUserId: before.directoryUserId, hubRole: before.hubRole },
        });
        return undefined;
      },
    })),
  );
}

export type ExemptInput = { reason: string; expiresAt: Date | null };

/** The member fields of an exemption: a member list's Exempt and a report's Reject write the same. */
export function exemptionChange(actorId: string, at: Date, input: ExemptInput) {
  return {
    state: 'exempted' as const,
    manual: true,
    directoryUserId: null,
    hubRole: null,
    exemptionReason: input.reason,
    exemptedBy: actorId,
    exemptedAt: at,
    exemptionExpiresAt: input.expiresAt,
  };
}

/** Exempts a member with a reason (and optionally until a date): they keep access and stay out of reports. */
export async function exemptMember(deps: Deps, request: DecisionRequest, input: ExemptInput): Promise<DecisionResult> {
  return deps.db.transaction((tx) =>
    decideMember(tx, request, 'exempt', () => ({
      set: exemptionChange(request.actor.slackUserId, request.at, input),
      after: async (updated, before) => {
        await recordAudit(tx, {
          actor: request.actor.slackUserId, action: 'member.exempted', hubId: updated.hubId, memberId: updated.id,
          reason: input.reason, outcome: 'completed',
          detail: { from: before.state, expiresAt: input.expiresAt?.toISOString() ?? null },
        });
        return undefined;
      },
    })),
  );
}

/** Ends an exemption early: the member goes back to review, and automatic matching may settle them again. */
export async function endExemption(deps: Deps, request: DecisionRequest): Promise<DecisionResult> {
  return deps.db.transaction((tx) =>
    decideMember(tx, request, 'end_exemption', () => ({
      set: { state: 'unmatched', manual: false, exemptionReason: null, exemptedBy: null, exemptedAt: null, exemptionExpiresAt: null },
      after: async (updated, before) => {
        await recordAudit(tx, {
          actor: request.actor.slackUserId, action: 'member.exemption_ended', hubId: updated.hubId, memberId: updated.id,
          reason: before.exemptionReason, outcome: 'completed', detail: { exemptedBy: before.exemptedBy },
        });
        return undefined;
      },
    })),
  );
}
