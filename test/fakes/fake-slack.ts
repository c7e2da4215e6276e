// A fake Slack Web API on a real loopback HTTP server. It records every call and rejects what a real
// workspace rejects (Block Kit limits, trigger expiry, response-URL use count, rate limits), so a test
// that passes here fails the same way it would against Slack. Modelled on gravitational/teleport
// integrations/access/slack/testlib/fake_slack.go. Limits: the shared reference, slack.md §5 and §8.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createFakeSocketMode, type FakeSocketMode } from './fake-slack-socket.js';

type Json = Record<string, unknown>;

export interface FakeSlackOptions {
  /** Token WebClient must send as `Authorization: Bearer …`. Default `xoxb-test`. */
  botToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** A second chat.postMessage to the same channel within 1 s gets 429 + Retry-After 1 (Slack's 1 msg/s/channel). */
  enforceChannelPace?: boolean;
  /**
   * Per-method limits (reference §5): more calls of a tiered method in the last minute than its tier allows
   * (Tier 2: 20, Tier 3: 50, Tier 4: 100) get 429 + Retry-After. chat.postMessage is paced per channel instead.
   */
  enforceMethodTiers?: boolean;
  /** Posting to a C…/G… channel not added with addChannel() → `channel_not_found`. */
  strictChannels?: boolean;
  /** users.list also returns USLACKBOT (is_bot: false, as on real Slack) and the bot user. Default true. */
  builtinUsers?: boolean;
  /** Injected clock (ms since epoch), used for trigger/response-URL expiry, pacing and ts. */
  now?: () => number;
  /** App-level token `apps.connections.open` accepts (Socket Mode). Default `xapp-test`. */
  appToken?: string;
  /** The bot's scopes. Without `chat:write.public` a public channel the bot is not in answers `not_in_channel`. */
  scopes?: string[];
}

export interface FakeCall {
  method: string;
  /** Request arguments; `blocks`/`view`/`attachments`/`metadata` JSON-decoded, `token` removed. */
  args: Json;
  at: number;
  status: number;
  response: Json;
}

export interface MessageVersion {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  at: number;
  via: 'chat.postMessage' | 'chat.update' | 'response_url' | 'seed';
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  /** Author; the bot user for messages the app posted. */
  user: string;
  botId?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  deleted: boolean;
  /** Every version the channel showed, oldest first (the current one last). */
  history: MessageVersion[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  messageTs: string;
  text?: string;
  blocks?: unknown[];
  at: number;
}

export interface FakeView {
  id: string;
  kind: 'modal' | 'home';
  /** The user who opened it (from the trigger) or the home tab owner. */
  userId?: string;
  /** The view as Slack returns it (id, hash, root_view_id, state, …). */
  view: Json;
  /** Every version, oldest first. */
  history: Json[];
  openedWith: 'views.open' | 'views.push' | 'views.publish';
}

export interface FakeResponse {
  id: string;
  body: Json;
  at: number;
  status: number;
  /** Message the response URL belongs to (set when minted for a message). */
  channelId?: string;
  messageTs?: string;
}

export interface FakeUpload {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** What was sent to the upload URL (utf-8); undefined until then. */
  content?: string;
  title?: string;
  /** Set once files.completeUploadExternal shared it. */
  channel?: string;
  initialComment?: string;
  completed: boolean;
}

export interface FakeUserInput {
  id: string;
  name?: string;
  realName?: string;
  displayName?: string;
  email?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isPrimaryOwner?: boolean;
  isRestricted?: boolean;
  isUltraRestricted?: boolean;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface FakeChannelInput {
  id: string;
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  /** If given, chat.postEphemeral to a user outside it → `user_not_in_channel`. */
  members?: string[];
  /** Whether the bot was invited (default true). A private channel without the bot answers `channel_not_found`. */
  botMember?: boolean;
  /** Only admins may post (answers `restricted_action_read_only_channel`). */
  readOnly?: boolean;
}

/** What every Web API call answers while the bot token is broken (reference §13). */
export type TokenError = 'invalid_auth' | 'account_inactive' | 'token_revoked' | 'not_authed' | 'missing_scope';

export interface ResponseUrlOptions {
  id?: string;
  channelId?: string;
  messageTs?: string;
}

export interface TriggerOptions {
  userId?: string;
  /** The modal the click came from; views.push stacks onto it. */
  viewId?: string;
}

export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly botToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly calls: FakeCall[];
  readonly responses: FakeResponse[];
  readonly ephemerals: FakeEphemeral[];
  /** Current state of every message, in post order. */
  readonly messages: FakeMessage[];
  readonly views: FakeView[];
  /** Files uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
  readonly uploads: FakeUpload[];
  callsTo(method: string): FakeCall[];
  message(channel: string, ts: string): FakeMessage | undefined;
  /** Live (not deleted) messages in a channel; a user id means the bot's DM with that user. */
  messagesIn(channelOrUserId: string): FakeMessage[];
  view(idOrExternalId: string): FakeView | undefined;
  homeView(userId: string): FakeView | undefined;
  user(id: string): Json | undefined;
  channel(id: string): FakeChannelInput | undefined;
  dmChannelId(userId: string): string;
  responseUrl(idOrOptions?: string | ResponseUrlOptions): string;
  triggerId(options?: TriggerOptions): string;
  addUser(user: FakeUserInput): Json;
  addChannel(channel: FakeChannelInput): void;
  /** Changes a channel as a person would (archives it, removes the bot, makes it read-only). */
  updateChannel(id: string, patch: Partial<Omit<FakeChannelInput, 'id'>>): void;
  /** From now on every call with the bot token answers `error`, until restoreToken(). */
  breakToken(error: TokenError): void;
  restoreToken(): void;
  /** Socket Mode: apps.connections.open, the socket, envelopes and their acks. */
  readonly socket: FakeSocketMode;
  readonly appToken: string;
  /** Seed a message someone else posted (chat.update on it → `cant_update_message`). */
  addMessage(message: { channel: string; user: string; text?: string; blocks?: unknown[]; ts?: string }): FakeMessage;
  waitFor<T>(predicate: (fake: FakeSlack) => T, timeoutMs?: number): Promise<NonNullable<T>>;
  rateLimit(method: string, options?: { times?: number; retryAfterSec?: number }): void;
  /** Slack slow or away: calls of this method answer only after `ms` (0 puts it back to normal). */
  stall(method: string, ms: number): void;
  failNext(method: string, error: string, options?: { times?: number; extra?: Json }): void;
  /** Forget recorded traffic, views, triggers and injected faults; keep users and channels unless asked. */
  reset(options?: { directory?: boolean }): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Block Kit limits (reference §8). Each check pushes Slack-style "<problem> [json-pointer:<ptr>]".

const BLOCK_TYPES = new Set([
  'section', 'header', 'actions', 'context', 'divider', 'image', 'input', 'rich_text', 'markdown', 'video',
  'file', 'table', 'context_actions',
]);
const FREE_ELEMENTS = new Set([
  'external_select', 'multi_external_select', 'users_select', 'multi_users_select', 'conversations_select',
  'multi_conversations_select', 'channels_select', 'multi_channels_select', 'datepicker', 'timepicker',
  'datetimepicker', 'plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input',
  'file_input', 'image', 'workflow_button',
]);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (ptr: string) => ` [json-pointer:${ptr}]`;

function checkLen(v: unknown, max: number, ptr: string, errs: string[]): void {
  if (typeof v === 'string' && v.length > max) errs.push(`must be less than ${max + 1} characters${at(ptr)}`);
}

function checkItems(v: unknown, max: number, ptr: string, errs: string[]): v is unknown[] {
  if (v === undefined) return false;
  if (!Array.isArray(v)) return errs.push(`must be an array${at(ptr)}`), false;
  if (v.length > max) errs.push(`must be less than ${max + 1} items${at(ptr)}`);
  return true;
}

function checkText(v: unknown, max: number, ptr: string, errs: string[], plainOnly = false): void {
  if (!isObj(v)) return void errs.push(`must be an object${at(ptr)}`);
  const okTypes = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!okTypes.includes(v.type as string)) errs.push(`must be a valid enum value${at(`${ptr}/type`)}`);
  if (typeof v.text !== 'string') return void errs.push(`missing required field: text${at(ptr)}`);
  if (v.text.length === 0) errs.push(`must be more than 0 characters${at(`${ptr}/text`)}`);
  checkLen(v.text, max, `${ptr}/text`, errs);
}

function checkOptions(v: unknown, max: number, ptr: string, errs: string[], plainOnly: boolean): void {
  if (!checkItems(v, max, ptr, errs)) return;
  v.forEach((o, i) => {
    const p = `${ptr}/${i}`;
    if (!isObj(o)) return void errs.push(`must be an object${at(p)}`);
    checkText(o.text, 75, `${p}/text`, errs, plainOnly);
    checkLen(o.value, 75, `${p}/value`, errs);
    if (o.description !== undefined) checkText(o.description, 75, `${p}/description`, errs, plainOnly);
  });
}

function checkElement(el: unknown, ptr: string, errs: string[]): void {
  if (!isObj(el)) return void errs.push(`must be an object${at(ptr)}`);
  checkLen(el.action_id, 255, `${ptr}/action_id`, errs);
  if (el.placeholder !== undefined) checkText(el.placeholder, 150, `${ptr}/placeholder`, errs, true);
  const type = el.type as string;
  if (type === 'button') {
    checkText(el.text, 75, `${ptr}/text`, errs, true);
    checkLen(el.value, 2000, `${ptr}/value`, errs);
    checkLen(el.url, 3000, `${ptr}/url`, errs);
  } else if (type === 'static_select' || type === 'multi_static_select') {
    if (el.options === undefined && el.option_groups === undefined) errs.push(`missing required field: options${at(ptr)}`);
    checkOptions(el.options, 100, `${ptr}/options`, errs, true);
    if (checkItems(el.option_groups, 100, `${ptr}/option_groups`, errs)) {
      el.option_groups.forEach((g, i) => {
        if (isObj(g)) checkOptions(g.options, 100, `${ptr}/option_groups/${i}/options`, errs, true);
      });
    }
  } else if (type === 'radio_buttons' || type === 'checkboxes') {
    if (el.options === undefined) errs.push(`missing required field: options${at(ptr)}`);
    checkOptions(el.options, 10, `${ptr}/options`, errs, false);
  } else if (type === 'overflow') {
    checkOptions(el.options, 5, `${ptr}/options`, errs, true);
  } else if (!FREE_ELEMENTS.has(type)) {
    errs.push(`unsupported type: ${String(type)}${at(`${ptr}/type`)}`);
  }
}

function checkBlock(b: unknown, ptr: string, errs: string[], blockIds: Set<string>): void {
  if (!isObj(b)) return void errs.push(`must be an object${at(ptr)}`);
  if (typeof b.block_id === 'string') {
    checkLen(b.block_id, 255, `${ptr}/block_id`, errs);
    if (blockIds.has(b.block_id)) errs.push(`duplicate block_id: ${b.block_id}${at(`${ptr}/block_id`)}`);
    blockIds.add(b.block_id);
  }
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) errs.push(`missing required field: text${at(ptr)}`);
      if (b.text !== undefined) checkText(b.text, 3000, `${ptr}/text`, errs);
      if (checkItems(b.fields, 10, `${ptr}/fields`, errs)) {
        b.fields.forEach((f, i) => checkText(f, 2000, `${ptr}/fields/${i}`, errs));
      }
      if (b.accessory !== undefined) checkElement(b.accessory, `${ptr}/accessory`, errs);
      break;
    case 'header':
      checkText(b.text, 150, `${ptr}/text`, errs, true);
      break;
    case 'actions':
      if (b.elements === undefined) errs.push(`missing required field: elements${at(ptr)}`);
      if (checkItems(b.elements, 25, `${ptr}/elements`, errs)) {
        b.elements.forEach((e, i) => checkElement(e, `${ptr}/elements/${i}`, errs));
      }
      break;
    case 'context':
      if (checkItems(b.elements, 10, `${ptr}/elements`, errs)) {
        b.elements.forEach((e, i) => {
          const p = `${ptr}/elements/${i}`;
          if (isObj(e) && e.type === 'image') checkElement(e, p, errs);
          else checkText(e, 3000, p, errs);
        });
      }
      break;
    case 'input':
      checkText(b.label, 2000, `${ptr}/label`, errs, true);
      if (b.hint !== undefined) checkText(b.hint, 2000, `${ptr}/hint`, errs, true);
      if (b.element === undefined) errs.push(`missing required field: element${at(ptr)}`);
      else checkElement(b.element, `${ptr}/element`, errs);
      break;
    case 'image':
      checkLen(b.alt_text, 2000, `${ptr}/alt_text`, errs);
      break;
    case 'markdown':
      checkLen(b.text, 12000, `${ptr}/text`, errs);
      break;
    default:
      if (!BLOCK_TYPES.has(b.type as string)) errs.push(`unsupported type: ${String(b.type)}${at(`${ptr}/type`)}`);
  }
}

