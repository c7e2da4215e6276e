import type { ScimDoc } from '../../services/directory/index.js';
import { badRequest } from '../errors.js';
import { validateUserDoc } from '../resource/canonical.js';
import { applyStep } from './apply.js';
import { parsePatchPath, stepsOf } from './path.js';
import type { PatchOperation } from './request.js';

/**
 * Applies a PATCH to a user document and says how `active` was last set, for the deactivation record:
 * `patch-replace-active` (Entra, either flag state) or `patch-replace-pathless` (Okta's `{active:false}`).
 * Throws a ScimError on the first bad operation; the caller then writes nothing.
 */
export function applyUserPatch(doc: ScimDoc, operations: PatchOperation[]): { doc: ScimDoc; via: string } {
  const next = structuredClone(doc);
  let via = 'patch';
  for (const operation of operations) {
    for (const step of stepsOf('User', operation)) {
      const target = parsePatchPath('User', step.path);
      if (target.kind === 'attr' && target.extension === null && target.def.name === 'active') {
        // RFC 7644 §3.5.2.2 answers `mutability` when removal would unassign an attribute that must keep a value.
        // An unassigned `active` would read as true again, so removing it could silently reactivate someone.
        if (operation.op === 'remove' || step.value === null) {
          throw badRequest('mutability', 'active can not be removed; replace it with false to deactivate the user, or true to reactivate');
        }
        via = `patch-${operation.op}-${step.pathless ? 'pathless' : 'active'}`;
      }
      applyStep(next, operation.op, target, step.value, step.pathless);
    }
  }
  return { doc: validateUserDoc(next, { active: doc.active !== false }, doc), via };
}
