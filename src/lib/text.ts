/** Whether a value has the shape of a UUID (our row ids); anything else from a button or payload is refused early. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Whether a value is a Slack user id (U… or W…), as opposed to a channel id or a name like "schedule". */
export function isSlackUserId(value: string): boolean {
  return SLACK_USER.test(value);
}

const SLACK_USER = /^[UW][A-Z0-9]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
