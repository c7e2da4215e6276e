/** Every action_id, callback_id and block_id Hubkeeper uses, so builders and listeners can't drift apart. */
export const Commands = { hub: '/hub' } as const;

export const Views = {
  connectHub: 'connect_hub',
} as const;

export const Actions = {
  syncHub: 'sync_hub',
  connectHubOpen: 'connect_hub_open',
} as const;

/** block_id / action_id pairs of the connect modal's inputs. */
export const ConnectFields = {
  label: { block: 'label', action: 'label_input' },
  accessToken: { block: 'access_token', action: 'access_token_input' },
  businessId: { block: 'business_id', action: 'business_id_input' },
  appId: { block: 'app_id', action: 'app_id_input' },
  loginMethod: { block: 'login_method', action: 'login_method_input' },
  channel: { block: 'channel', action: 'channel_input' },
} as const;