function checkBlocks(blocks: unknown, max: number, ptr: string, errs: string[]): void {
  if (!checkItems(blocks, max, ptr, errs)) return;
  const ids = new Set<string>();
  blocks.forEach((b, i) => checkBlock(b, `${ptr}/${i}`, errs, ids));
}

function checkView(view: unknown, allowed: Array<'modal' | 'home'>, errs: string[]): void {
  if (!isObj(view)) return void errs.push(`must be an object${at('/view')}`);
  if (!allowed.includes(view.type as 'modal')) errs.push(`must be a valid enum value${at('/view/type')}`);
  if (view.type === 'modal') {
    if (view.title === undefined) errs.push(`missing required field: title${at('/view')}`);
    else checkText(view.title, 24, '/view/title', errs, true);
    for (const k of ['submit', 'close'] as const) {
      if (view[k] !== undefined && view[k] !== null) checkText(view[k], 24, `/view/${k}`, errs, true);
    }
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && !view.submit) errs.push(`must define submit to use input block${at('/view')}`);
  }
  checkLen(view.callback_id, 255, '/view/callback_id', errs);
  checkLen(view.external_id, 255, '/view/external_id', errs);
  checkLen(view.private_metadata, 3000, '/view/private_metadata', errs);
  if (view.blocks === undefined) errs.push(`missing required field: blocks${at('/view')}`);
  checkBlocks(view.blocks, 100, '/view/blocks', errs);
}

