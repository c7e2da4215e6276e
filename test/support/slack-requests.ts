// Real-shaped, signed Slack requests for driving a real Bolt receiver over HTTP (STYLE §16). Wire formats:
// the shared reference, slack.md §1 and §3, slack-fixtures/README.md.
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack } from '../fakes/fake-slack.js';

type Json = Record<string, unknown>;
export const FORM = 'application/x-www-form-urlencoded';

/** Slack's v0 signing headers for a raw body (timestamp in unix seconds, default now). */
export function signRequest(secret: string, body: string, timestamp: number | string = Math.floor(Date.now() / 1000)) {
  const ts = String(timestamp);
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': sig };
}

/** Slack stops waiting for an answer after 3 s and shows the person an error (reference §2, §13). */
export const SLACK_ACK_DEADLINE_MS = 3000;

export interface SlackHttpResult {
  /** 0 when the app did not answer within Slack's 3 s: Slack gave up, whatever came later. */
  status: number;
  /** True when the answer came too late for Slack (the request was abandoned at 3 s). */
  late: boolean;
  body: string;
  json?: unknown;
  headers: Headers;
  ms: number;
  /** Exactly what was sent, so a test can replay or tamper with it via raw(). */
  request: { body: string; headers: Record<string, string> };
}

export interface RetryOptions {
  retryNum?: number;
  retryReason?: string;
}

export type ActionContainer =
  | { type: 'message'; channelId: string; messageTs: string; isEphemeral?: boolean }
  | { type: 'view'; viewId: string };

export interface SelectedOption {
  text: string;
  value: string;
}

// --- view.state.values shapes, exactly as Slack sends them (fixtures 05–09) ---------------------------
const option = (o: SelectedOption | null) =>
  o === null ? null : { text: { type: 'plain_text', text: o.text, emoji: true }, value: o.value };

export const stateValues = {
  plainTextInput: (value: string | null) => ({ type: 'plain_text_input', value }),
  staticSelect: (o: SelectedOption | null) => ({ type: 'static_select', selected_option: option(o) }),
  externalSelect: (o: SelectedOption | null) => ({ type: 'external_select', selected_option: option(o) }),
  radioButtons: (o: SelectedOption | null) => ({ type: 'radio_buttons', selected_option: option(o) }),
  checkboxes: (os: SelectedOption[]) => ({ type: 'checkboxes', selected_options: os.map(option) }),
  channelsSelect: (channel: string | null) => ({ type: 'channels_select', selected_channel: channel }),
  conversationsSelect: (c: string | null) => ({ type: 'conversations_select', selected_conversation: c }),
  usersSelect: (user: string | null) => ({ type: 'users_select', selected_user: user }),
  datepicker: (date: string | null) => ({ type: 'datepicker', selected_date: date }),
  timepicker: (time: string | null) => ({ type: 'timepicker', selected_time: time }),
};
export type StateValues = Record<string, Record<string, Json>>;

export interface SlackClientOptions {
  eventsUrl: string;
  signingSecret: string;
  fakeSlack?: FakeSlack;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  botUserId?: string;
}

