import type { tasks } from '../../../db/schema.js';

/** A row of the automation log: one automated task (a check, a removal, invitations, a role change). */
export type Task = typeof tasks.$inferSelect;
