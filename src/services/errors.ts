/**
 * Failures a person can act on. Listeners turn them into words for the one who asked (ephemeral or inline in a
 * modal); anything else is logged and answered with a generic apology, never a stack trace.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  constructor(
    message: string,
    /** The modal block the message belongs to, when it came from a form field. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const GENERIC_FAILURE = 'Something went wrong on our side and nothing was changed. Please try again in a minute.';
