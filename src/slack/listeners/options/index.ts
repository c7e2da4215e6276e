import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Actions } from '../../ids.js';
import { directorySearchOptions } from './directory-search.js';
import { groupSearchOptions } from './group-search.js';

export function register(app: App, ctx: AppContext): void {
  app.options(Actions.directorySearch, directorySearchOptions(ctx));
  app.options(Actions.groupSearch, groupSearchOptions(ctx));
}