// ---------------------------------------------------------------------------------------------------

class SlackError {
  constructor(readonly error: string, readonly extra: Json = {}, readonly status = 200, readonly headers: Record<string, string> = {}) {}
}

/** Calls per minute a method's tier allows (reference §5: Tier 2 = 20+, Tier 3 = 50+, Tier 4 = 100+). */
const TIERS: Record<string, number> = {
  'users.list': 20, 'chat.update': 50, 'conversations.open': 50, 'users.lookupByEmail': 50, 'chat.postEphemeral': 100, 'views.open': 100, 'views.update': 100, 'views.push': 100,
  'views.publish': 100, 'users.info': 100,
};

const limitError = (code: string, errs: string[]) =>
  new SlackError(code, {
    ...(code === 'invalid_blocks' ? { errors: errs } : {}),
    response_metadata: { messages: errs.map((e) => `[ERROR] ${e}`) },
  });

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'files'];
const TRIGGER_TTL_MS = 3000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

function decodeArgs(raw: Record<string, string>): Json {
  const args: Json = { ...raw };
  for (const k of JSON_FIELDS) {
    const v = raw[k];
    if (typeof v !== 'string') continue;
    try {
      args[k] = JSON.parse(v);
    } catch {
      // Slack answers invalid JSON in these fields with invalid_blocks/invalid_arguments; keep the string.
    }
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function tzOffsetSec(tz: string, now: number): number {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  } catch {
    return 0;
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = options.now ?? Date.now;
  const botToken = options.botToken ?? 'xoxb-test';
  const teamId = options.teamId ?? 'T0HUB';
  const teamDomain = options.teamDomain ?? 'hubkeeper';
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const appId = options.appId ?? 'A0HUB';
  const appToken = options.appToken ?? 'xapp-test';
  const scopes = new Set(options.scopes ?? ['commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read',
    'users:read.email', 'channels:read', 'groups:read', 'files:write']);
  let tokenError: TokenError | undefined;

  const calls: FakeCall[] = [];
  const responses: FakeResponse[] = [];
  const ephemerals: FakeEphemeral[] = [];
  const messages = new Map<string, FakeMessage>();
  const views = new Map<string, FakeView>();
  const stacks = new Map<string, string[]>(); // root view id → modal stack
  const users = new Map<string, Json>();
  const channels = new Map<string, FakeChannelInput>();
  const openedDms = new Set<string>();
  const triggers = new Map<string, { mintedAt: number; used: boolean } & TriggerOptions>();
  const responseUrls = new Map<string, { mintedAt: number; uses: number; channelId?: string; messageTs?: string }>();
  const rateLimits = new Map<string, { times: number; retryAfterSec: number }>();
  const stalls = new Map<string, number>();
  const failures = new Map<string, Array<{ error: string; extra: Json }>>();
  const lastPost = new Map<string, number>();
  const tierCalls = new Map<string, number[]>();
  const uploads = new Map<string, FakeUpload>();
  let lastTsMicros = 0;
  let seq = 0;

  const nextTs = (): string => {
    lastTsMicros = Math.max(now() * 1000, lastTsMicros + 100);
    const s = Math.floor(lastTsMicros / 1e6);
    return `${s}.${String(lastTsMicros % 1e6).padStart(6, '0')}`;
  };
  const nextId = (prefix: string) => `${prefix}${(++seq).toString(36).toUpperCase().padStart(8, '0')}`;
  const newHash = () => `${Math.floor(now() / 1000)}.${randomBytes(4).toString('hex')}`;
  const msgKey = (channel: string, ts: string) => `${channel}:${ts}`;
  const dmChannelId = (userId: string) => `D${userId.slice(1)}`;
  const isUserId = (id: string) => /^[UW][A-Z0-9]+$/.test(id);

  // Builtins mirror a real workspace: Slackbot is famously `is_bot: false`.
  const builtins = (): Json[] =>
    options.builtinUsers === false ? [] : [
      { id: 'USLACKBOT', team_id: teamId, name: 'slackbot', deleted: false, real_name: 'Slackbot', is_bot: false,
        is_admin: false, is_owner: false, is_app_user: false, profile: { real_name: 'Slackbot', display_name: 'Slackbot' } },
      { id: botUserId, team_id: teamId, name: 'hubkeeper', deleted: false, real_name: 'Hubkeeper', is_bot: true,
        is_admin: false, is_owner: false, is_app_user: false,
        profile: { real_name: 'Hubkeeper', display_name: '', bot_id: botId, api_app_id: appId } },
    ];
  const findUser = (id: string) => users.get(id) ?? builtins().find((u) => u.id === id);

  const resolveChannel = (raw: unknown): string => {
    if (typeof raw !== 'string' || raw === '') throw new SlackError('channel_not_found');
    if (isUserId(raw)) {
      if (!findUser(raw)) throw new SlackError('channel_not_found');
      return dmChannelId(raw);
    }
    const byName = [...channels.values()].find((c) => `#${c.name}` === raw || c.name === raw);
    if (byName) return byName.id;
    const ch = channels.get(raw);
    if (!ch && options.strictChannels && /^[CG]/.test(raw)) throw new SlackError('channel_not_found');
    if (ch) postable(ch);
    return raw;
  };

  // What chat.postMessage/update answer for a channel the bot cannot post to (reference §13).
  function postable(ch: FakeChannelInput): void {
    const inside = ch.botMember !== false;
    if (ch.isPrivate && !inside) throw new SlackError('channel_not_found');
    if (ch.isArchived) throw new SlackError('is_archived');
    if (!inside && !scopes.has('chat:write.public')) throw new SlackError('not_in_channel');
    if (ch.readOnly) throw new SlackError('restricted_action_read_only_channel');
  }

  const validateMessage = (args: Json, requireContent: boolean) => {
    const text = args.text;
    if (requireContent && (text === undefined || text === '') && args.blocks === undefined && args.attachments === undefined) {
      throw new SlackError('no_text');
    }
    if (typeof text === 'string' && text.length > 40000) throw new SlackError('msg_too_long');
    if (args.blocks !== undefined) {
      const errs: string[] = [];
      checkBlocks(args.blocks, 50, '/blocks', errs);
      if (errs.length) throw limitError('invalid_blocks', errs);
    }
  };

  const useTrigger = (id: unknown) => {
    const t = typeof id === 'string' ? triggers.get(id) : undefined;
    if (!t) throw new SlackError('invalid_trigger_id');
    if (t.used) throw new SlackError('exchanged_trigger_id');
    if (now() - t.mintedAt > TRIGGER_TTL_MS) throw new SlackError('expired_trigger_id');
    t.used = true;
    return t;
  };

  const validateView = (view: unknown, allowed: Array<'modal' | 'home'>) => {
    const errs: string[] = [];
    checkView(view, allowed, errs);
    if (errs.length) throw limitError('invalid_arguments', errs);
    if (JSON.stringify(view).length > 250_000) throw new SlackError('view_too_large');
    return view as Json;
  };

  const materialize = (v: Json, id: string, root: string, previous: string | null, userId?: string): Json => ({
    id, team_id: teamId, type: v.type, blocks: v.blocks, private_metadata: v.private_metadata ?? '',
    callback_id: v.callback_id ?? '', state: { values: {} }, hash: newHash(),
    title: v.title, clear_on_close: v.clear_on_close ?? false, notify_on_close: v.notify_on_close ?? false,
    close: v.close ?? null, submit: v.submit ?? null, previous_view_id: previous, root_view_id: root,
    app_id: appId, external_id: v.external_id ?? '', app_installed_team_id: teamId, bot_id: botId,
    ...(userId && v.type === 'home' ? { user_id: userId } : {}),
  });

  const findView = (args: Json): FakeView => {
    const byId = typeof args.view_id === 'string' && args.view_id !== '' ? views.get(args.view_id) : undefined;
    const byExt = typeof args.external_id === 'string' && args.external_id !== ''
      ? [...views.values()].find((v) => v.view.external_id === args.external_id) : undefined;
    if (!args.view_id && !args.external_id) {
      throw limitError('invalid_arguments', [`must provide view_id or external_id${at('')}`]);
    }
    const found = byId ?? byExt;
    if (!found) throw new SlackError('not_found');
    if (typeof args.hash === 'string' && args.hash !== '' && args.hash !== found.view.hash) throw new SlackError('hash_conflict');
    return found;
  };

  const addView = (fv: FakeView) => {
    const ext = fv.view.external_id;
    if (typeof ext === 'string' && ext !== '' && [...views.values()].some((v) => v.view.external_id === ext)) {
      throw new SlackError('duplicate_external_id');
    }
    views.set(fv.id, fv);
    return { view: fv.view };
  };

  const userPayload = (u: Json) => ({ ...u });

  const handlers: Record<string, (a: Json) => Json> = {
    'bots.info': (a) => {
      if (String(a.bot ?? '') !== botId) throw new SlackError('bot_not_found');
      return { bot: { id: botId, deleted: false, name: 'hubkeeper', app_id: appId, user_id: botUserId } };
    },

    'auth.test': () => ({ url: `https://${teamDomain}.slack.com/`, team: 'Hubkeeper', user: 'hubkeeper', team_id: teamId,
      user_id: botUserId, bot_id: botId, is_enterprise_install: false }),

    'chat.postMessage': (a) => {
      const channel = resolveChannel(a.channel);
      validateMessage(a, true);
      if (options.enforceChannelPace) {
        const last = lastPost.get(channel);
        if (last !== undefined && now() - last < 1000) {
          throw new SlackError('ratelimited', {}, 429, { 'retry-after': '1' });
        }
        lastPost.set(channel, now());
      }
      const ts = nextTs();
      const m: FakeMessage = {
        channel, ts, user: botUserId, botId, deleted: false, history: [],
        ...(typeof a.thread_ts === 'string' ? { threadTs: a.thread_ts } : {}),
        ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
      };
      applyVersion(m, a, 'chat.postMessage');
      messages.set(msgKey(channel, ts), m);
      return { channel, ts, message: messageJson(m) };
    },

    'chat.update': (a) => {
      const ch = channels.get(String(a.channel ?? ''));
      if (ch) postable(ch);
      const m = messages.get(msgKey(String(a.channel ?? ''), String(a.ts ?? '')));
      if (!m || m.deleted) throw new SlackError('message_not_found');
      if (m.user !== botUserId) throw new SlackError('cant_update_message');
      validateMessage(a, true);
      applyVersion(m, a, 'chat.update');
      return { channel: m.channel, ts: m.ts, text: m.text ?? '', message: messageJson(m) };
    },

    'chat.delete': (a) => {
      const m = messages.get(msgKey(String(a.channel ?? ''), String(a.ts ?? '')));
      if (!m || m.deleted) throw new SlackError('message_not_found');
      if (m.user !== botUserId) throw new SlackError('cant_delete_message');
      m.deleted = true;
      return { channel: m.channel, ts: m.ts };
    },

    'chat.postEphemeral': (a) => {
      const channel = resolveChannel(a.channel);
      const user = String(a.user ?? '');
      if (!user) throw new SlackError('user_not_found');
      const members = channels.get(channel)?.members;
      if (members && !members.includes(user)) throw new SlackError('user_not_in_channel');
      validateMessage(a, true);
      const messageTs = nextTs();
      ephemerals.push({ channel, user, messageTs, at: now(),
        ...(typeof a.text === 'string' ? { text: a.text } : {}),
        ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}) });
      return { message_ts: messageTs };
    },

    'views.open': (a) => {
      const t = useTrigger(a.trigger_id);
      const v = validateView(a.view, ['modal']);
      const id = nextId('V');
      stacks.set(id, [id]);
      const view = materialize(v, id, id, null);
      return addView({ id, kind: 'modal', view, history: [view], openedWith: 'views.open',
        ...(t.userId ? { userId: t.userId } : {}) });
    },

    'views.push': (a) => {
      const t = useTrigger(a.trigger_id);
      const v = validateView(a.view, ['modal']);
      const from = t.viewId ? views.get(t.viewId) : [...views.values()].reverse()
        .find((x) => x.kind === 'modal' && (!t.userId || x.userId === t.userId));
      const root = String(from?.view.root_view_id ?? '');
      const stack = stacks.get(root);
      if (!stack) throw new SlackError('not_found');
      if (stack.length >= 3) throw new SlackError('push_limit_reached');
      const id = nextId('V');
      const view = materialize(v, id, root, stack[stack.length - 1] ?? null);
      const res = addView({ id, kind: 'modal', view, history: [view], openedWith: 'views.push',
        ...(from?.userId ? { userId: from.userId } : {}) });
      stack.push(id);
      return res;
    },

    'views.update': (a) => {
      const found = findView(a);
      const v = validateView(a.view, [found.kind]);
      const view = materialize(v, found.id, String(found.view.root_view_id), found.view.previous_view_id as string | null, found.userId);
      if (!v.external_id && found.view.external_id) view.external_id = found.view.external_id;
      found.view = view;
      found.history.push(view);
      return { view };
    },

    'views.publish': (a) => {
      const userId = String(a.user_id ?? '');
      if (!userId) throw limitError('invalid_arguments', [`missing required field: user_id${at('')}`]);
      if (isUserId(userId) && !findUser(userId)) throw new SlackError('user_not_found');
      const v = validateView(a.view, ['home']);
      const existing = [...views.values()].find((x) => x.kind === 'home' && x.userId === userId);
      if (existing && typeof a.hash === 'string' && a.hash !== '' && a.hash !== existing.view.hash) {
        throw new SlackError('hash_conflict');
      }
      const id = existing?.id ?? nextId('V');
      const view = materialize(v, id, id, null, userId);
      if (existing) {
        existing.view = view;
        existing.history.push(view);
        return { view };
      }
      return addView({ id, kind: 'home', userId, view, history: [view], openedWith: 'views.publish' });
    },

    'users.info': (a) => {
      const u = findUser(String(a.user ?? ''));
      if (!u) throw new SlackError('user_not_found');
      return { user: userPayload(u) };
    },

    // Slack docs: "If the user has been deactivated, users_not_found will be returned".
    'users.lookupByEmail': (a) => {
      const email = String(a.email ?? '').toLowerCase();
      const u = [...users.values()].find((x) => !x.deleted && String((x.profile as Json).email ?? '').toLowerCase() === email);
      if (!email || !u) throw new SlackError('users_not_found');
      return { user: userPayload(u) };
    },

    'users.list': (a) => {
      const all = [...builtins(), ...users.values()];
      let start = 0;
      if (typeof a.cursor === 'string' && a.cursor !== '') {
        const id = Buffer.from(a.cursor, 'base64').toString('utf8').replace(/^user:/, '');
        start = all.findIndex((u) => u.id === id);
        if (start < 0) throw new SlackError('invalid_cursor');
      }
      const limit = Number(a.limit ?? 0) > 0 ? Number(a.limit) : all.length;
      const page = all.slice(start, start + limit);
      const next = all[start + limit];
      return { members: page.map(userPayload), cache_ts: Math.floor(now() / 1000),
        response_metadata: { next_cursor: next ? Buffer.from(`user:${String(next.id)}`).toString('base64') : '' } };
    },

    'conversations.open': (a) => {
      if (typeof a.channel === 'string' && a.channel !== '') return { channel: { id: a.channel }, no_op: true, already_open: true };
      const ids = String(a.users ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw new SlackError('users_list_not_supplied');
      if (ids.length > 8) throw new SlackError('too_many_users');
      for (const id of ids) if (!findUser(id)) throw new SlackError('user_not_found');
      const id = ids.length === 1 ? dmChannelId(ids[0]!) : `G${ids.map((x) => x.slice(1)).sort().join('').slice(0, 10)}`;
      const already = openedDms.has(id);
      openedDms.add(id);
      return { channel: { id }, ...(already ? { no_op: true, already_open: true } : {}) };
    },

    // Slack's upload flow (files.upload is retired): ask for a URL, send the bytes there, then complete.
    'files.getUploadURLExternal': (a) => {
      const filename = String(a.filename ?? '');
      const length = Number(a.length);
      if (!filename || !Number.isInteger(length) || length <= 0) {
        throw limitError('invalid_arguments', [`filename and a positive integer length are required${at('')}`]);
      }
      const id = nextId('F');
      uploads.set(id, { id, filename, length, completed: false });
      return { upload_url: `${base}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (a) => {
      const files = a.files;
      if (!Array.isArray(files) || files.length === 0) throw limitError('invalid_arguments', [`missing required field: files${at('')}`]);
      const channel = typeof a.channel_id === 'string' && a.channel_id !== '' ? resolveChannel(a.channel_id) : undefined;
      const done = files.map((f) => {
        const u = isObj(f) ? uploads.get(String(f.id ?? '')) : undefined;
        if (!u) throw new SlackError('file_not_found');
        if (u.content === undefined) throw new SlackError('file_upload_not_found');
        if (Buffer.byteLength(u.content) !== u.length) throw new SlackError('file_size_mismatch');
        return { u, title: isObj(f) && typeof f.title === 'string' ? f.title : u.filename };
      });
      for (const { u, title } of done) {
        Object.assign(u, { completed: true, title, ...(channel ? { channel } : {}),
          ...(typeof a.initial_comment === 'string' ? { initialComment: a.initial_comment } : {}) });
      }
      return { files: done.map(({ u, title }) => ({ id: u.id, title, name: u.filename })) };
    },

    'conversations.members': (a) => {
      const id = String(a.channel ?? '');
      const c = channels.get(id);
      if (!c) throw new SlackError('channel_not_found');
      const all = c.members ?? [...users.values()].filter((u) => !u.deleted).map((u) => String(u.id));
      const start = typeof a.cursor === 'string' && a.cursor !== '' ? Number(Buffer.from(a.cursor, 'base64').toString('utf8')) : 0;
      const limit = Number(a.limit ?? 0) > 0 ? Number(a.limit) : 100;
      const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : '';
      return { members: all.slice(start, start + limit), response_metadata: { next_cursor: next } };
    },

    'conversations.info': (a) => {
      const id = String(a.channel ?? '');
      const c = channels.get(id);
      // A bot sees a private channel only once it is in it.
      if (c && !(c.isPrivate && c.botMember === false)) {
        return { channel: { id: c.id, name: c.name, is_channel: !c.isPrivate, is_group: false, is_im: false,
          is_private: !!c.isPrivate, is_archived: !!c.isArchived, is_member: c.botMember !== false,
          ...(c.readOnly ? { is_read_only: true } : {}) } };
      }
      const dmUser = [...users.keys()].find((u) => dmChannelId(u) === id);
      if (dmUser) return { channel: { id, is_im: true, user: dmUser, is_open: openedDms.has(id) } };
      throw new SlackError('channel_not_found');
    },
  };

  function messageJson(m: FakeMessage): Json {
    return { type: 'message', user: m.user, bot_id: m.botId, app_id: appId, team: teamId, ts: m.ts,
      text: m.text ?? '', ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}) };
  }

  function applyVersion(m: FakeMessage, a: Json, via: MessageVersion['via']): void {
    // chat.update keeps fields it wasn't given (Slack: omit `blocks` to keep them, `[]` to clear them).
    if (typeof a.text === 'string') m.text = a.text;
    if (Array.isArray(a.blocks)) m.blocks = a.blocks;
    if (Array.isArray(a.attachments)) m.attachments = a.attachments;
    m.history.push({ at: now(), via, ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.attachments ? { attachments: m.attachments } : {}) });
  }

  function handleApi(method: string, headers: IncomingMessage['headers'], args: Json): { status: number; body: Json; headers: Record<string, string> } {
    const auth = headers.authorization;
    const token = typeof auth === 'string' ? auth.replace(/^Bearer\s+/i, '') : typeof args.token === 'string' ? args.token : '';
    delete args.token;
    try {
      if (!token) throw new SlackError('not_authed');
      if (token !== botToken) throw new SlackError('invalid_auth');
      if (tokenError) throw new SlackError(tokenError, tokenError === 'missing_scope' ? { needed: 'chat:write', provided: '' } : {});
      const limited = rateLimits.get(method);
      if (limited && limited.times > 0) {
        limited.times--;
        throw new SlackError('ratelimited', {}, 429, { 'retry-after': String(limited.retryAfterSec) });
      }
      if (options.enforceMethodTiers && TIERS[method]) {
        const recent = (tierCalls.get(method) ?? []).filter((t) => now() - t < 60_000);
        if (recent.length >= TIERS[method]!) {
          throw new SlackError('ratelimited', {}, 429, { 'retry-after': String(Math.max(1, Math.ceil((recent[0]! + 60_000 - now()) / 1000))) });
        }
        tierCalls.set(method, [...recent, now()]);
      }
      const failure = failures.get(method)?.shift();
      if (failure) throw new SlackError(failure.error, failure.extra);
      const handler = handlers[method];
      if (!handler) throw new SlackError('unknown_method');
      return { status: 200, body: { ok: true, ...handler(args) }, headers: {} };
    } catch (e) {
      if (!(e instanceof SlackError)) throw e;
      return { status: e.status, body: { ok: false, error: e.error, ...e.extra }, headers: e.headers };
    }
  }

  function handleRespond(id: string, body: Json): { status: number; text: string } {
    const r = responseUrls.get(id);
    if (!r) return { status: 404, text: 'invalid_url' };
    if (now() - r.mintedAt > RESPONSE_URL_TTL_MS) return { status: 404, text: 'expired_url' };
    if (r.uses >= RESPONSE_URL_USES) return { status: 404, text: 'used_url' };
    r.uses++;
    responses.push({ id, body, at: now(), status: 200,
      ...(r.channelId ? { channelId: r.channelId } : {}), ...(r.messageTs ? { messageTs: r.messageTs } : {}) });
    const m = r.channelId && r.messageTs ? messages.get(msgKey(r.channelId, r.messageTs)) : undefined;
    if (m && body.delete_original === true) m.deleted = true;
    else if (m && body.replace_original === true) applyVersion(m, body, 'response_url');
    return { status: 200, text: 'ok' };
  }

  const server = createServer((req, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const ctype = String(req.headers['content-type'] ?? '');
      let fields: Record<string, string> = Object.fromEntries(url.searchParams);
      let json: Json | undefined;
      if (ctype.startsWith('application/json') && raw) {
        try {
          json = JSON.parse(raw) as Json;
        } catch {
          json = {};
        }
      } else if (raw) {
        fields = { ...fields, ...Object.fromEntries(new URLSearchParams(raw)) };
      }

      const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
      if (api?.[1] === 'apps.connections.open') {
        const auth = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const out = auth === appToken ? socket.open() : { status: 200, body: { ok: false, error: auth ? 'invalid_auth' : 'not_authed' } };
        calls.push({ method: api[1], args: {}, at: now(), status: out.status, response: out.body });
        res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(JSON.stringify(out.body));
      }
      if (api) {
        const method = api[1]!;
        const args = json ? { ...json } : decodeArgs(fields);
        const stall = stalls.get(method);
        if (stall) await new Promise((resolve) => setTimeout(resolve, stall));
        const out = handleApi(method, req.headers, args);
        calls.push({ method, args, at: now(), status: out.status, response: out.body });
        res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...out.headers });
        return void res.end(JSON.stringify(out.body));
      }
      const upload = /^\/upload\/(\w+)$/.exec(url.pathname);
      if (upload && req.method === 'POST') {
        const u = uploads.get(upload[1]!);
        if (!u || u.completed) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return void res.end('not_found');
        }
        u.content = raw;
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(`OK - ${Buffer.byteLength(raw)}`);
      }
      const respond = /^\/respond\/([\w.-]+)$/.exec(url.pathname);
      if (respond && req.method === 'POST') {
        const body = json ?? (typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Json) : {});
        const out = handleRespond(respond[1]!, body);
        res.writeHead(out.status, { 'content-type': 'text/html' });
        return void res.end(out.text);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not_found');
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  const socket = createFakeSocketMode(() => base, now);
  server.on('upgrade', (req, sock) => socket.upgrade(req, sock));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url: base,
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    teamId,
    botUserId,
    socket: socket.api,
    calls,
    responses,
    ephemerals,
    get messages() {
      return [...messages.values()];
    },
    get views() {
      return [...views.values()];
    },
    get uploads() {
      return [...uploads.values()];
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    message: (channel, ts) => messages.get(msgKey(channel, ts)),
    messagesIn: (c) => {
      const id = isUserId(c) ? dmChannelId(c) : c;
      return [...messages.values()].filter((m) => m.channel === id && !m.deleted);
    },
    view: (id) => views.get(id) ?? [...views.values()].find((v) => id !== '' && v.view.external_id === id),
    homeView: (userId) => [...views.values()].find((v) => v.kind === 'home' && v.userId === userId),
    user: (id) => findUser(id),
    channel: (id) => channels.get(id),
    dmChannelId,

    responseUrl(idOrOptions) {
      const o = typeof idOrOptions === 'string' ? { id: idOrOptions } : (idOrOptions ?? {});
      const id = o.id ?? `${teamId}/${++seq}/${randomBytes(12).toString('hex')}`.replaceAll('/', '-');
      responseUrls.set(id, { mintedAt: now(), uses: 0,
        ...(o.channelId ? { channelId: o.channelId } : {}), ...(o.messageTs ? { messageTs: o.messageTs } : {}) });
      return `${base}/respond/${id}`;
    },

    triggerId(o = {}) {
      const id = `${++seq}${Math.floor(now() / 1000) % 1e6}.${teamId.replace(/\D/g, '') || '1'}${seq}.${randomBytes(16).toString('hex')}`;
      triggers.set(id, { mintedAt: now(), used: false, ...o });
      return id;
    },

    addUser(u) {
      const name = u.name ?? (u.email ? u.email.split('@')[0]! : u.id.toLowerCase());
      const realName = u.realName ?? name;
      const tz = u.tz ?? 'Europe/London';
      const json: Json = {
        id: u.id, team_id: teamId, name, deleted: u.deleted ?? false, color: '9f69e7', real_name: realName,
        tz, tz_label: tz, tz_offset: tzOffsetSec(tz, now()),
        profile: { real_name: realName, real_name_normalized: realName, display_name: u.displayName ?? '',
          display_name_normalized: u.displayName ?? '', ...(u.email ? { email: u.email } : {}), team: teamId },
        is_admin: u.isAdmin ?? false, is_owner: u.isOwner ?? false, is_primary_owner: u.isPrimaryOwner ?? false,
        is_restricted: u.isRestricted ?? false, is_ultra_restricted: u.isUltraRestricted ?? false,
        is_bot: u.isBot ?? false, is_app_user: false, updated: Math.floor(now() / 1000), is_email_confirmed: !!u.email,
      };
      users.set(u.id, json);
      return json;
    },

    addChannel(c) {
      channels.set(c.id, { ...c });
    },

    updateChannel(id, patch) {
      const c = channels.get(id);
      if (!c) throw new Error(`fake-slack: no channel ${id}`);
      Object.assign(c, patch);
    },

    breakToken(error) {
      tokenError = error;
    },

    restoreToken() {
      tokenError = undefined;
    },

    addMessage(seed) {
      const ts = seed.ts ?? nextTs();
      const m: FakeMessage = { channel: seed.channel, ts, user: seed.user, deleted: false, history: [] };
      applyVersion(m, seed as unknown as Json, 'seed');
      messages.set(msgKey(seed.channel, ts), m);
      return m;
    },

    async waitFor(predicate, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = predicate(fake);
        if (v) return v as NonNullable<typeof v>;
        if (Date.now() > deadline) {
          const recent = calls.slice(-5).map((c) => `${c.method}→${String(c.response.error ?? 'ok')}`).join(', ');
          throw new Error(`fake-slack waitFor timed out after ${timeoutMs} ms (last calls: ${recent || 'none'})`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },

    stall(method, ms) {
      if (ms > 0) stalls.set(method, ms);
      else stalls.delete(method);
    },

    rateLimit(method, o = {}) {
      rateLimits.set(method, { times: o.times ?? 1, retryAfterSec: o.retryAfterSec ?? 1 });
    },

    failNext(method, error, o = {}) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < (o.times ?? 1); i++) queue.push({ error, extra: o.extra ?? {} });
      failures.set(method, queue);
    },

    reset(o = {}) {
      calls.length = 0;
      responses.length = 0;
      ephemerals.length = 0;
      for (const m of [messages, views, stacks, triggers, responseUrls, rateLimits, failures, lastPost, uploads]) m.clear();
      openedDms.clear();
      tokenError = undefined;
      if (o.directory) {
        users.clear();
        channels.clear();
      }
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        socket.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
