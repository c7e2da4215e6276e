import { URN } from './schema/urns.js';

/** RFC 7644 §3.12 scimType values. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** An error the IdP should see as is: its `detail` is shown to the IdP admin, so it says what to fix. */
export class ScimError extends Error {
  override name = 'ScimError';

  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toBody() {
    return {
      schemas: [URN.error],
      // A JSON string, as RFC 7644 requires (Okta's SPEC test checks `status == "401"`).
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);
export const notFound = (detail: string) => new ScimError(404, detail);
export const methodNotAllowed = (allowed: string[]) =>
  new ScimError(405, `Use ${allowed.join(', ')} here`, undefined, { allow: allowed.join(', ') });
