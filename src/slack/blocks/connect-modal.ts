import { ConnectFields as F, Views } from '../ids.js';
import { plain } from './text.js';

const input = (field: { block: string; action: string }, label: string, element: Record<string, unknown>, hint?: string) => ({
  type: 'input',
  block_id: field.block,
  label: plain(label),
  element: { action_id: field.action, ...element },
  ...(hint ? { hint: plain(hint) } : {}),
});

/** The connect modal; its values are read back by the connect_hub view listener. */
export function connectHubModal({ channelId }: { channelId?: string }) {
  return {
    type: 'modal' as const,
    callback_id: Views.connectHub,
    title: plain('Connect a business hub'),
    submit: plain('Connect'),
    close: plain('Cancel'),
    blocks: [
      input(F.label, 'Label', { type: 'plain_text_input', max_length: 40, placeholder: plain('Acme Ads') }, 'How people will name this hub in commands.'),
      input(
        F.accessToken,
        'System-user access token',
        { type: 'plain_text_input', placeholder: plain('EAAB…') },
        'From Business Settings → System users → Generate token, with business_management. Stored encrypted; never shown again.',
      ),
      input(F.businessId, 'Business ID', { type: 'plain_text_input', placeholder: plain('1234567890') }, 'Business Settings → Business info.'),
      input(F.appId, 'App ID', { type: 'plain_text_input', placeholder: plain('1234567890') }, 'The Meta app the token belongs to.'),
      {
        ...input(F.appSecret, 'App secret (optional)', { type: 'plain_text_input', max_length: 64 },
          'Only if the app requires an app secret proof (App Dashboard → Settings → Basic). Stored encrypted; never shown again.'),
        optional: true,
      },
      input(F.loginMethod, 'Login method', {
        type: 'radio_buttons',
        options: [
          { text: plain('Single sign-on (SSO)'), value: 'sso', description: plain('Members log in with their work account; the IdP manages access.') },
          { text: plain('Username and password'), value: 'password', description: plain('Hubkeeper carries directory changes to Meta.') },
        ],
      }),
      input(F.channel, 'Notification channel', {
        type: 'conversations_select',
        ...(channelId && /^[CG]/.test(channelId) ? { initial_conversation: channelId } : {}),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      }, 'Progress and results of automated tasks go here. Invite @Hubkeeper if it is private.'),
    ],
  };
}
