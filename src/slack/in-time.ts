import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { noticeModal } from './blocks/member-modals.js';
import { escapeMrkdwn } from './blocks/text.js';
import { trackAfterAck } from './in-flight.js';

/**
 * Slack shows the person an error when a modal submission or an options request is not answered within 3 s,
 * even if the work finished later (reference §13). Listeners validate first and answer as soon as they can;
 * these wrappers are the deadline behind them: at ACK_BUDGET_MS (well inside 3 s, leaving room for the
 * network) Slack gets an answer whatever the listener is still waiting for.
 */
export const ACK_BUDGET_MS = 2_000;

type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs;
type OptionsArgs = AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>;
type Answer = { response_action?: string; errors?: Record<string, string>; view?: { blocks?: Array<{ text?: { text?: string } }> } } | undefined;

const titleOf = (view: ViewArgs['view']) => (view.title as { text?: string } | undefined)?.text ?? 'form';

/** What a submission's answer said, as a sentence for a direct message (it came after Slack gave up). */
export function lateAnswerText(formTitle: string, answer: Answer): string {
  const form = `*${escapeMrkdwn(formTitle)}*`;
  if (answer?.response_action === 'errors') {
    const problems = Object.values(answer.errors ?? {}).map((problem) => escapeMrkdwn(problem)).join(' ');
    return `Nothing was saved from your ${form} form: ${problems} Open the form again to fix it.`;
  }
  const notice = answer?.response_action === 'update' ? answer.view?.blocks?.map((block) => block.text?.text).filter(Boolean).join('\n') : undefined;
  return notice ? `Your ${form} form was handled after all: ${notice}` : `Your ${form} form was saved after all; everything you submitted was applied.`;
}

/**
 * A modal submission under the deadline. If the listener has not answered when the budget runs out, Slack is
 * told (the modal turns into "still saving") and the listener carries on; its answer, when it comes, goes to
 * the person by direct message, so nothing is ever applied without them hearing what was saved.
 */
export function submitInTime(ctx: AppContext, listener: (args: ViewArgs) => Promise<void>) {
  return async (args: ViewArgs) => {
    const started = Date.now();
    let answered = false;
    let late = false;
    let lateAnswer: (answer: Answer) => void = () => {};
    const lateAnswered = new Promise<Answer>((resolve) => (lateAnswer = resolve));
    const ack = (async (answer?: Answer) => {
      if (late) return lateAnswer(answer);
      answered = true;
      await args.ack(answer as never);
    }) as ViewArgs['ack'];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ACK_BUDGET_MS)));
    const work = listener({ ...args, ack });
    const first = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), deadline]);
    clearTimeout(timer);
    if (first === 'done' || answered) return void (await work.catch((error: unknown) => ctx.logger.error('submission failed', { error })));
    late = true;
    const title = titleOf(args.view);
    ctx.logger.warn('submission not answered in time: Slack was told it is still saving', { callbackId: args.view.callback_id, ms: Date.now() - started });
    await args.ack({
      response_action: 'update',
      view: noticeModal('Still saving', `This is taking longer than Slack waits. You will get a direct message saying what was saved from *${escapeMrkdwn(title)}*.`) as never,
    });
    const userId = args.body.user.id;
    await trackAfterAck(
      Promise.race([lateAnswered, work.then(() => undefined)])
        .then(async (answer) => {
          await ctx.slack.chat.postMessage({ channel: userId, text: lateAnswerText(title, answer) });
        })
        .catch(async (error: unknown) => {
          ctx.logger.error('late submission failed', { error });
          await ctx.slack.chat.postMessage({ channel: userId, text: `Your *${escapeMrkdwn(title)}* form could not be saved. Please try again.` }).catch(() => {});
        }),
    );
  };
}

/** An options request under the deadline: no answer in time means no options (Slack would show an error). */
export function optionsInTime(ctx: AppContext, listener: (args: OptionsArgs) => Promise<void>) {
  return async (args: OptionsArgs) => {
    let done = false;
    const ack = (async (answer?: unknown) => {
      if (done) return;
      done = true;
      await args.ack(answer as never);
    }) as OptionsArgs['ack'];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ACK_BUDGET_MS)));
    await Promise.race([listener({ ...args, ack }).catch((error: unknown) => ctx.logger.error('options request failed', { error })), deadline]);
    clearTimeout(timer);
    if (!done) {
      ctx.logger.warn('options request not answered in time: answered with none', { actionId: args.payload.action_id });
      await ack({ options: [] });
    }
  };
}
