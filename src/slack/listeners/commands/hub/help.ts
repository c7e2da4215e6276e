import { helpBlocks } from '../../../blocks/help.js';
import type { Subcommand } from './types.js';

/** `/hub help`, and the answer to any subcommand we don't know. */
export const helpSubcommand: Subcommand = async ({ unknown }) => helpBlocks(unknown);
