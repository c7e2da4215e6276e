import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Actions } from '../../ids.js';
import { optionsInTime } from '../../in-time.js';
import { directorySearchOptions } from './directory-search.js';
import { groupSearchOptions } from './group-search.js';

export function register(app: App, ctx: AppContext): void {
  app.options(Actions.directorySearch, optionsInTime(ctx, directorySearchOptions(ctx)));
  app.options(Actions.groupSearch, optionsInTime(ctx, groupSearchOptions(ctx)));
}
