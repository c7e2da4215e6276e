import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Actions } from '../../ids.js';
import { syncHubButton } from './sync-hub.js';

export function register(app: App, ctx: AppContext): void {
  app.action(Actions.syncHub, syncHubButton(ctx));
}
