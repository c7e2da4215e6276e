import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as options from './options/index.js';
import * as views from './views/index.js';

export function registerListeners(app: App, ctx: AppContext): void {
  commands.register(app, ctx);
  actions.register(app, ctx);
  views.register(app, ctx);
  options.register(app, ctx);
  events.register(app, ctx);
}
