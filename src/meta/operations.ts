import { MetaPermanentError, MetaTransientError, isObjectMissing } from './errors.js';
import { isMetaRole, type MetaRole } from '../domain/roles.js';
import { followEdge } from './paging.js';
import { businessUserAccessSchema, idSchema, invitationSchema, pageSchema, successSchema } from './schemas.js';
import { effectiveRole } from './snapshot.js';
import type { CallOptions, GraphSession } from './session.js';
import type { GraphCall } from './transport.js';

/** Meta's invite cap answers code 17 and "resume 24 hours later". */
const INVITE_CAP_WAIT_MS = 24 * 60 * 60 * 1000;

function nodeId(id: string, what: string): string {
  // Ids go into the URL path: anything but a Graph id could reach a different endpoint.
  if (!/^(act_)?\d+$/.test(id)) {
    throw new MetaPermanentError({ message: `${what} "${id}" is not a Meta id`, code: 100, userMessage: `That ${what} is not a valid Meta id.` });
  }
  return id;
}

function role(value: string): MetaRole {
  if (!isMetaRole(value)) {
    throw new MetaPermanentError({ message: `Unknown Meta role "${value}"`, code: 100, userMessage: `Meta has no role called ${value}.` });
  }
  return value;
}

/** Options of a write: `spaced: false` when the caller paces it to a known limit itself. */
export type WriteOptions = Pick<CallOptions, 'spaced'>;

async function expectSuccess(session: GraphSession, call: GraphCall, options: WriteOptions = {}): Promise<void> {
  const { success } = await session.json(call, successSchema, options);
  if (!success) {
    throw new MetaPermanentError({
      message: `Meta answered success:false to ${call.method} ${call.path}`,
      code: 0,
      path: `${call.method} ${call.path}`,
      userMessage: 'Meta did not make the change. Try again, or make it in Meta Business Suite.',
    });
  }
}

/**
 * Meta's 100/33 reads "does not exist, cannot be loaded due to missing permissions, or does not support this
 * operation" (§15): not proof of absence. Gone means no longer listed on the business's edge.
 */
async function listed(session: GraphSession, edge: 'business_users' | 'pending_users', id: string): Promise<boolean> {
  const call = { method: 'GET' as const, path: `/${session.businessId}/${edge}`, params: { fields: 'id', limit: '100' } };
  const items = await followEdge(session, call, idSchema);
  return items.some((item) => item.id === id);
}

async function deleteNode(session: GraphSession, id: string, listedOn: 'business_users' | 'pending_users', options: WriteOptions = {}): Promise<{ alreadyGone: boolean }> {
  try {
    await expectSuccess(session, { method: 'DELETE', path: `/${id}` }, options);
    return { alreadyGone: false };
  } catch (error) {
    // 100/33: someone else (or our own timed-out first attempt) may have removed it, or we can't see it.
    if (isObjectMissing(error) && !(await listed(session, listedOn, id))) return { alreadyGone: true };
    throw error;
  }
}

/** Removes a person from the business (and its assets); already-removed counts as done. */
export async function removeBusinessUser(session: GraphSession, userId: string, options: WriteOptions = {}): Promise<{ alreadyGone: boolean }> {
  return deleteNode(session, nodeId(userId, 'business user id'), 'business_users', options);
}

/** Cancels a pending invitation (a BusinessRoleRequest); already-cancelled counts as done. */
export async function cancelInvitation(session: GraphSession, requestId: string, options: WriteOptions = {}): Promise<{ alreadyGone: boolean }> {
  return deleteNode(session, nodeId(requestId, 'invitation id'), 'pending_users', options);
}

/** Changes an active person's role; Meta refuses (3914) to demote the last admin. */
export async function changeRole(session: GraphSession, userId: string, newRole: string): Promise<void> {
  await expectSuccess(session, { method: 'POST', path: `/${nodeId(userId, 'business user id')}`, params: { role: role(newRole) } });
}

export type MemberAccess = {
  /** The role Hubkeeper shows: ADMIN as read, else the finer role in tasks, else the base role. */
  role: string | undefined;
  baseRole: string | undefined;
  tasks: string[];
  financePermission: string | undefined;
  ipPermission: string | undefined;
};

/** Reads back what a person may do now, so a role change is confirmed against what Meta kept. */
export async function readAccess(session: GraphSession, userId: string): Promise<MemberAccess> {
  const call = { method: 'GET' as const, path: `/${nodeId(userId, 'business user id')}`, params: { fields: 'id,role,tasks,finance_permission,ip_permission' } };
  const user = await session.json(call, businessUserAccessSchema);
  return {
    role: effectiveRole(user.role, user.tasks), baseRole: user.role, tasks: user.tasks ?? [],
    financePermission: user.finance_permission, ipPermission: user.ip_permission,
  };
}

/** Changes the role of a pending invitation (a BusinessRoleRequest); Meta answers with its id. */
export async function changeInvitationRole(session: GraphSession, requestId: string, newRole: string): Promise<void> {
  await session.json({ method: 'POST', path: `/${nodeId(requestId, 'invitation id')}`, params: { role: role(newRole) } }, idSchema);
}

export type InviteInput = { email: string; role: string; invitedUserType?: ReadonlyArray<'FB' | 'MWA'> | undefined };

/** The pending invitation of an email, if Meta has one (e.g. an earlier attempt landed but its answer was lost). */
export async function findPendingInvite(session: GraphSession, email: string): Promise<string | undefined> {
  const call = {
    method: 'GET' as const,
    path: `/${session.businessId}/pending_users`,
    params: { email, fields: 'id,email' },
  };
  const page = await session.json(call, pageSchema(invitationSchema));
  return page.data.find((i) => i.email.toLowerCase() === email.toLowerCase())?.id;
}

/**
 * Invites someone by email. A POST is not idempotent, so after a transient failure we first look for
 * the invitation in pending_users (the first attempt may have landed) before sending it again.
 */
export async function inviteUser(session: GraphSession, input: InviteInput, write: WriteOptions = {}): Promise<{ invitationId: string }> {
  const params: Record<string, string> = { email: input.email.trim(), role: role(input.role) };
  if (input.invitedUserType?.length) params.invited_user_type = JSON.stringify(input.invitedUserType);
  const call = { method: 'POST' as const, path: `/${session.businessId}/business_users`, params };
  const options = { ...write, rateLimitFloorMs: (e: { code: number }) => (e.code === 17 ? INVITE_CAP_WAIT_MS : 0) };
  try {
    const { id } = await session.json(call, idSchema, { ...options, retryTransient: false });
    return { invitationId: id };
  } catch (error) {
    if (!(error instanceof MetaTransientError)) throw error;
    const existing = await findPendingInvite(session, params.email!);
    if (existing) return { invitationId: existing };
    await session.waitBeforeRetry(error, 0);
    const { id } = await session.json(call, idSchema, options);
    return { invitationId: id };
  }
}
