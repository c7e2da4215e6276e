import type { AppContext } from '../../../context.js';
import { exemptMember } from '../../../services/members/decisions.js';
import { parseExemptSubmission } from '../../forms/member-forms.js';
import { ExemptFields } from '../../ids.js';
import { onMemberSubmission } from './member-submission.js';

/** The Exempt modal's submit. */
export const exemptMemberSubmission = (ctx: AppContext) =>
  onMemberSubmission(ctx, {
    parse: parseExemptSubmission,
    decide: (ctx, _hub, request, input) => exemptMember(ctx, request, input),
    fields: { reason: ExemptFields.reason.block, expiresAt: ExemptFields.expiresOn.block },
  });
