import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Views } from '../../ids.js';
import { connectHubSubmission } from './connect-hub.js';

export function register(app: App, ctx: AppContext): void {
  app.view(Views.connectHub, connectHubSubmission(ctx));
}
