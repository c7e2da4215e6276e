import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { Actor, HubRef } from '../../../domain/permissions.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { explainRefusal } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/** How a hub form's decision answers the person: the modal closes, turns into a notice, or shows field errors. */
export type HubFormAnswer =
  | { status: 'not_found' }
  | { status: 'refused'; reason: string; hub: HubRef }
  | { status: 'errors'; errors: Record<string, string> }
  | { status: 'notice'; title: string; text: string }
  /** A next step (e.g. a confirmation that states a count) replaces the modal. */
  | { status: 'next'; view: object }
  /** Closes the modal; `after` runs once Slack has its answer (e.g. telling the channel). */
  | { status: 'closed'; after?: () => Promise<unknown> };

export type HubForm<F> = {
  /** The command that opens the form, for "run it again" answers. */
  command: string;
  parse(values: ViewStateValues, now: Date, privateMetadata: string): { ok: true; input: F } | { ok: false; errors: Record<string, string> };
  decide(actor: Actor, hubId: string, input: F): Promise<HubFormAnswer>;
};

/**
 * The submit of a hub-level modal (login, settings, owners): the form is checked inline first; permission and
 * the change are decided by one service call before the ack, so a refusal or a conflict replaces the modal.
 */
export const onHubForm = <F>(spec: (ctx: AppContext) => HubForm<F>) => (ctx: AppContext) => {
  const form = spec(ctx);
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const parsed = form.parse(view.state.values as ViewStateValues, ctx.clock(), view.private_metadata);
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', `This form is out of date. Run \`${form.command}\` again.`));
    let answer: HubFormAnswer;
    try {
      answer = await form.decide(await resolveActor(ctx, body.user.id), context.hubId, parsed.input);
    } catch (error) {
      ctx.logger.error('hub form failed', { error, callbackId: view.callback_id });
      return void (await notice('Nothing changed', GENERIC_FAILURE));
    }
    switch (answer.status) {
      case 'not_found':
        return void (await notice('Hub not connected', HUB_GONE));
      case 'refused':
        return void (await notice('Not allowed', await explainRefusal(ctx, answer.reason, answer.hub)));
      case 'errors':
        return void (await ack({ response_action: 'errors', errors: answer.errors }));
      case 'notice':
        return void (await notice(answer.title, answer.text));
      case 'next':
        return void (await ack({ response_action: 'update', view: answer.view as never }));
      case 'closed':
        await ack();
        if (answer.after) await trackAfterAck(answer.after().catch((error: unknown) => ctx.logger.warn('follow-up of a hub form failed', { error })));
    }
  };
};
