import type { AppContext } from '../../../context.js';
import { matchMember } from '../../../services/members/decisions.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseMatchSubmission } from '../../forms/member-forms.js';
import { MatchFields } from '../../ids.js';
import { onMemberSubmission } from './member-submission.js';

/** The Match modal's submit: matches the member by hand; an Owner match makes their Slack account an owner. */
export const matchMemberSubmission = (ctx: AppContext) =>
  onMemberSubmission(ctx, {
    parse: (values) => parseMatchSubmission(values),
    decide: (ctx, _hub, request, input) => matchMember(ctx, request, input),
    fields: { person: MatchFields.person.block, hubRole: MatchFields.role.block },
    note: (result, hub) => {
      if (!result.owner) return undefined;
      const who = `*${escapeMrkdwn(result.person.name)}*`;
      return 'slackUserId' in result.owner
        ? `Matched ${who} as an Owner: <@${result.owner.slackUserId}> is now an owner of *${escapeMrkdwn(hub.label)}*.`
        : `Matched ${who} as an Owner, but no Slack account uses ${escapeMrkdwn(result.owner.notInSlack)}, so nobody became an owner of *${escapeMrkdwn(hub.label)}* in Slack.`;
    },
  });
