import { describe, expect, it } from 'vitest';
import { parseConnectSubmission } from '../../../src/slack/forms/connect-hub.js';
import type { ViewStateValues } from '../../../src/slack/forms/view-state.js';

function values(overrides: Partial<Record<string, unknown>> = {}): ViewStateValues {
  const v = {
    label: 'Acme Ads',
    token: 'EAAB' + 'x'.repeat(60),
    business: '1111111111',
    app: '2222222222',
    login: 'password' as string | null,
    channel: 'C0HUB' as string | null,
    ...overrides,
  };
  return {
    label: { label_input: { value: v.label as string } },
    access_token: { access_token_input: { value: v.token as string } },
    business_id: { business_id_input: { value: v.business as string } },
    app_id: { app_id_input: { value: v.app as string } },
    login_method: { login_method_input: { selected_option: v.login ? { value: v.login as string } : null } },
    channel: { channel_input: { selected_conversation: v.channel as string | null } },
  };
}

describe('parseConnectSubmission', () => {
  it('accepts a good form and trims values', () => {
    const result = parseConnectSubmission(values({ label: '  Acme Ads ', business: ' 1111111111 ' }));
    expect(result).toEqual({
      ok: true,
      input: { label: 'Acme Ads', accessToken: 'EAAB' + 'x'.repeat(60), businessId: '1111111111', appId: '2222222222', loginMethod: 'password', channelId: 'C0HUB' },
    });
  });

  it('returns one inline error per bad field, keyed by block id', () => {
    const result = parseConnectSubmission(values({ token: 'EAAB x', business: 'act_12', login: null, channel: 'D123' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['access_token', 'business_id', 'channel', 'login_method']);
    expect(result.errors.access_token).toMatch(/spaces/);
    expect(result.errors.business_id).toMatch(/5 to 20 digits/);
    expect(result.errors.channel).toMatch(/not a direct message/);
  });

  it('rejects a label with mrkdwn control characters', () => {
    const result = parseConnectSubmission(values({ label: '<!channel>' }));
    expect(result.ok === false && result.errors.label).toBeTruthy();
  });
});
