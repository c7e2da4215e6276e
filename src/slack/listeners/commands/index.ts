import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Commands } from '../../ids.js';
import { hubCommand } from './hub.js';

export function register(app: App, ctx: AppContext): void {
  app.command(Commands.hub, hubCommand(ctx));
}
