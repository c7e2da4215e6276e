import { encodeHubContext } from '../forms/hub-metadata.js';
import { LoginFields as F, Views } from '../ids.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

type Hub = { id: string; label: string; loginMethod: 'sso' | 'password'; loginMethodChangedBy: string | null; loginMethodChangedAt: Date | null };

export const LOGIN_WORDS: Readonly<Record<Hub['loginMethod'], string>> = { sso: 'single sign-on (SSO)', password: 'username and password' };

const OPTIONS = [
  { text: plain('Single sign-on (SSO)'), value: 'sso', description: plain('The IdP manages access; members log in with their work account.') },
  { text: plain('Username and password'), value: 'password', description: plain('Hubkeeper is the path that carries directory changes to Meta.') },
];

/** `/hub login`: the current method, the choice, and one line on what a switch changes. */
export function loginModal(hub: Hub) {
  const last = hub.loginMethodChangedAt && hub.loginMethodChangedBy
    ? ` Last switched by <@${hub.loginMethodChangedBy}> ${slackDate(hub.loginMethodChangedAt)}.`
    : '';
  return {
    type: 'modal' as const,
    callback_id: Views.switchLogin,
    private_metadata: encodeHubContext({ hubId: hub.id }),
    title: plain('Login method', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*${escapeMrkdwn(hub.label)}* uses *${LOGIN_WORDS[hub.loginMethod]}*.${last}`),
      {
        type: 'input',
        block_id: F.method.block,
        label: plain('How do members log in to Meta?'),
        element: { type: 'radio_buttons', action_id: F.method.action, options: OPTIONS, initial_option: OPTIONS.find((o) => o.value === hub.loginMethod) },
      },
      context('Switching queues a check for updates that re-matches every member: with SSO by their work account, with username and password by any email the directory knows. Nobody’s access in Meta changes.'),
    ],
  };
}

/** The line the hub's channel gets when someone switches. */
export function loginSwitchedMessage(hub: { label: string }, from: Hub['loginMethod'], to: Hub['loginMethod'], by: string) {
  const text = `<@${by}> switched the login method of ${escapeMrkdwn(hub.label)} from ${LOGIN_WORDS[from]} to ${LOGIN_WORDS[to]}. Members are being re-matched; the check for updates shows the result.`;
  return {
    text,
    blocks: [section(`:twisted_rightwards_arrows: <@${by}> switched the login method of *${escapeMrkdwn(hub.label)}* from ${LOGIN_WORDS[from]} to *${LOGIN_WORDS[to]}*.\nMembers are being re-matched; the check for updates shows who matches their work account.`)],
  };
}