export function createSlackClient(o: SlackClientOptions) {
  const teamId = o.teamId ?? 'T0HUB';
  const team = { id: teamId, domain: o.teamDomain ?? 'hubkeeper' };
  const apiAppId = o.apiAppId ?? 'A0HUB';
  const botUserId = o.botUserId ?? o.fakeSlack?.botUserId ?? 'UBOT';
  const fake = o.fakeSlack;
  const token = 'legacy-verification-token'; // Bolt ignores it; Slack still sends it.

  const userName = (id: string) => String(fake?.user(id)?.name ?? id.toLowerCase());
  const user = (id: string) => ({ id, username: userName(id), name: userName(id), team_id: teamId });
  const triggerId = (t: { userId?: string; viewId?: string } = {}) =>
    fake?.triggerId(t) ?? `${Date.now()}.1.${randomBytes(16).toString('hex')}`;
  const actionTs = () => (Date.now() / 1000).toFixed(6);

  async function raw(req: { body: string; headers: Record<string, string> }): Promise<SlackHttpResult> {
    const started = performance.now();
    const request = { body: req.body, headers: req.headers };
    let res: Response;
    let text: string;
    try {
      res = await fetch(o.eventsUrl, { method: 'POST', body: req.body, headers: req.headers, signal: AbortSignal.timeout(SLACK_ACK_DEADLINE_MS) });
      text = await res.text();
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      return { status: 0, late: true, body: '', headers: new Headers(), ms: performance.now() - started, request };
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, late: false, body: text, json, headers: res.headers, ms: performance.now() - started, request };
  }

  function send(body: string, contentType: string, retry: RetryOptions = {}) {
    const headers: Record<string, string> = { 'content-type': contentType, ...signRequest(o.signingSecret, body) };
    if (retry.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(retry.retryNum);
      headers['x-slack-retry-reason'] = retry.retryReason ?? 'http_timeout';
    }
    return raw({ body, headers });
  }

  const interaction = (payload: Json, retry?: RetryOptions) =>
    send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM, retry);

  /** The view as the user's client holds it: the fake's copy if it has one, plus the typed-in state. */
  function viewPayload(viewId: string | undefined, overrides: Json, values: StateValues = {}): Json {
    const known = viewId ? fake?.view(viewId)?.view : undefined;
    const id = viewId ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
    const base: Json = known ?? {
      id, team_id: teamId, type: 'modal', blocks: [], private_metadata: '', callback_id: '', hash: `${Math.floor(Date.now() / 1000)}.a1b2c3d4`,
      title: { type: 'plain_text', text: 'Hubkeeper', emoji: true }, clear_on_close: false, notify_on_close: false,
      close: null, submit: { type: 'plain_text', text: 'Submit', emoji: true }, previous_view_id: null, root_view_id: id,
      app_id: apiAppId, external_id: '', app_installed_team_id: teamId, bot_id: 'BBOT',
    };
    return { ...base, ...overrides, state: { values } };
  }

  /** Finds the element a click came from in the blocks the user saw. */
  function findElement(blocks: unknown, actionId: string): { blockId?: string; el: Json } | undefined {
    if (!Array.isArray(blocks)) return undefined;
    for (const b of blocks as Json[]) {
      const els = [b.accessory, b.element, ...(Array.isArray(b.elements) ? b.elements : [])] as unknown[];
      for (const el of els) {
        if (el && typeof el === 'object' && (el as Json).action_id === actionId) {
          return { el: el as Json, ...(typeof b.block_id === 'string' ? { blockId: b.block_id } : {}) };
        }
      }
    }
    return undefined;
  }

  return {
    raw,
    sign: (body: string, timestamp?: number) => signRequest(o.signingSecret, body, timestamp),

    /** Slash command, fields in Slack's order (reference §3.1). */
    command(a: { userId: string; text?: string; channelId?: string; channelName?: string; command?: string } & RetryOptions) {
      const channelId = a.channelId ?? 'C0GENERAL';
      const fields: Array<[string, string]> = [
        ['token', token], ['team_id', teamId], ['team_domain', team.domain], ['channel_id', channelId],
        ['channel_name', a.channelName ?? fake?.channel(channelId)?.name ?? 'general'], ['user_id', a.userId],
        ['user_name', userName(a.userId)], ['command', a.command ?? '/hub'], ['text', a.text ?? ''],
        ['api_app_id', apiAppId], ['is_enterprise_install', 'false'],
        ['response_url', fake?.responseUrl() ?? `https://hooks.slack.com/commands/${teamId}/1/${randomBytes(12).toString('hex')}`],
        ['trigger_id', triggerId({ userId: a.userId })],
      ];
      return send(new URLSearchParams(fields).toString(), FORM, a);
    },

    blockAction(a: {
      userId: string; actionId: string; value?: string; blockId?: string; container: ActionContainer;
      message?: Json; view?: Json; selectedOption?: SelectedOption; values?: StateValues;
    } & RetryOptions) {
      const c = a.container;
      let msgJson: Json | undefined;
      if (c.type === 'message') {
        const m = a.message ? undefined : fake?.message(c.channelId, c.messageTs);
        msgJson = a.message ?? (m
          ? { type: 'message', user: m.user, bot_id: m.botId, ts: m.ts, text: m.text ?? '', blocks: m.blocks ?? [] }
          : { type: 'message', ts: c.messageTs, text: '' });
      }
      const view = c.type === 'view' ? (a.view ?? viewPayload(c.viewId, {}, a.values)) : undefined;
      const found = findElement((view ?? msgJson)?.blocks, a.actionId);
      const el = found?.el ?? {};
      const type = String(el.type ?? (a.selectedOption ? 'static_select' : 'button'));
      const action: Json = { action_id: a.actionId, block_id: a.blockId ?? found?.blockId ?? 'b', type, action_ts: actionTs() };
      if (type === 'button') Object.assign(action, { text: el.text ?? { type: 'plain_text', text: 'Button', emoji: true }, value: a.value ?? el.value ?? '' }, el.style ? { style: el.style } : {});
      else if (a.selectedOption) action.selected_option = option(a.selectedOption);
      else if (a.value !== undefined) action.value = a.value;
      const payload: Json = {
        type: 'block_actions', user: user(a.userId), api_app_id: apiAppId, token,
        container: c.type === 'message'
          ? { type: 'message', message_ts: c.messageTs, channel_id: c.channelId, is_ephemeral: c.isEphemeral ?? false }
          : { type: 'view', view_id: (view as Json).id },
        trigger_id: triggerId({ userId: a.userId, ...(c.type === 'view' ? { viewId: c.viewId } : {}) }),
        team, enterprise: null, is_enterprise_install: false,
      };
      if (c.type === 'message') {
        Object.assign(payload, {
          channel: { id: c.channelId, name: fake?.channel(c.channelId)?.name ?? 'general' },
          message: msgJson, state: { values: a.values ?? {} },
          response_url: fake?.responseUrl({ channelId: c.channelId, messageTs: c.messageTs })
            ?? `https://hooks.slack.com/actions/${teamId}/1/${randomBytes(12).toString('hex')}`,
        });
      } else {
        payload.view = view;
      }
      payload.actions = [action];
      return interaction(payload, a);
    },

    viewSubmission(a: { userId: string; callbackId: string; privateMetadata?: string; values: StateValues; viewId?: string;
      responseUrls?: Json[] } & RetryOptions) {
      const overrides: Json = { callback_id: a.callbackId };
      if (a.privateMetadata !== undefined) overrides.private_metadata = a.privateMetadata;
      return interaction({
        type: 'view_submission', team, user: user(a.userId), api_app_id: apiAppId, token,
        trigger_id: triggerId({ userId: a.userId, ...(a.viewId ? { viewId: a.viewId } : {}) }),
        view: viewPayload(a.viewId, overrides, a.values), response_urls: a.responseUrls ?? [],
        is_enterprise_install: false, enterprise: null,
      }, a);
    },

    viewClosed(a: { userId: string; callbackId: string; privateMetadata?: string; viewId?: string }) {
      const overrides: Json = { callback_id: a.callbackId };
      if (a.privateMetadata !== undefined) overrides.private_metadata = a.privateMetadata;
      return interaction({ type: 'view_closed', team, user: user(a.userId), api_app_id: apiAppId, token,
        view: viewPayload(a.viewId, overrides), is_cleared: false, is_enterprise_install: false, enterprise: null });
    },

    /** Options load request (external_select). Bolt answers it with JSON `{options}` / `{option_groups}`. */
    blockSuggestion(a: { userId: string; actionId: string; blockId: string; value: string; view?: Json; viewId?: string }) {
      const view = a.view ?? viewPayload(a.viewId, {});
      return interaction({
        type: 'block_suggestion', user: user(a.userId), container: { type: 'view', view_id: view.id }, api_app_id: apiAppId,
        token, action_id: a.actionId, block_id: a.blockId, value: a.value, team, enterprise: null,
        is_enterprise_install: false, view,
      });
    },

    /** Events API: wraps `event` in a real event_callback envelope with `authorizations`. */
    event(event: Json, e: { eventId?: string; eventTime?: number } & RetryOptions = {}) {
      const eventTime = e.eventTime ?? Math.floor(Date.now() / 1000);
      const envelope = {
        token, team_id: teamId, api_app_id: apiAppId,
        event: { event_ts: `${eventTime}.${String(randomBytes(3).readUIntBE(0, 3) % 1e6).padStart(6, '0')}`, ...event },
        type: 'event_callback', event_id: e.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: eventTime,
        authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false, event_context: `4-${randomBytes(12).toString('base64url')}`,
      };
      return send(JSON.stringify(envelope), 'application/json', e);
    },

    urlVerification(challenge = randomBytes(16).toString('hex')) {
      return send(JSON.stringify({ token, challenge, type: 'url_verification' }), 'application/json');
    },
  };
}

export type SlackClient = ReturnType<typeof createSlackClient>;
