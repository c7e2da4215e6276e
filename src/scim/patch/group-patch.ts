import type { DirectoryFilter, GroupChange, MembershipChange, ScimDoc } from '../../services/directory/index.js';
import { badRequest } from '../errors.js';
import { memberIds, validateGroupDoc } from '../resource/canonical.js';
import { applyStep } from './apply.js';
import { parsePatchPath, stepsOf, type PatchTarget } from './path.js';
import type { PatchOp, PatchOperation } from './request.js';

/**
 * Turns a group PATCH into a new document and an ordered list of membership changes (memberships live in
 * their own table, so they are never loaded as a list to patch). Throws a ScimError on the first bad
 * operation, before anything is written.
 */
export function planGroupPatch(groupId: string, doc: ScimDoc, operations: PatchOperation[]): GroupChange {
  const next = structuredClone(doc);
  const membership: MembershipChange[] = [];
  for (const operation of operations) {
    for (const step of stepsOf('Group', operation)) {
      const target = parsePatchPath('Group', step.path);
      if (target.kind === 'attr' && target.def.name === 'members') {
        membership.push(memberChange(operation.op, target, step.value));
        continue;
      }
      if (target.kind === 'attr' && target.def.name === 'id' && step.value !== groupId) {
        throw badRequest('mutability', 'id can not be changed');
      }
      applyStep(next, operation.op, target, step.value, step.pathless);
    }
  }
  return { doc: validateGroupDoc(next, doc), membership };
}

/**
 * The one membership change of a PATCH that touches nothing but members (add, or remove by list or filter),
 * or undefined when it does more; the bad operations throw as in `planGroupPatch`.
 */
export function memberOnlyPatch(operations: PatchOperation[]): { kind: 'add' | 'remove'; ids: string[] } | undefined {
  const steps = operations.flatMap((operation) => stepsOf('Group', operation).map((step) => ({ op: operation.op, step })));
  if (steps.length !== 1) return undefined;
  const [{ op, step }] = steps as [(typeof steps)[number]];
  const target = parsePatchPath('Group', step.path);
  if (target.kind !== 'attr' || target.def.name !== 'members') return undefined;
  const change = memberChange(op, target, step.value);
  return change.kind === 'add' || change.kind === 'remove' ? { kind: change.kind, ids: change.ids } : undefined;
}

function memberChange(op: PatchOp, target: Extract<PatchTarget, { kind: 'attr' }>, value: unknown): MembershipChange {
  if (target.sub) throw badRequest('invalidPath', `${target.label}: members are added or removed whole`);
  if (target.filter) {
    if (op !== 'remove') throw badRequest('invalidPath', `${target.label}: add members with path "members" and a value list`);
    return { kind: 'remove', ids: idsIn(target.filter) };
  }
  if (op === 'add') return { kind: 'add', ids: memberIds(value) };
  if (op === 'replace') return { kind: 'set', ids: memberIds(value) };
  // Entra without aadOptscim062020 sends Remove + "members" + the members to remove: only those go.
  return value === undefined || value === null ? { kind: 'clear' } : { kind: 'remove', ids: memberIds(value) };
}

/** `members[value eq "a"]`, or several joined with `or`. */
function idsIn(filter: DirectoryFilter): string[] {
  if (filter.op === 'eq' && filter.attr.sub === 'value') return [String(filter.value)];
  if (filter.op === 'or') return filter.filters.flatMap(idsIn);
  throw badRequest('invalidPath', 'members can only be selected by value, e.g. members[value eq "<id>"]');
}
