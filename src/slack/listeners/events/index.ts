import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { appHomeOpened } from './app-home-opened.js';

export function register(app: App, ctx: AppContext): void {
  app.event('app_home_opened', appHomeOpened(ctx));
}
