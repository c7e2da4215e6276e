import type { AppContext } from '../../../../context.js';
import type { Reply } from '../../../reply.js';

export type SubcommandInput = {
  ctx: AppContext;
  userId: string;
  channelId: string;
  triggerId: string;
  args: string[];
  /** Set when the person typed a subcommand that does not exist. */
  unknown?: string;
};

export type Subcommand = (input: SubcommandInput) => Promise<Reply | undefined>;
